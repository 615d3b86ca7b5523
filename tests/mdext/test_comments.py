"""Golden tests for vault2anki.render.mdext.comments."""

from __future__ import annotations

from typing import Any

import markdown
import pytest
from helpers import assert_renders, render_md

from vault2anki.render.mdext.comments import CommentsExtension, makeExtension


def extensions() -> list[Any]:
    """Fresh instances for each Markdown object (extensions must not be shared)."""
    return [CommentsExtension()]


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


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html, extensions=extensions())


def test_fenced_code_untouched() -> None:
    src = "```\nx = 5 %% 3\n%%\n```\n\n%%gone%%text"
    assert render_md(src, extensions=[*extensions(), "fenced_code"]) == (
        "<pre><code>x = 5 %% 3\n%%\n</code></pre>\n<p>text</p>"
    )


def test_fence_inside_callout_untouched_with_superfences() -> None:
    src = "> ```py\n> a %% b %% c\n> ```"
    out = render_md(src, extensions=[*extensions(), "pymdownx.superfences"])
    assert out.count("%%") == 2 and ">b<" in out


def test_commented_out_fence_disappears() -> None:
    src = "a\n\n%%\n```\ncode\n```\n%%\n\nb"
    assert (
        render_md(src, extensions=[*extensions(), "pymdownx.superfences"]) == "<p>a</p>\n<p>b</p>"
    )


def test_make_extension() -> None:
    assert markdown.markdown("x%%y%%", extensions=[makeExtension()]) == "<p>x</p>"
    assert (
        markdown.markdown("x%%y%%", extensions=["vault2anki.render.mdext.comments"]) == "<p>x</p>"
    )


def test_unclosed_comment_hides_rest_like_obsidian() -> None:
    out = render_md("shown\n\n%% open\n\nlost", extensions=extensions())
    assert "shown" in out
    assert "lost" not in out and "open" not in out
