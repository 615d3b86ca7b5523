"""Golden tests for render/plugins/math.py: `$x$` → `\\(x\\)`, `$$x$$` → `\\[x\\]`.

pymdownx.arithmatex (generic mode) was once checked and rejected: it renders ``$5,$10`` as
math, leaves ``$`` around inline ``$$x$$`` and ignores ``$$`` blocks that continue a
paragraph. The first three cases guard exactly that.
"""

from __future__ import annotations

import pytest
from helpers import assert_renders, render_md
from html_equal import normalize

# Hand-reviewed against Obsidian's reading view; rendered without Obsidian's line-break option
# (`strict_line_breaks`), as they were reviewed.
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
        # A `$$` line opens a block that interrupts the paragraph, as a fence does (CommonMark
        # 0.31.2, 4.5); the old golden ran the math extension without the paragraph splitter
        # the renderer paired it with (whose own golden, test_engine.py, made it a block).
        '<p>Text</p>\n<div class="arithmatex">\\[\na &lt; b\n\\]</div>\n<p>more</p>',
    ),
    (
        "display inside a paragraph line",
        "Text $$\na < b\n$$ more",
        '<p>Text <span class="arithmatex">\\[\na &lt; b\n\\]</span> more</p>',
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

# Shapes real vaults have, with Obsidian's line breaks on.
VAULT_CASES = [
    ("dollars in prose", "Costs $5 and $10.", "<p>Costs $5 and $10.</p>"),
    ("rubles and dollars", "Цена: $5 или 300 ₽, итого $10", "<p>Цена: $5 или 300 ₽, итого $10</p>"),
    (
        "Cyrillic around math",
        "Формула $E = mc^2$ верна",
        '<p>Формула <span class="arithmatex">\\(E = mc^2\\)</span> верна</p>',
    ),
    (
        "subscript touching a word",
        "Accepts$_{TM}$ only",
        '<p>Accepts<span class="arithmatex">\\(_{TM}\\)</span> only</p>',
    ),
    (
        "math in a list item nested by a tab",
        "- a\n\t- $x^2$",
        '<ul>\n<li>a\n<ul>\n<li><span class="arithmatex">\\(x^2\\)</span></li>\n</ul>\n</li>\n'
        "</ul>",
    ),
    (
        "display block in a callout",
        "> [!note] Formula\n> $$\n> a^2 + b^2 = c^2\n> $$",
        '<div class="callout callout-note">\n<div class="callout-title">Formula</div>\n'
        '<div class="arithmatex">\\[\na^2 + b^2 = c^2\n\\]</div>\n</div>',
    ),
    (
        "display block right after a line",
        "Text:\n$$\nx\n$$",
        '<p>Text:</p>\n<div class="arithmatex">\\[\nx\n\\]</div>',
    ),
    (
        "math in a table cell",
        "| a | b |\n|---|---|\n| $x$ | 1 |",
        '<div class="table-wrap">\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n'
        '</thead>\n<tbody>\n<tr>\n<td><span class="arithmatex">\\(x\\)</span></td>\n<td>1</td>\n'
        "</tr>\n</tbody>\n</table>\n</div>",
    ),
    ("shell variable in prose", "echo $HOME and $PATH", "<p>echo $HOME and $PATH</p>"),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html, strict_line_breaks=True)


@pytest.mark.parametrize(("name", "src", "html"), VAULT_CASES, ids=[c[0] for c in VAULT_CASES])
def test_vault_shapes(name: str, src: str, html: str) -> None:
    assert_renders(src, html)


def test_fenced_code_untouched() -> None:
    out = render_md("```\necho $HOME $$x$$\n```")
    assert "arithmatex" not in out and "$HOME $$x$$" in out


def test_indented_code_untouched() -> None:
    got = render_md("    $x$ $$y$$")
    assert normalize(got) == normalize("<pre><code>$x$ $$y$$\n</code></pre>"), got


def test_no_raw_double_dollar_when_valid() -> None:
    out = render_md("a $$x$$ b\n\n$$\ny\n$$\n\n- $$z$$")
    assert "$$" not in out and "$" not in out
