"""Golden tests for vault2anki.render.mdext.block_ids."""

from __future__ import annotations

from typing import Any

import markdown
import pytest
from helpers import assert_renders, render_md

from vault2anki.render.mdext.block_ids import BlockIdsExtension, makeExtension


def extensions() -> list[Any]:
    """Fresh instances for each Markdown object (extensions must not be shared)."""
    return [BlockIdsExtension()]


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
    ("indented code untouched", "    code ^abc", "<pre><code>code ^abc\n</code></pre>"),
    ("display math in paragraph untouched", "a\n$$\nx ^2\n$$", "<p>a\n$$\nx ^2\n$$</p>"),
    (
        "quote",
        "> quoted ^q1",
        "<blockquote>\n<p>quoted</p>\n</blockquote>",
    ),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html, extensions=extensions())


def test_fenced_code_untouched() -> None:
    out = render_md("```\nx = a ^b\n^c\n```", extensions=[*extensions(), "pymdownx.superfences"])
    assert "^b" in out and "^c" in out


def test_make_extension() -> None:
    assert markdown.markdown("a ^x", extensions=[makeExtension()]) == "<p>a</p>"
    assert markdown.markdown("a ^x", extensions=["vault2anki.render.mdext.block_ids"]) == "<p>a</p>"
