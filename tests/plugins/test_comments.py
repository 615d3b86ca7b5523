"""Golden tests for render/plugins/comments.py: `%%hidden%%`, inline or over several lines."""

from __future__ import annotations

import pytest
from helpers import assert_renders, render_md
from html_equal import normalize

# Hand-reviewed against Obsidian's reading view. Rendered without Obsidian's line-break option
# (`strict_line_breaks`), as they were reviewed: a newline in a paragraph stays a newline.
CASES = [
    ("inline", "Keep %%drop me%% this", "<p>Keep  this</p>"),
    ("two inline", "a %%x%% b %%y%% c", "<p>a  b  c</p>"),
    ("whole line vanishes", "one\n%% note %%\ntwo", "<p>one\ntwo</p>"),
    (
        "multi-line spanning blank lines",
        "before\n\n%%\nhidden\n\nstill hidden\n%%\n\nafter",
        "<p>before</p>\n<p>after</p>",
    ),
    ("starts mid-line", "keep %%hide\nhide too%% end", "<p>keep \n end</p>"),
    ("inline code untouched", "use `%%x%%` here", "<p>use <code>%%x%%</code> here</p>"),
    (
        "double-backtick code untouched",
        "use ``a ` %%x%%`` here",
        "<p>use <code>a ` %%x%%</code> here</p>",
    ),
    ("no comment", "100% sure, 50% off", "<p>100% sure, 50% off</p>"),
]

# Shapes real vaults have, with Obsidian's line breaks on (how cards are rendered).
VAULT_CASES = [
    (
        "Cyrillic text around a comment",
        "Замыкание %%черновик%% — это функция",
        "<p>Замыкание  — это функция</p>",
    ),
    ("comment line between two lines", "one\n%%todo%%\ntwo", "<p>one<br>\ntwo</p>"),
    (
        "a commented-out item does not split the list",
        "- a\n%%- b%%\n- c",
        "<ul>\n<li>a</li>\n<li>c</li>\n</ul>",
    ),
    (
        "a commented-out tag line",
        "text\n\n%%#draft%%\n\nmore",
        "<p>text</p>\n<p>more</p>",
    ),
    (
        "comment inside a callout",
        "> [!note] Title\n> shown %%hidden%%\n> - item",
        '<div class="callout callout-note">\n<div class="callout-title">Title</div>\n'
        "<p>shown</p>\n<ul>\n<li>item</li>\n</ul>\n</div>",
    ),
    ("modulo in prose is no comment", "5 % 3 = 2, 100%", "<p>5 % 3 = 2, 100%</p>"),
    (
        "a comment after display math that closes on its line",
        "$$O(n^2)$$ в худшем случае %%проверить%% — квадрат",
        '<p><span class="arithmatex">\\[O(n^2)\\]</span> в худшем случае  — квадрат</p>',
    ),
    (
        "%% inside a display-math block is TeX, not a comment",
        "$$\na %%b%%\n$$",
        '<div class="arithmatex">\\[\na %%b%%\n\\]</div>',
    ),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html, strict_line_breaks=True)


@pytest.mark.parametrize(("name", "src", "html"), VAULT_CASES, ids=[c[0] for c in VAULT_CASES])
def test_vault_shapes(name: str, src: str, html: str) -> None:
    assert_renders(src, html)


def same_code_text(src: str, expected: str) -> None:
    """`src` renders to `expected`, code compared by its text (highlighting left out)."""
    got = render_md(src)
    assert normalize(got) == normalize(expected), f"\n{got!r}\n≠ {expected!r}"


def test_fenced_code_untouched() -> None:
    src = "```\nx = 5 %% 3\n%%\n```\n\n%%gone%%text"
    same_code_text(src, "<pre><code>x = 5 %% 3\n%%\n</code></pre>\n<p>text</p>")


def test_fence_inside_callout_untouched() -> None:
    out = render_md("> ```py\n> a %% b %% c\n> ```")
    assert out.count("%%") == 2 and ">b<" in out


def test_fence_in_a_list_item_untouched() -> None:
    same_code_text(
        "- run:\n\n  ```sh\n  echo $((7 %% 2))\n  ```",
        "<ul>\n<li>\n<p>run:</p>\n<pre><code>echo $((7 %% 2))\n</code></pre>\n</li>\n</ul>",
    )


def test_commented_out_fence_disappears() -> None:
    assert_renders("a\n\n%%\n```\ncode\n```\n%%\n\nb", "<p>a</p>\n<p>b</p>")


def test_unclosed_comment_hides_rest_like_obsidian() -> None:
    out = render_md("shown\n\n%% open\n\nlost")
    assert "shown" in out
    assert "lost" not in out and "open" not in out
