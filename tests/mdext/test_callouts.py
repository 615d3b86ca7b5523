"""Golden tests for vault2anki.render.mdext.callouts."""

from __future__ import annotations

from typing import Any

import markdown
import pytest
from helpers import assert_renders, render_md

from vault2anki.render.mdext.callouts import CalloutsExtension, makeExtension


def extensions() -> list[Any]:
    """Fresh instances for each Markdown object (extensions must not be shared)."""
    return [CalloutsExtension()]


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
        '<details class="callout callout-tip" open="open">\n'
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
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html, extensions=extensions())


def test_no_marker_survives() -> None:
    out = render_md("> [!abstract]- S\n> > [!todo]+\n> > x", extensions=extensions())
    assert "[!" not in out


def test_code_block_inside_callout_with_superfences() -> None:
    out = render_md(
        "> [!note] T\n> ```py\n> x = 1\n> ```", extensions=[*extensions(), "pymdownx.superfences"]
    )
    assert out.startswith('<div class="callout callout-note">\n<div class="callout-title">T</div>')
    assert '<div class="highlight"><pre>' in out and "[!" not in out


def test_html_output_format_uses_bare_open_attribute() -> None:
    out = markdown.markdown("> [!tip]+\n> x", extensions=[makeExtension()], output_format="html")
    assert out.startswith('<details class="callout callout-tip" open>')


def test_make_extension_by_name() -> None:
    out = markdown.markdown("> [!note]\n> b", extensions=["vault2anki.render.mdext.callouts"])
    assert 'class="callout callout-note"' in out
