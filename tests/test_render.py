"""Golden Markdown → HTML cases for what reaches a card (issue: end-to-end export, item 5)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import PNG, kinds, make_vault, media_name, render_in

SRC = Path(__file__).resolve().parent.parent / "src"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(
        tmp_path / "v",
        {
            "note.md": "",
            "img/Pasted image 1.png": PNG,
            "deep/dir/photo.png": PNG,
            "a/same.png": PNG,
            "b/same.png": PNG,
            "sound/hello.mp3": b"ID3",
        },
    )


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("*em* and **strong**", "<p><em>em</em> and <strong>strong</strong></p>"),
        ("Use `x = 1` here", "<p>Use <code>x = 1</code> here</p>"),
        ("> quoted\n> text", "<blockquote>\n<p>quoted<br>\ntext</p>\n</blockquote>"),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("1. a\n2. b", "<ol>\n<li>a</li>\n<li>b</li>\n</ol>"),
        (
            "| a | b |\n|---|---|\n| 1 | 2 |",
            '<div class="table-wrap">\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n'
            "</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n</div>",
        ),
        ("See [[Other note|the alias]].", '<p>See <span class="wikilink">the alias</span>.</p>'),
        ("See [[Other note]].", '<p>See <span class="wikilink">Other note</span>.</p>'),
        ("See [[dir/Other#Part]].", '<p>See <span class="wikilink">Other › Part</span>.</p>'),
        (
            "Text #tag\n\n#only #tags\n\nThe #HTTP protocol",
            "<p>Text #tag</p>\n<p>The #HTTP protocol</p>",
        ),
        (
            "git remote rm <origin_name> <b>x</b>",
            "<p>git remote rm &lt;origin_name&gt; <b>x</b></p>",
        ),
        ("Text:\n1. a\n2. b", "<p>Text:</p>\n<ol>\n<li>a</li>\n<li>b</li>\n</ol>"),
        ("tags: #js #task #\n\nText", "<p>Text</p>"),  # a stray `#` still a tag line
        (
            "`[[not a link]]` and `#nottag`",
            "<p><code>[[not a link]]</code> and <code>#nottag</code></p>",
        ),
    ],
)
def test_golden(vault: Path, markdown: str, html: str) -> None:
    assert render_in(vault, markdown)[0] == html


def test_fenced_code_is_highlighted_with_classes(vault: Path) -> None:
    html, _ = render_in(vault, "```js\nconst x = 1; // [[no]] #no\n```")
    assert html.startswith('<div class="highlight"><pre>')
    assert '<span class="kd">const</span>' in html
    assert "[[no]] #no" in html  # code is untouched by Obsidian syntax
    assert "style=" not in html  # colours come from the note type CSS (light and night)


def test_wikilink_image_by_unique_name_with_width(vault: Path) -> None:
    html, ctx = render_in(vault, "![[Pasted image 1.png|600]]")
    name = media_name("img/Pasted image 1.png")
    assert html == f'<p><img alt="" src="{name}" width="600"></p>'
    assert set(ctx.media_found) == {name}


def test_wikilink_image_by_path_and_size(vault: Path) -> None:
    html, _ = render_in(vault, "![[deep/dir/photo.png|300x200]]")
    assert f'src="{media_name("deep/dir/photo.png")}"' in html
    assert 'width="300"' in html and 'height="200"' in html


def test_markdown_image_relative_and_percent_encoded(vault: Path) -> None:
    html, _ = render_in(vault, "![shot](../img/Pasted%20image%201.png)", rel="deep/note.md")
    assert f'src="{media_name("img/Pasted image 1.png")}"' in html
    html, _ = render_in(vault, "![p](dir/photo.png)", rel="deep/note.md")
    assert f'src="{media_name("deep/dir/photo.png")}"' in html


def test_media_names_come_from_the_bytes_not_the_path(vault: Path) -> None:
    """Two `same.png` with the same bytes are one media file; new bytes in one make it two."""
    _, ctx_a = render_in(vault, "![[same.png]]", rel="a/note.md")
    _, ctx_b = render_in(vault, "![[same.png]]", rel="b/note.md")
    assert set(ctx_a.media_found) == set(ctx_b.media_found) == {media_name("same.png")}
    (vault / "b" / "same.png").write_bytes(PNG + b"other")
    _, ctx_b = render_in(vault, "![[same.png]]", rel="b/note.md")
    assert set(ctx_b.media_found) == {media_name("same.png", PNG + b"other")}
    assert set(ctx_a.media_found) != set(ctx_b.media_found)
    # The same name on every export: a pure function of the bytes and the file name, not of
    # the process (another hash seed would change anything built on Python's hash()).
    code = (
        "from vault2anki.cards.identity import file_digest; from pathlib import Path; "
        "from vault2anki.vault.media import package_name; "
        f"print(package_name('a/same.png', file_digest(Path({str(vault / 'a/same.png')!r}))))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(SRC)}
    other = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert set(ctx_a.media_found) == {other.stdout.strip()}


def test_video_link_becomes_a_link_not_an_image(vault: Path) -> None:
    html, _ = render_in(vault, "![What is X?](https://youtu.be/abc?t=1)")
    assert html == '<p><a href="https://youtu.be/abc?t=1">What is X?</a></p>'
    html, _ = render_in(vault, "![logo](https://example.com/logo.png)")
    assert html == '<p><img alt="logo" src="https://example.com/logo.png"></p>'


def test_sound_embed(vault: Path) -> None:
    html, _ = render_in(vault, "![[hello.mp3]]")
    assert f"[sound:{media_name('sound/hello.mp3', b'ID3')}]" in html


def test_missing_image_is_a_warning_with_its_line(vault: Path) -> None:
    html, ctx = render_in(vault, "line one\n\n![[nope.png]]")
    assert kinds(ctx.problems) == ["missing-media"]
    assert ctx.problems[0].line == 3
    assert "nope.png" in html and "<img" not in html


@pytest.mark.parametrize(
    "target",
    [
        "../../etc/passwd.png",
        "/etc/hosts",
        "file:///etc/hosts",
        "C:/Windows/win.ini",
    ],
)
def test_nothing_outside_the_vault_is_packaged(vault: Path, target: str) -> None:
    html, ctx = render_in(vault, f"![x]({target})")
    assert ctx.media_found == {}
    assert kinds(ctx.problems) == ["embed-outside-vault"]
    assert "<img" not in html


@pytest.mark.parametrize(
    "text",
    [
        "What is a closure?",
        "Что такое замыкание?",
        "Why (and when) use it: a/b; c-d, e+f.",
        'What\'s "this"?',
        "x2 vs y3",
        "Ends with colon:",
    ],
)
def test_plain_questions_take_the_short_path_with_the_same_html(vault: Path, text: str) -> None:
    from vault2anki.render.renderer import PLAIN_LINE_RE, Renderer

    assert PLAIN_LINE_RE.fullmatch(text)
    renderer = Renderer()
    assert renderer.render(text) == renderer.convert(text)


@pytest.mark.parametrize(
    "text",
    [
        "1. numbered",
        "- item",
        "a *b*",
        "a & b",
        "a <b>",
        "#tag",
        "[[x]]",
        "two\nlines",
        "x_y_",
        "a _b_",
        "  indented",
        "trailing  ",
        "$x$",
        "==m==",
        "~~s~~",
        "a  \\",
        "http://x.y",  # a link (plugins/autolinks.py)
        "Visit www.example.com",
    ],
)
def test_anything_else_takes_the_full_path(text: str) -> None:
    from vault2anki.render.renderer import PLAIN_LINE_RE

    assert not PLAIN_LINE_RE.fullmatch(text)
