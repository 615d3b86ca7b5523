"""Golden tests for vault2anki.render.mdext.math.

pymdownx.arithmatex (generic mode) was checked and rejected: it renders
``$5,$10`` as math, leaves ``$`` around inline ``$$x$$`` and ignores ``$$``
blocks that continue a paragraph.  The first three cases below guard exactly that.
"""

from __future__ import annotations

from typing import Any

import markdown
import pytest
from helpers import render_md

from vault2anki.render.mdext.math import MathExtension, makeExtension


def extensions() -> list[Any]:
    """Fresh instances for each Markdown object (extensions must not be shared)."""
    return [MathExtension()]


CASES = [
    ("price followed by digit", "costs $5,$10", "<p>costs $5,$10</p>"),
    (
        "inline display",
        "inline $$x^2$$ display",
        '<p>inline <span class="arithmatex">\\[x^2\\]</span> display</p>',
    ),
    (
        "display continuing a paragraph",
        "Text\n$$\na < b\n$$\nmore",
        '<p>Text\n<span class="arithmatex">\\[\na &lt; b\n\\]</span>\nmore</p>',
    ),
    ("prices", "I paid $5 and $10 today", "<p>I paid $5 and $10 today</p>"),
    (
        "inline",
        "Euler $e^{i\\pi}+1=0$.",
        '<p>Euler <span class="arithmatex">\\(e^{i\\pi}+1=0\\)</span>.</p>',
    ),
    (
        "emphasis chars inside math stay literal",
        "$y_1 * z_2 * w_3$",
        '<p><span class="arithmatex">\\(y_1 * z_2 * w_3\\)</span></p>',
    ),
    ("escaped dollar", "a \\$5 b $x$", '<p>a $5 b <span class="arithmatex">\\(x\\)</span></p>'),
    ("escaped pair", "\\$x\\$", "<p>$x$</p>"),
    (
        "inline code untouched",
        "`$x$` and `$$y$$`",
        "<p><code>$x$</code> and <code>$$y$$</code></p>",
    ),
    ("space after opener", "$ x $ no", "<p>$ x $ no</p>"),
    ("digit after closer", "$x$5", "<p>$x$5</p>"),
    ("format string", 'use "%1$s — %2$s" here', '<p>use "%1$s — %2$s" here</p>'),
    ("math touching a word", "a$x$ b", '<p>a<span class="arithmatex">\\(x\\)</span> b</p>'),
    (
        "no math in a link URL or an HTML attribute",
        '[l](http://h/$a$) <b title="$b$">t</b>',
        '<p><a href="http://h/$a$">l</a> <b title="$b$">t</b></p>',
    ),
    ("opener after punctuation", "($x$)", '<p>(<span class="arithmatex">\\(x\\)</span>)</p>'),
    ("unclosed display stays text", "$$ unclosed", "<p>$$ unclosed</p>"),
    (
        "display block with TeX, table-like and & chars",
        "$$\nx = \\frac{a}{b} \\\\\n| a & b |\n$$",
        '<div class="arithmatex">\\[\nx = \\frac{a}{b} \\\\\n| a &amp; b |\n\\]</div>',
    ),
    (
        "display block spanning a blank line",
        "$$\na\n\nb\n$$\n\nafter",
        '<div class="arithmatex">\\[\na\n\nb\n\\]</div>\n<p>after</p>',
    ),
    (
        "display in list item",
        "- $$x$$",
        '<ul>\n<li>\n<div class="arithmatex">\\[x\\]</div>\n</li>\n</ul>',
    ),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert render_md(src, extensions=[*extensions(), "tables"]) == html


def test_fenced_code_untouched() -> None:
    out = render_md(
        "```\necho $HOME $$x$$\n```", extensions=[*extensions(), "pymdownx.superfences"]
    )
    assert "arithmatex" not in out and "echo $HOME $$x$$" in out


def test_indented_code_untouched() -> None:
    assert (
        render_md("    $x$ $$y$$", extensions=extensions()) == "<pre><code>$x$ $$y$$\n</code></pre>"
    )


def test_no_raw_double_dollar_when_valid() -> None:
    out = render_md("a $$x$$ b\n\n$$\ny\n$$\n\n- $$z$$", extensions=extensions())
    assert "$$" not in out and "$" not in out


def test_make_extension() -> None:
    assert "arithmatex" in markdown.markdown("$x$", extensions=[makeExtension()])
    assert "arithmatex" in markdown.markdown("$x$", extensions=["vault2anki.render.mdext.math"])
