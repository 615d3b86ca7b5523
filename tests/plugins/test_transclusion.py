"""Golden tests for note embeds (render/plugins/transclusion.py finds the part, embeds.py
inlines it): `![[Note]]`, `![[Note#Heading]]`, `![[Note#^block-id]]`."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import PNG, kinds, make_vault, media_name, render_in
from html_equal import same_html

from vault2anki.render.plugins.transclusion import find_section, split_target
from vault2anki.render.renderer import MAX_EMBED_DEPTH

BODY = """\
# Title

Intro ^intro

## Part one
Text *one*
```sh
## not a heading ^nope
```

- item a ^item
    - child
- item b

| a | b |
|---|---|
| 1 | 2 |

^table

### Deeper
deep

## Part two
two"""


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Note", ("Note", "")),
        ("Note#Heading", ("Note", "Heading")),
        ("dir/Note#H1#H2", ("dir/Note", "H2")),
        ("#^abc", ("", "^abc")),
        (" Note # Part ", ("Note", "Part")),
    ],
)
def test_split_target(target: str, expected: tuple[str, str]) -> None:
    assert split_target(target) == expected


@pytest.mark.parametrize(
    ("anchor", "first_line", "text"),
    [
        ("", 0, BODY),
        ("Part two", 23, "## Part two\ntwo"),
        ("part TWO", 23, "## Part two\ntwo"),  # Obsidian matches headings case-insensitively
        ("Deeper", 20, "### Deeper\ndeep"),
        ("^intro", 2, "Intro ^intro"),
        ("^item", 10, "- item a ^item\n    - child"),
        ("^TABLE", 14, "| a | b |\n|---|---|\n| 1 | 2 |"),
    ],
)
def test_find_section(anchor: str, first_line: int, text: str) -> None:
    assert find_section(BODY, anchor) == (first_line, text)


def test_heading_section_runs_to_the_next_heading_of_its_level() -> None:
    found = find_section(BODY, "Part one")
    assert found is not None
    first, text = found
    assert first == 4 and text.startswith("## Part one\nText *one*")
    assert "### Deeper\ndeep" in text and "Part two" not in text


@pytest.mark.parametrize("anchor", ["Missing", "not a heading", "^nope", "^missing"])
def test_headings_and_ids_in_code_or_absent_are_not_found(anchor: str) -> None:
    assert find_section(BODY, anchor) is None


def test_heading_with_markup_matches_its_plain_text() -> None:
    assert find_section("## The **`map`** method: [[x]]\nbody", "The map method x") == (
        0,
        "## The **`map`** method: [[x]]\nbody",
    )


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(
        tmp_path / "v",
        {
            "note.md": "",
            "Other.md": "---\ntags: [x]\nid: 7\n---\n# Other\n\nIntro of other.\n\n"
            "## Part\nPart *text* ^blk\n\n## Rest\nrest",
            "pics/Pics.md": "Picture: ![[shot.png]] and ![md](img/a%20b.png)",
            "pics/shot.png": PNG,
            "shot.png": PNG + b"near",  # same name nearer to note.md: must NOT be the one chosen
            "pics/img/a b.png": PNG,
            "A.md": "A says\n\n![[B]]",
            "B.md": "B says\n\n![[A]]",
            "Self.md": "me\n\n![[Self]]",
            **{f"chain/N{i}.md": f"level {i}\n\n![[N{i + 1}]]" for i in range(10)},
            "Конспекты/Замыкания.md": "# Замыкания\n\n## Определение\nФункция с окружением.\n\n"
            "## Пример\n```js\nconst f = () => x;\n```\n\n- шаг один ^step\n\t- вложенный\n"
            "- шаг два\n\n> [!tip] Совет\n> - запомнить\n> - повторить\n\n^tip",
            "attachments/Pasted image 20240101120000.png": PNG,
            "Shots.md": "![[Pasted image 20240101120000.png|300]]",
        },
    )


def test_whole_note_is_inlined_without_frontmatter(vault: Path) -> None:
    html, ctx = render_in(vault, "![[Other]]")
    assert same_html(
        html,
        '<div class="transclusion">\n<h1>Other</h1>\n<p>Intro of other.</p>\n<h2>Part</h2>\n'
        "<p>Part <em>text</em></p>\n<h2>Rest</h2>\n<p>rest</p>\n</div>",
    )
    assert ctx.problems == []
    assert set(ctx.notes_found) == {"Other.md"}


def test_heading_section(vault: Path) -> None:
    html, _ = render_in(vault, "![[Other#Part]]")
    assert same_html(
        html, '<div class="transclusion">\n<h2>Part</h2>\n<p>Part <em>text</em></p>\n</div>'
    )


def test_block_reference(vault: Path) -> None:
    html, _ = render_in(vault, "![[Other#^blk]]")
    assert same_html(html, '<div class="transclusion">\n<p>Part <em>text</em></p>\n</div>')


def test_embed_on_its_own_line_leaves_the_paragraph(vault: Path) -> None:
    html, _ = render_in(vault, "before\n![[Other#^blk]]\nafter")
    assert same_html(
        html,
        '<p>before</p>\n<div class="transclusion">\n<p>Part <em>text</em></p>\n</div>\n'
        "<p>after</p>",
    )


def test_embed_inside_a_callout(vault: Path) -> None:
    html, _ = render_in(vault, "> [!note] See\n> ![[Other#^blk]]")
    assert same_html(
        html,
        '<div class="callout callout-note">\n<div class="callout-title">See</div>\n'
        '<div class="transclusion">\n<p>Part <em>text</em></p>\n</div>\n</div>',
    )


def test_embed_inside_fenced_code_stays_code(vault: Path) -> None:
    html, ctx = render_in(vault, "```\n![[Other]]\n```")
    assert "![[Other]]" in html and "transclusion" not in html
    assert ctx.notes_found == {}


def test_media_in_the_embedded_note_resolve_from_that_note(vault: Path) -> None:
    html, ctx = render_in(vault, "![[Pics]]")
    near_embedded = media_name("pics/shot.png")
    assert f'<img alt="" src="{near_embedded}">' in html
    assert f'src="{media_name("pics/img/a b.png")}"' in html
    assert set(ctx.media_found) == {near_embedded, media_name("pics/img/a b.png")}
    assert ctx.problems == []


def test_a_note_embedding_itself_warns_and_shows_the_link(vault: Path) -> None:
    html, ctx = render_in(vault, "me\n\n![[Self]]", rel="Self.md")
    assert same_html(html, '<p>me</p>\n<p><span class="embed">Self</span></p>')
    assert kinds(ctx.problems) == ["embed-cycle"]
    assert (ctx.problems[0].path, ctx.problems[0].line) == ("Self.md", 3)


def test_a_loop_between_two_notes_is_cut_where_it_closes(vault: Path) -> None:
    html, ctx = render_in(vault, "![[A]]")
    assert same_html(
        html,
        '<div class="transclusion">\n<p>A says</p>\n<div class="transclusion">\n'
        '<p>B says</p>\n<p><span class="embed">A</span></p>\n</div>\n</div>',
    )
    assert kinds(ctx.problems) == ["embed-cycle"]
    problem = ctx.problems[0]
    assert (problem.path, problem.line) == ("B.md", 3)  # path:line of the embed closing it
    assert "A.md → B.md" in problem.message


def test_depth_is_limited(vault: Path) -> None:
    html, ctx = render_in(vault, "![[N0]]")
    assert html.count('<div class="transclusion">') == MAX_EMBED_DEPTH
    assert f"level {MAX_EMBED_DEPTH - 1}" in html and f"level {MAX_EMBED_DEPTH}" not in html
    assert f'<span class="embed">N{MAX_EMBED_DEPTH}</span>' in html
    assert kinds(ctx.problems) == ["embed-too-deep"]
    assert ctx.problems[0].path == f"chain/N{MAX_EMBED_DEPTH - 1}.md"


def test_same_note_section_embed_is_not_a_cycle(vault: Path) -> None:
    html, ctx = render_in(vault, "top\n\n![[#Part]]\n\n## Part\npart body", rel="note.md")
    assert '<div class="transclusion">\n<h2>Part</h2>\n<p>part body</p>\n</div>' in html
    assert ctx.problems == []


@pytest.mark.parametrize(
    ("markdown", "kind", "shown"),
    [
        ("![[Nowhere]]", "missing-note", '<span class="embed">Nowhere</span>'),
        ("![[Other#Nope]]", "missing-section", '<span class="embed">Other › Nope</span>'),
        ("![[Other#^nope|alias]]", "missing-section", '<span class="embed">alias</span>'),
    ],
)
def test_missing_targets_warn_and_show_text(
    vault: Path, markdown: str, kind: str, shown: str
) -> None:
    html, ctx = render_in(vault, f"x\n\n{markdown}")
    assert same_html(html, f"<p>x</p>\n<p>{shown}</p>")
    assert kinds(ctx.problems) == [kind]
    assert ctx.problems[0].line == 3


def test_card_mod_follows_the_embedded_note(vault: Path) -> None:
    import os

    from vault2anki.model import CardSource
    from vault2anki.render.renderer import Renderer, render_card
    from vault2anki.report import Report
    from vault2anki.vault.notes import read_note
    from vault2anki.vault.walk import walk_vault

    os.utime(vault / "note.md", (1_000, 1_000))
    os.utime(vault / "Other.md", (5_000, 5_000))
    (vault / "note.md").write_text("## Answer\n![[Other#Part]]", encoding="utf-8")
    os.utime(vault / "note.md", (1_000, 1_000))
    tree = walk_vault(vault)
    note = read_note(vault / "note.md", "note.md", Report())
    assert note is not None
    source = CardSource(note, "0", "Q", "![[Other#Part]]", 1, 2, ())
    report = Report()
    card = render_card(Renderer(), tree, source, report)
    assert card is not None and report.problems == []
    assert card.mod == 5_000


# Shapes real vaults have: Cyrillic note and heading names, code, tab-nested items, callouts.
def test_cyrillic_heading_section_with_code(vault: Path) -> None:
    html, ctx = render_in(vault, "![[Замыкания#Определение]]")
    assert same_html(
        html,
        '<div class="transclusion">\n<h2>Определение</h2>\n<p>Функция с окружением.</p>\n</div>',
    )
    assert ctx.problems == [] and set(ctx.notes_found) == {"Конспекты/Замыкания.md"}
    html, _ = render_in(vault, "![[Замыкания#пример]]")
    assert html.startswith('<div class="transclusion">\n<h2>Пример</h2>')
    assert '<div class="highlight">' in html and "шаг один" in html


def test_block_reference_to_an_item_with_a_tab_nested_child(vault: Path) -> None:
    html, _ = render_in(vault, "![[Замыкания#^step]]")
    assert same_html(
        html,
        '<div class="transclusion">\n<ul>\n<li>шаг один\n<ul>\n<li>вложенный</li>\n</ul>\n'
        "</li>\n</ul>\n</div>",
    )


def test_block_reference_to_a_callout_with_a_list(vault: Path) -> None:
    html, _ = render_in(vault, "Смотри:\n![[Замыкания#^tip|совет]]")
    assert same_html(
        html,
        '<p>Смотри:</p>\n<div class="transclusion">\n<div class="callout callout-tip">\n'
        '<div class="callout-title">Совет</div>\n<ul>\n<li>запомнить</li>\n<li>повторить</li>\n'
        "</ul>\n</div>\n</div>",
    )


def test_embed_in_a_list_item(vault: Path) -> None:
    html, _ = render_in(vault, "- see\n\n\t![[Other#^blk]]")
    assert same_html(
        html,
        '<ul>\n<li>\n<p>see</p>\n<div class="transclusion">\n<p>Part <em>text</em></p>\n</div>\n'
        "</li>\n</ul>",
    )


def test_pasted_image_in_an_embedded_note(vault: Path) -> None:
    html, ctx = render_in(vault, "![[Shots]]")
    name = media_name("attachments/Pasted image 20240101120000.png")
    assert same_html(
        html, f'<div class="transclusion">\n<p><img alt="" src="{name}" width="300"></p>\n</div>'
    )
    assert set(ctx.media_found) == {name}
