"""The engine as a whole (render/engine.py): every plugin module is wired in, CommonMark's
blocks and lists read the way Obsidian reads them, and a realistic note renders."""

from __future__ import annotations

import pkgutil

import pytest
from helpers import assert_renders, render_md
from html_equal import normalize

import vault2anki.render.plugins
from vault2anki.render.engine import PLUGINS
from vault2anki.render.renderer import Renderer

# Modules of plugins/ that add no rules of their own: what the vault-aware plugins ask of the
# note (context.py), the source-rewrite helper (source.py), embeds.py's section finder.
HELPERS = {"context", "source", "transclusion"}


def test_every_plugin_module_is_wired() -> None:
    modules = {info.name for info in pkgutil.iter_modules(vault2anki.render.plugins.__path__)}
    wired = [plugin.__module__.rsplit(".", 1)[-1] for _, plugin in PLUGINS]
    assert sorted(wired) == sorted(modules - HELPERS)
    assert len(set(wired)) == len(wired), "a plugin module is added twice"
    assert [name for name, _ in PLUGINS] == wired


# Blocks that interrupt a paragraph, as in Obsidian (CommonMark + GFM). Hand-reviewed golden
# cases of the old paragraph-splitting extension; rendered without Obsidian's line-break
# option, as they were reviewed.
BLOCK_CASES = [
    ("bullets", "Text:\n- a\n- b", "<p>Text:</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    ("ordered at 1", "Text:\n1. a", "<p>Text:</p>\n<ol>\n<li>a</li>\n</ol>"),
    ("ordered not at 1 does not interrupt", "In\n2024. was", "<p>In\n2024. was</p>"),
    ("lazy continuation stays", "- a\nlazy\n- b", "<ul>\n<li>a\nlazy</li>\n<li>b</li>\n</ul>"),
    ("setext heading untouched", "Text\n---", "<h2>Text</h2>"),
    ("hr untouched", "Head\n* * *", "<p>Head</p>\n<hr />"),
    (
        "inside a quote",
        "> Text:\n> - a",
        "<blockquote>\n<p>Text:</p>\n<ul>\n<li>a</li>\n</ul>\n</blockquote>",
    ),
    ("heading", "Text\n# H", "<p>Text</p>\n<h1>H</h1>"),
    (
        "nested quote",
        "> a\n> > b",
        "<blockquote>\n<p>a</p>\n<blockquote>\n<p>b</p>\n</blockquote>\n</blockquote>",
    ),
    (
        "display math block and the text after it",
        "a\n$$\nx\n$$\nb",
        '<p>a</p>\n<div class="arithmatex">\\[\nx\n\\]</div>\n<p>b</p>',
    ),
    (
        "ordered after bullet, nested",
        "- a\n    - b\n    1. c",
        # Tight: no blank line between the item's blocks (CommonMark 0.31.2, 5.3, "loose"),
        # so no <p> around `a`; Python-Markdown wrapped it.
        "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n<ol>\n<li>c</li>\n</ol>\n</li>\n</ul>",
    ),
]

# Nested lists indented the way notes indent them: by tabs or by 2, 3 or 4 spaces. Golden
# cases of the old list re-indenting extension (CommonMark nests by the item's content column).
NESTED = "<ul>\n<li>a<ul>\n<li>b<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n<li>d</li>\n</ul>"
LIST_CASES = [
    ("two spaces", "- a\n  - b\n    - c\n- d", NESTED),
    ("three spaces", "- a\n   - b\n      - c\n- d", NESTED),
    ("four spaces", "- a\n    - b\n        - c\n- d", NESTED),
    ("tabs", "- a\n\t- b\n\t\t- c\n- d", NESTED),
    # `\t\t` is column 8, four past `b`'s content column 4: no list item but paragraph
    # continuation text (CommonMark 0.31.2, 2.2 tabs and 5.2 list items, indentation of 4+
    # cannot start a list item or interrupt a paragraph); the old re-indenter nested it.
    (
        "mixed in one list",
        "- a\n  - b\n\t\t- c\n- d",
        "<ul>\n<li>a<ul>\n<li>b\n- c</li>\n</ul>\n</li>\n<li>d</li>\n</ul>",
    ),
    ("mixed, each level indented past its parent", "- a\n  - b\n\t  - c\n- d", NESTED),
    (
        "one column off is a sibling",
        "1. a\n 2. b",
        "<ol>\n<li>a</li>\n<li>b</li>\n</ol>",
    ),
    (
        "continuation paragraph under a two-space item",
        "- a\n\n  more\n- b",
        "<ul>\n<li>\n<p>a</p>\n<p>more</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>",
    ),
    (
        "quote under an item",
        "- a\n  > q",
        "<ul>\n<li>a<blockquote>\n<p>q</p>\n</blockquote>\n</li>\n</ul>",
    ),
    (
        "inside a quote",
        "> - a\n>   - b",
        "<blockquote>\n<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n</blockquote>",
    ),
    ("indented list", "  - a\n  - b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    (
        "a paragraph after a blank line ends the list",
        "- a\n\nb",
        "<ul>\n<li>a</li>\n</ul>\n<p>b</p>",
    ),
]

CASES = BLOCK_CASES + LIST_CASES


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html, strict_line_breaks=True)


NOTE = """\
# Question ^q1

What is $e^{i\\pi}$? Costs $5 and $10. %%private hint%%

> [!tip]+ Hint with ==mark==
> Remember:
> - $\\sin^2 x + \\cos^2 x = 1$
> - ==identity== ^li
>
> ```python
> share = 5 %% 3  # "$x$" and ==no== stay code
> ```
>
> $$
> \\int_0^1 x\\,dx = \\tfrac12
> $$
>
> > [!note]- Nested
> > deep *text*

%%
multi-line comment

spanning paragraphs
%%

```mermaid
graph TD; A-->B
```

- [x] done ~~old~~ `==code== $y$`
- see [[Other note|the alias]] and ![[missing.png]], <kbd>Ctrl</kbd> #tagged
  - nested by two spaces
- pictures
\t- nested by a tab: ![[Pasted image 20240101120000.png|300]]

Вопрос: что такое $O(n)$?
Ответ — ==линейное== время.
"""


def test_realistic_note() -> None:
    out = render_md(NOTE)
    seen = normalize(out, code_text=False)

    def shows(fragment: str) -> bool:
        return normalize(fragment, code_text=False) in seen

    # Nothing Obsidian-only leaks.
    for leak in ("[!", "%%private", "multi-line comment", "^q1", "^li", "$$", "$e^", "$O"):
        assert leak not in out, leak
    assert shows("<h1>Question</h1>")
    assert shows(
        '<p>What is <span class="arithmatex">\\(e^{i\\pi}\\)</span>? Costs $5 and $10.</p>'
    )
    # Callout with a list interrupting "Remember:", math, highlight, code, nested callout.
    assert out.count('<details class="callout callout-tip" open') == 1
    assert shows('<summary class="callout-title">Hint with <mark>mark</mark></summary>')
    assert shows("<p>Remember:</p><ul>")
    assert shows('<li><span class="arithmatex">\\(\\sin^2 x + \\cos^2 x = 1\\)</span></li>')
    assert shows("<li><mark>identity</mark></li>")
    assert shows('<div class="arithmatex">\\[\n\\int_0^1 x\\,dx = \\tfrac12\n\\]</div>')
    assert shows(
        '<details class="callout callout-note"><summary class="callout-title">Nested</summary>'
        "<p>deep <em>text</em></p></details></details>"
    )
    # Code keeps %%, $ and == verbatim (highlighted by Pygments).
    code = out.split('<div class="highlight">')[1].split("</pre>")[0]
    assert "%%" in code and "$x$" in code and "==no==" in code and "mark" not in code
    assert '<span class="mi">5</span>' in code
    # A diagram fence is plain code.
    assert shows(
        '<pre class="diagram"><code class="language-mermaid">graph TD; A--&gt;B</code></pre>'
    )
    # Task item, strikethrough, inline code untouched.
    assert " done <del>old</del> <code>==code== $y$</code></li>" in out
    # Wikilinks, a missing embed, inline HTML, a tag shown where it is, nesting by 2 and a tab.
    assert shows(
        '<li>see <span class="wikilink">the alias</span> and '
        '<span class="missing-embed">missing.png</span>, <kbd>Ctrl</kbd> #tagged<ul>'
        "<li>nested by two spaces</li></ul></li>"
        "<li>pictures<ul>"
        '<li>nested by a tab: <span class="missing-embed">'
        "Pasted image 20240101120000.png</span></li>"
        "</ul></li></ul>"
    )
    # A newline inside a paragraph is a line break; Cyrillic prose with math and a mark.
    assert shows(
        '<p>Вопрос: что такое <span class="arithmatex">\\(O(n)\\)</span>?<br>\n'
        "Ответ — <mark>линейное</mark> время.</p>"
    )


def test_a_renderer_is_reusable() -> None:
    renderer = Renderer()
    first = renderer.render(NOTE)
    assert renderer.render(NOTE) == first == render_md(NOTE)


def test_strict_line_breaks_keep_a_newline() -> None:
    assert render_md("Line one\nline two", strict_line_breaks=True) == "<p>Line one\nline two</p>"
    assert render_md("Line one\nline two") == "<p>Line one<br>\nline two</p>"
