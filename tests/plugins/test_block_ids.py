"""Golden tests for render/plugins/block_ids.py: a trailing `^block-id` is an anchor, not text."""

from __future__ import annotations

import pytest
from helpers import assert_renders, render_md
from html_equal import normalize

# Hand-reviewed against Obsidian's reading view; rendered without Obsidian's line-break option
# (`strict_line_breaks`), as they were reviewed.
CASES = [
    ("end of paragraph", "Para text ^abc-1", "<p>Para text</p>"),
    ("end of first line", "Line one ^id1\nline two", "<p>Line one\nline two</p>"),
    ("alone on last line", "Para\n^quote-id", "<p>Para</p>"),
    ("alone as paragraph", "^alone\n\nnext", "<p>next</p>"),
    ("list item", "- item ^li1\n- b", "<ul>\n<li>item</li>\n<li>b</li>\n</ul>"),
    ("heading", "# Title ^h1", "<h1>Title</h1>"),
    ("no space before caret is kept", "x^2 no space", "<p>x^2 no space</p>"),
    ("mid-line caret is kept", "a ^b c", "<p>a ^b c</p>"),
    ("inline code untouched", "`code ^x`", "<p><code>code ^x</code></p>"),
    # With math on, a `$$` line is a block interrupting the paragraph (CommonMark 0.31.2, 4.5,
    # as a fence); the old golden ran block ids alone and kept `$$` as paragraph text.
    (
        "display math after a paragraph line untouched",
        "a\n$$\nx ^2\n$$",
        '<p>a</p>\n<div class="arithmatex">\\[\nx ^2\n\\]</div>',
    ),
    (
        "display math in a paragraph untouched",
        "a $$\nx ^2\n$$ b",
        '<p>a <span class="arithmatex">\\[\nx ^2\n\\]</span> b</p>',
    ),
    (
        "quote",
        "> quoted ^q1",
        "<blockquote>\n<p>quoted</p>\n</blockquote>",
    ),
]

# Shapes real vaults have, with Obsidian's line breaks on.
VAULT_CASES = [
    ("Cyrillic paragraph", "Замыкание — это функция ^def-1", "<p>Замыкание — это функция</p>"),
    ("tab before the id", "Para\t^tabbed", "<p>Para</p>"),
    (
        "id on its own line under a list",
        "- a\n- b\n\n^list-id",
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>",
    ),
    (
        "nested item by a tab",
        "- a\n\t- b ^child",
        "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>",
    ),
    (
        "in a callout",
        "> [!note] Title\n> body ^c1",
        '<div class="callout callout-note">\n<div class="callout-title">Title</div>\n'
        "<p>body</p>\n</div>",
    ),
    ("a footnote-like caret stays", "see [^1]", "<p>see [^1]</p>"),
    (
        "id on its own line after a table",
        "| a |\n|---|\n| b |\n\n^tbl",
        '<div class="table-wrap">\n<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n'
        "<tbody>\n<tr>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n</div>",
    ),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html, strict_line_breaks=True)


@pytest.mark.parametrize(("name", "src", "html"), VAULT_CASES, ids=[c[0] for c in VAULT_CASES])
def test_vault_shapes(name: str, src: str, html: str) -> None:
    assert_renders(src, html)


def test_indented_code_untouched() -> None:
    got = render_md("    code ^abc")
    assert normalize(got) == normalize("<pre><code>code ^abc\n</code></pre>"), got


def test_fenced_code_untouched() -> None:
    out = render_md("```\nx = a ^b\n^c\n```")
    assert "^b" in out and "^c" in out
