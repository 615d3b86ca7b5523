"""Golden tests for render/plugins/callouts.py: `> [!type][+-] Title` blocks."""

from __future__ import annotations

import pytest
from helpers import assert_renders, render_md
from html_equal import normalize

# Hand-reviewed against Obsidian's reading view; rendered without Obsidian's line-break option
# (`strict_line_breaks`), as they were reviewed.
CASES = [
    (
        "default title",
        "> [!note]\n> body *x*",
        '<div class="callout callout-note">\n<div class="callout-title">Note</div>\n'
        "<p>body <em>x</em></p>\n</div>",
    ),
    (
        "case-insensitive type, custom title with markdown",
        "> [!WARNING] Be **careful**\n> text",
        '<div class="callout callout-warning">\n'
        '<div class="callout-title">Be <strong>careful</strong></div>\n<p>text</p>\n</div>',
    ),
    (
        "foldable open",
        "> [!TIP]+ Title\n> - a\n> - b\n>\n> para",
        # Spelling only: a boolean attribute, `open="open"` before (same_html tells them apart).
        '<details class="callout callout-tip" open>\n'
        '<summary class="callout-title">Title</summary>\n'
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>para</p>\n</details>",
    ),
    (
        "foldable closed",
        "> [!faq]- Q?\n> A",
        '<details class="callout callout-faq">\n<summary class="callout-title">Q?</summary>\n'
        "<p>A</p>\n</details>",
    ),
    (
        "nested callout",
        "> [!warning]\n> > [!info] inner\n> > deep\n>\n> out",
        '<div class="callout callout-warning">\n<div class="callout-title">Warning</div>\n'
        '<div class="callout callout-info">\n<div class="callout-title">inner</div>\n'
        "<p>deep</p>\n</div>\n<p>out</p>\n</div>",
    ),
    (
        "plain blockquote untouched",
        "> plain\n> quote",
        "<blockquote>\n<p>plain\nquote</p>\n</blockquote>",
    ),
    (
        "callout right after a paragraph line",
        "text\n> [!note] T\n> b",
        '<p>text</p>\n<div class="callout callout-note">\n<div class="callout-title">T</div>\n'
        "<p>b</p>\n</div>",
    ),
    (
        "blank line ends the callout; next quote is a blockquote",
        "> [!note]\n\n> next",
        '<div class="callout callout-note">\n<div class="callout-title">Note</div>\n</div>\n'
        "<blockquote>\n<p>next</p>\n</blockquote>",
    ),
    (
        "custom type word",
        "> [!my-Type] x",
        '<div class="callout callout-my-type">\n<div class="callout-title">x</div>\n</div>',
    ),
    (
        "marker not on first line is plain text in a quote",
        "> hello\n> [!note]",
        "<blockquote>\n<p>hello\n[!note]</p>\n</blockquote>",
    ),
    (
        "callout in list item",
        "- item\n\n    > [!note]\n    > in list",
        '<ul>\n<li>\n<p>item</p>\n<div class="callout callout-note">\n'
        '<div class="callout-title">Note</div>\n<p>in list</p>\n</div>\n</li>\n</ul>',
    ),
    (
        "bare open attribute",
        "> [!tip]+\n> x",
        '<details class="callout callout-tip" open>\n<summary class="callout-title">Tip</summary>\n'
        "<p>x</p>\n</details>",
    ),
]

# Shapes real vaults have, with Obsidian's line breaks on.
VAULT_CASES = [
    (
        "Cyrillic title and body",
        "> [!question] Что такое замыкание?\n> Функция вместе с окружением",
        '<div class="callout callout-question">\n'
        '<div class="callout-title">Что такое замыкание?</div>\n'
        "<p>Функция вместе с окружением</p>\n</div>",
    ),
    (
        "list right after the title line",
        "> [!tip] Steps\n> - one\n> - two",
        '<div class="callout callout-tip">\n<div class="callout-title">Steps</div>\n'
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n</div>",
    ),
    (
        "list after a line of text",
        "> [!info]\n> Remember:\n> 1. first\n> 2. second",
        '<div class="callout callout-info">\n<div class="callout-title">Info</div>\n'
        "<p>Remember:</p>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n</div>",
    ),
    (
        "list nested by a tab inside a callout",
        "> [!note]\n> - a\n> \t- b",
        '<div class="callout callout-note">\n<div class="callout-title">Note</div>\n'
        "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n</div>",
    ),
    (
        "two body lines are a line break",
        "> [!note]\n> one\n> two",
        '<div class="callout callout-note">\n<div class="callout-title">Note</div>\n'
        "<p>one<br>\ntwo</p>\n</div>",
    ),
    (
        "no space after the marker",
        ">[!warning] Careful\n>text",
        '<div class="callout callout-warning">\n<div class="callout-title">Careful</div>\n'
        "<p>text</p>\n</div>",
    ),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html, strict_line_breaks=True)


@pytest.mark.parametrize(("name", "src", "html"), VAULT_CASES, ids=[c[0] for c in VAULT_CASES])
def test_vault_shapes(name: str, src: str, html: str) -> None:
    assert_renders(src, html)


def test_no_marker_survives() -> None:
    out = render_md("> [!abstract]- S\n> > [!todo]+\n> > x")
    assert "[!" not in out


def test_code_block_inside_callout() -> None:
    out = render_md("> [!note] T\n> ```py\n> x = 1\n> ```")
    assert out.startswith('<div class="callout callout-note">\n<div class="callout-title">T</div>')
    assert '<div class="highlight"><pre>' in out and "[!" not in out
    expected = (
        '<div class="callout callout-note">\n<div class="callout-title">T</div>\n'
        "<pre><code>x = 1\n</code></pre>\n</div>"
    )
    assert normalize(out) == normalize(expected), out
