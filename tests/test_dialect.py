"""Golden cases for Obsidian's Markdown dialect (issue 9): input Markdown → the HTML a card
shows, through the whole renderer. Each expected HTML was reviewed by hand against Obsidian's
reading view with default settings (GUIDE.md §3a); none is a snapshot of current output."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import cli_argv, make_vault
from html_equal import same_html

from vault2anki.cli import main
from vault2anki.options import RenderOptions
from vault2anki.render.renderer import Renderer

HL = '<div class="highlight"><pre><span></span><code>'
LINE_BREAKS = [
    ("paragraph", "one\ntwo", "<p>one<br>\ntwo</p>"),
    ("quote", "> one\n> two", "<blockquote>\n<p>one<br>\ntwo</p>\n</blockquote>"),
    ("lazy quote line", "> quoted\nlazy", "<blockquote>\n<p>quoted<br>\nlazy</p>\n</blockquote>"),
    ("ordered number not at 1 stays text", "In\n2024. was", "<p>In<br>\n2024. was</p>"),
    ("tag-only line between", "Text\n#tag #other\nmore", "<p>Text<br>\nmore</p>"),
]
INTERRUPTIONS = [
    (
        "fence, then text",
        "Text\n```\nx\n```\nafter",
        f"<p>Text</p>\n{HL}x\n</code></pre></div>\n<p>after</p>",
    ),
    ("tilde fence", "Text\n~~~\nx\n~~~", f"<p>Text</p>\n{HL}x\n</code></pre></div>"),
    ("bullet list", "Text:\n- a\n- b", "<p>Text:</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    ("ordered list at 1", "Text:\n1. a\n2. b", "<p>Text:</p>\n<ol>\n<li>a</li>\n<li>b</li>\n</ol>"),
    ("quote", "Text\n> quote", "<p>Text</p>\n<blockquote>\n<p>quote</p>\n</blockquote>"),
    (
        "callout",
        "Text\n> [!tip] T\n> body",
        '<p>Text</p>\n<div class="callout callout-tip">\n<div class="callout-title">T</div>\n'
        "<p>body</p>\n</div>",
    ),
    ("heading", "Text\n## H", "<p>Text</p>\n<h2>H</h2>"),
    (
        "math block, then text",
        "Text\n$$\nx^2\n$$\nmore",
        '<p>Text</p>\n<div class="arithmatex">\\[\nx^2\n\\]</div>\n<p>more</p>',
    ),
    (
        "table",
        "Text\n| a | b |\n|---|---|\n| c | d |",
        '<p>Text</p>\n<div class="table-wrap">\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n'
        "</tr>\n</thead>\n<tbody>\n<tr>\n<td>c</td>\n<td>d</td>\n</tr>\n</tbody>\n</table>\n</div>",
    ),
    (
        "a list ends a quote",
        "> quoted\n- item",
        "<blockquote>\n<p>quoted</p>\n</blockquote>\n<ul>\n<li>item</li>\n</ul>",
    ),
    ("indented heading", "  ## H", "<h2>H</h2>"),
    (
        "display math opened mid-line stays inline",
        "**$$\na\n$$**",
        '<p><strong><span class="arithmatex">\\[\na\n\\]</span></strong></p>',
    ),
]
LISTS = [
    (
        "nested by two spaces",
        "- a\n  - b\n    - c\n- d",
        "<ul>\n<li>a<ul>\n<li>b<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n<li>d</li>\n</ul>",
    ),
    (
        "nested by tabs",
        "- a\n\t- b\n\t\t- c",
        "<ul>\n<li>a<ul>\n<li>b<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>",
    ),
    (
        "nested by three spaces under an ordered item",
        "1. a\n   - b\n2. c",
        "<ol>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ol>",
    ),
    ("nested by four spaces", "- a\n    - b", "<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>"),
    (
        "ordered list right after a bullet list",
        "- a\n- b\n1. c\n2. d",
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol>\n<li>c</li>\n<li>d</li>\n</ol>",
    ),
    (
        "list indented 1-3 spaces after a paragraph",
        "Text\n  - a\n  - b",
        "<p>Text</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>",
    ),
    (
        "fence inside a list item keeps its own indentation",
        "- a\n- item\n  ```\n  if x:\n      y\n  ```\n- next",
        f"<ul>\n<li>a</li>\n<li>item{HL}if x:\n    y\n</code></pre></div>\n</li>\n"
        "<li>next</li>\n</ul>",
    ),
    (
        "fence under the text of a loose list item",
        "1. a\n\n2. T\n   ```\n   x\n   ```\n\n3. c",
        f"<ol>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>T</p>\n{HL}x\n</code></pre></div>\n</li>\n"
        "<li>\n<p>c</p>\n</li>\n</ol>",
    ),
    (
        "list nested under an item's second paragraph",
        "1. A\n\n   more:\n   - x\n2. B",
        "<ol>\n<li>\n<p>A</p>\n<p>more:</p>\n<ul>\n<li>x</li>\n</ul>\n</li>\n"
        "<li>\n<p>B</p>\n</li>\n</ol>",
    ),
    (
        "a fence info string is cut to its language",
        "```tsx app/index.ts\n# not a heading\n```",
        f"{HL}# not a heading\n</code></pre></div>",
    ),
    (
        "a fence right after a closing fence",
        "```\na\n```\n```\nb\n```",
        f"{HL}a\n</code></pre></div>\n{HL}b\n</code></pre></div>",
    ),
    (
        "ordered list with `1)` markers",
        "Causes:\n1) a\n2) b",
        "<p>Causes:</p>\n<ol>\n<li>a</li>\n<li>b</li>\n</ol>",
    ),
    (
        "an empty item does not make the item above a heading (CommonMark: an empty item)",
        "- a\n-\n- b",
        "<ul>\n<li>a</li>\n<li></li>\n<li>b</li>\n</ul>",
    ),
    (
        # Obsidian's own (GUIDE.md §3a; the seed vault writes it): not CommonMark's paragraph
        # continuation.
        "a list indented by a tab right under a paragraph line",
        "Questions:\n\t1. a\n\t2. b",
        "<p>Questions:</p>\n<ol>\n<li>a</li>\n<li>b</li>\n</ol>",
    ),
    (
        "an unclosed fence runs to the end of the note",
        "text\n```\n# code",
        f"<p>text</p>\n{HL}# code\n</code></pre></div>",
    ),
    (
        "nested list inside a callout",
        "> [!note]\n> - a\n>   - b",
        '<div class="callout callout-note">\n<div class="callout-title">Note</div>\n'
        "<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n</div>",
    ),
    (
        "fence inside a callout",
        "> [!note]\n> ```\n> #include <stdio.h>\n> ```",
        '<div class="callout callout-note">\n<div class="callout-title">Note</div>\n'
        f"{HL}#include &lt;stdio.h&gt;\n</code></pre></div>\n</div>",
    ),
]
TAGS_MATH_HTML = [
    ("tags stay as written", "methods #get or #post.", "<p>methods #get or #post.</p>"),
    (
        "no tag from links",
        "[[#Heading|x]] and [y](#anchor)",
        '<p><span class="wikilink">x</span> and <a href="#anchor">y</a></p>',
    ),
    (
        "math touching a word",
        "Accepts$_{TM}$ and $x$",
        '<p>Accepts<span class="arithmatex">\\(_{TM}\\)</span> and '
        '<span class="arithmatex">\\(x\\)</span></p>',
    ),
    (
        "no math in a link URL",
        "[a](https://x.com/$a$b) and $x$",
        '<p><a href="https://x.com/$a$b">a</a> and <span class="arithmatex">\\(x\\)</span></p>',
    ),
    (
        "no math in an HTML attribute",
        '<span title="$a$">t</span>',
        '<p><span title="$a$">t</span></p>',
    ),
    ("prices are not math", "costs $5 and $10", "<p>costs $5 and $10</p>"),
    (
        "raw HTML block passes",
        '<div class="x">\n<b>bold</b>\n</div>',
        '<div class="x">\n<b>bold</b>\n</div>',
    ),
    ("inline HTML passes", "a <kbd>Ctrl</kbd> b", "<p>a <kbd>Ctrl</kbd> b</p>"),
    ("a tag-like word is text", "a <a_b> and <my-el>", "<p>a &lt;a_b&gt; and &lt;my-el&gt;</p>"),
]
CASES = LINE_BREAKS + INTERRUPTIONS + LISTS + TAGS_MATH_HTML


@pytest.mark.parametrize(("name", "source", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, source: str, html: str) -> None:
    got = Renderer().render(source)
    assert same_html(got, html), f"\n{got!r}\n≠ {html!r}"


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("one\ntwo", "<p>one\ntwo</p>"),
        ("> one\n> two", "<blockquote>\n<p>one\ntwo</p>\n</blockquote>"),
    ],
)
def test_strict_line_breaks_keep_a_newline_a_space(source: str, html: str) -> None:
    got = Renderer(RenderOptions(strict_line_breaks=True)).render(source)
    assert same_html(got, html), f"\n{got!r}\n≠ {html!r}"


def _answer_html(apkg: Path) -> str:
    with zipfile.ZipFile(apkg) as z, tempfile.TemporaryDirectory() as tmp:
        name = next(n for n in ("collection.anki21", "collection.anki2") if n in z.namelist())
        db = Path(tmp) / "c.db"
        db.write_bytes(z.read(name))
        with closing(sqlite3.connect(db)) as con:
            (fields,) = con.execute("select flds from notes").fetchone()
    return str(fields).split("\x1f")[1]


def _export(tmp_path: Path, files: dict[str, str | bytes], *args: str) -> str:
    vault = make_vault(tmp_path / "v", files)
    out = tmp_path / "out.apkg"
    result = CliRunner().invoke(main, ["export", str(vault), "-o", str(out), "--no-lock", *args])
    assert result.exit_code == 0, result.output
    return _answer_html(out)


NOTE = "# Q?\n## Answer\none\ntwo\n"


def test_line_breaks_by_default(tmp_path: Path) -> None:
    assert _export(tmp_path, {"q.md": NOTE}) == "<p>one<br>\ntwo</p>"


def test_strict_line_breaks_on_the_command_line(tmp_path: Path) -> None:
    assert _export(tmp_path, {"q.md": NOTE}, "--strict-line-breaks") == "<p>one\ntwo</p>"


def test_strict_line_breaks_in_the_toml(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"q.md": NOTE, "vault2anki.toml": "strict-line-breaks = true\n"}
    assert _export(tmp_path, files) == "<p>one\ntwo</p>"


def test_genanki_html_warning_becomes_a_warning_naming_the_note(tmp_path: Path) -> None:
    """With --trusted-html raw HTML is kept as written; a tag genanki does not know is reported
    at `path:line`, never as genanki's bare UserWarning (a real process: warnings print there)."""
    vault = make_vault(
        tmp_path / "v", {"q.md": "# Q?\n## Answer\n<div>\n<my_tag>x</my_tag>\n</div>\n"}
    )
    child = subprocess.run(
        cli_argv(
            "export",
            str(vault),
            "-o",
            str(tmp_path / "o.apkg"),
            "--no-lock",
            "--no-cache",
            "--trusted-html",
        ),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
    )
    assert child.returncode == 0, child.stderr
    assert "UserWarning" not in child.stderr
    assert "q.md:2: warning: raw HTML tags Anki's editor does not know" in child.stderr
    assert "<my_tag>" in child.stderr
