"""Golden tests for render/plugins/wikilinks.py: link text, aliases, `\\|` and links in tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import PNG, assert_renders, make_vault, media_name, render_in

from vault2anki.render.plugins.wikilinks import escape_table_pipes


@pytest.mark.parametrize(
    ("inner", "text"),
    [
        ("Note", "Note"),
        ("Note|alias", "alias"),
        ("dir/Note#Heading", "Note › Heading"),
        ("Note#^block", "Note › block"),
        ("#Local", "Local"),
        ("Note| ", "Note"),
    ],
)
def test_link_text(inner: str, text: str) -> None:
    assert_renders(f"[[{inner}]]", f'<p><span class="wikilink">{text}</span></p>')


@pytest.mark.parametrize(
    ("line", "escaped"),
    [
        ("| [[A|b]] | x |", "| [[A\\|b]] | x |"),
        ("| ![[i.png|50]] |", "| ![[i.png\\|50]] |"),
        ("| [[A\\|b]] |", "| [[A\\|b]] |"),  # already escaped: unchanged
        ("| `[[A|b]]` | [[C|d]] |", "| `[[A|b]]` | [[C\\|d]] |"),  # code spans stay as written
        ("| [[A]] |", "| [[A]] |"),
    ],
)
def test_escape_table_pipes(line: str, escaped: str) -> None:
    assert escape_table_pipes(line) == escaped


TABLE = (
    '<div class="table-wrap">\n<table>\n<thead>\n<tr>\n<th>h</th>\n<th>i</th>\n</tr>\n</thead>\n'
    "<tbody>\n<tr>\n{}\n</tr>\n</tbody>\n</table>\n</div>"
)


# Every table is in its scroll box now (plugins/tables.py, run with the whole engine).
@pytest.mark.parametrize(
    ("row", "cells"),
    [
        # Obsidian's documented form inside tables…
        (
            "| [[Note\\|alias]] | x |",
            '<td><span class="wikilink">alias</span></td>\n<td>x</td>',
        ),
        # …and the bare form, which must not split the link across cells.
        ("| [[Note|alias]] | x |", '<td><span class="wikilink">alias</span></td>\n<td>x</td>'),
        (
            "| [[A]] | [[B#C|d]] |",
            '<td><span class="wikilink">A</span></td>\n<td><span class="wikilink">d</span></td>',
        ),
        # GFM splits a row at every unescaped `|` before code spans are read (GFM spec 0.29,
        # 4.10, example 200); Python-Markdown's tables kept `|` inside backticks in the cell.
        ("| `[[A|b]]` | y |", "<td>`[[A</td>\n<td>b]]`</td>"),
        ("| `[[A\\|b]]` | y |", "<td><code>[[A|b]]</code></td>\n<td>y</td>"),
    ],
)
def test_links_in_tables(row: str, cells: str) -> None:
    assert_renders(f"| h | i |\n|---|---|\n{row}", TABLE.format(cells))


def test_escaped_pipe_outside_tables_is_an_alias_too() -> None:
    assert_renders("[[Note\\|alias]]", '<p><span class="wikilink">alias</span></p>')


def test_code_keeps_its_pipes() -> None:
    assert_renders("`[[a|b]]`", "<p><code>[[a|b]]</code></p>")
    # A ``` line opens a fenced code block (CommonMark 0.31.2, 4.5); the old golden ran without
    # Python-Markdown's fenced_code and read it as a code span in a paragraph.
    assert_renders(
        "```\n| [[a|b]] |\n```",
        '<div class="highlight"><pre><span></span><code>| [[a|b]] |\n</code></pre></div>',
    )


# Shapes real vaults have.
VAULT_CASES = [
    (
        "Cyrillic note, heading and alias",
        "[[Заметка#Раздел|алиас]] и [[Заметка#Раздел]]",
        '<p><span class="wikilink">алиас</span> и '
        '<span class="wikilink">Заметка › Раздел</span></p>',
    ),
    (
        "in emphasis",
        "**[[Note]]** and *[[A|b]]*",
        '<p><strong><span class="wikilink">Note</span></strong> and '
        '<em><span class="wikilink">b</span></em></p>',
    ),
    ("unclosed stays text", "[[a]]b [[broken", '<p><span class="wikilink">a</span>b [[broken</p>'),
    (
        "list nested by a tab",
        "- [[A]]\n\t- [[B|b]]",
        '<ul>\n<li><span class="wikilink">A</span>\n<ul>\n<li><span class="wikilink">b</span></li>'
        "\n</ul>\n</li>\n</ul>",
    ),
    (
        "a link (not an embed) to a pasted image",
        "[[Pasted image 20240101120000.png]]",
        '<p><span class="wikilink">Pasted image 20240101120000.png</span></p>',
    ),
    (
        "a name with spaces and digits",
        "[[Meeting 2024-01-01]]",
        '<p><span class="wikilink">Meeting 2024-01-01</span></p>',
    ),
    (
        "text is escaped",
        "[[a <b> & c]]",
        '<p><span class="wikilink">a &lt;b&gt; &amp; c</span></p>',
    ),
]


@pytest.mark.parametrize(("name", "src", "html"), VAULT_CASES, ids=[c[0] for c in VAULT_CASES])
def test_vault_shapes(name: str, src: str, html: str) -> None:
    assert_renders(src, html)


def test_sized_image_in_a_table_full_pipeline(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "v", {"note.md": "", "a.png": PNG})
    for row in ("| ![[a.png\\|120x80]] | x |", "| ![[a.png|120x80]] | x |"):
        html, ctx = render_in(root, f"| h | i |\n|---|---|\n{row}")
        name = media_name("a.png")
        img = f'<img alt="" height="80" src="{name}" width="120">'
        assert html == TABLE.format(f"<td>{img}</td>\n<td>x</td>"), row
        assert ctx.problems == []
