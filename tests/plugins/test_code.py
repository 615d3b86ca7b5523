"""Golden tests for render/plugins/code.py: fenced and indented code (Pygments) and diagram
fences Anki cannot draw (plain, escaped code)."""

from __future__ import annotations

import pytest
from helpers import assert_renders, render_md
from html_equal import normalize

from vault2anki.render.plugins.code import DIAGRAM_LANGUAGES


def assert_code_text(src: str, expected: str) -> None:
    """`src` renders to `expected`, code compared by its text (Pygments' box and spans aside)."""
    got = render_md(src)
    assert normalize(got) == normalize(expected), f"\n{got!r}\n≠ {expected!r}"


MERMAID = "```mermaid\ngraph TD\n  A-->B & C<D\n```"
MERMAID_HTML = (
    '<pre class="diagram"><code class="language-mermaid">graph TD\n'
    "  A--&gt;B &amp; C&lt;D</code></pre>"
)


def test_mermaid() -> None:
    assert_renders(MERMAID, MERMAID_HTML)


@pytest.mark.parametrize("lang", ["dataview", "dataviewjs", "query", "excalidraw", "plantuml"])
def test_other_languages(lang: str) -> None:
    assert_renders(
        f"```{lang}\nTABLE x FROM #tag\n```",
        f'<pre class="diagram"><code class="language-{lang}">TABLE x FROM #tag</code></pre>',
    )


def test_inside_blockquote() -> None:
    assert_renders(
        "> ```dataview\n> TABLE x\n> ```",
        "<blockquote>\n"
        '<pre class="diagram"><code class="language-dataview">TABLE x</code></pre>\n'
        "</blockquote>",
    )


def test_normal_code_still_highlighted() -> None:
    out = render_md("```python\nx = 1\n```")
    assert out.startswith('<div class="highlight"><pre>') and "diagram" not in out
    assert '<span class="mi">1</span>' in out


def test_diagram_code_is_escaped() -> None:
    assert_renders(
        "```mermaid\n<b>\n```",
        '<pre class="diagram"><code class="language-mermaid">&lt;b&gt;</code></pre>',
    )


@pytest.mark.parametrize("lang", sorted(DIAGRAM_LANGUAGES))
def test_every_diagram_language_is_a_diagram(lang: str) -> None:
    assert render_md(f"```{lang}\nx\n```").startswith(
        f'<pre class="diagram"><code class="language-{lang}">'
    )


# Shapes real vaults have (the first four: what the old paragraph splitter and list re-indenter
# were checked to keep).
CODE_CASES = [
    (
        "a fence and the text after it are blocks of their own",
        "a\n```\nx\n```\nb",
        "<p>a</p>\n<pre><code>x\n</code></pre>\n<p>b</p>",
    ),
    (
        "the same inside a quote",
        "> a\n> ```\n> x\n> ```\n> b",
        "<blockquote>\n<p>a</p>\n<pre><code>x\n</code></pre>\n<p>b</p>\n</blockquote>",
    ),
    (
        "a fence in an item nested by two spaces keeps its code indentation",
        "- a\n  - b\n    ```\n    if x:\n        y\n    ```",
        "<ul>\n<li>a\n<ul>\n<li>b<pre><code>if x:\n    y\n</code></pre>\n</li>\n</ul>\n</li>\n"
        "</ul>",
    ),
    (
        "list syntax in code stays code",
        "```\nText\n- a\n  - b\n```",
        "<pre><code>Text\n- a\n  - b\n</code></pre>",
    ),
    ("tilde fence", "~~~\ncode\n~~~", "<pre><code>code\n</code></pre>"),
    (
        "info string with a file name: the first word is the language",
        "```tsx app/index.tsx\nconst a = <b/>;\n```",
        "<pre><code>const a = &lt;b/&gt;;\n</code></pre>",
    ),
    (
        "code in a list item",
        "- item\n\n  ```js\n  let x = 1;\n  ```",
        "<ul>\n<li>\n<p>item</p>\n<pre><code>let x = 1;\n</code></pre>\n</li>\n</ul>",
    ),
    (
        "code in a tight list item, closing fence indented further",
        "- item\n  ```sh\n  ls\n    ```\nafter",
        "<ul>\n<li>item<pre><code>ls\n</code></pre>\n</li>\n</ul>\n<p>after</p>",
    ),
    (
        "code in an item nested by a tab",
        "- a\n\t- b\n\t\t```py\n\t\tprint(1)\n\t\t```",
        "<ul>\n<li>a\n<ul>\n<li>b\n<pre><code>print(1)\n</code></pre>\n</li>\n</ul>\n</li>\n</ul>",
    ),
    (
        "code in a callout",
        "> [!example] Run\n> ```bash\n> echo $HOME\n> ```",
        '<div class="callout callout-example">\n<div class="callout-title">Run</div>\n'
        "<pre><code>echo $HOME\n</code></pre>\n</div>",
    ),
    (
        "Obsidian syntax stays code",
        "```\n# not a heading\n[[Link]] ==mark== $x$ %%c%% #tag ^id\n```",
        "<pre><code># not a heading\n[[Link]] ==mark== $x$ %%c%% #tag ^id\n</code></pre>",
    ),
    (
        "Cyrillic comment in code",
        "```python\n# Комментарий\nx = 1\n```",
        "<pre><code># Комментарий\nx = 1\n</code></pre>",
    ),
    (
        "leading and trailing blank lines are content",
        "```\n\n  blank first\n\n```",
        "<pre><code>\n  blank first\n\n</code></pre>",
    ),
    (
        "indented code",
        "text\n\n    x = 1\n    y = 2",
        "<p>text</p>\n<pre><code>x = 1\ny = 2\n</code></pre>",
    ),
    (
        "unknown language is plain text",
        "```nosuchlang\na < b\n```",
        "<pre><code>a &lt; b\n</code></pre>",
    ),
    ("empty fence", "```\n```", "<pre><code></code></pre>"),
    (
        "JSX in a js fence is shown without error boxes",
        "```js\nconst el = <div/>;\n```",
        "<pre><code>const el = &lt;div/&gt;;\n</code></pre>",
    ),
]


@pytest.mark.parametrize(("name", "src", "html"), CODE_CASES, ids=[c[0] for c in CODE_CASES])
def test_vault_shapes(name: str, src: str, html: str) -> None:
    assert_code_text(src, html)


@pytest.mark.parametrize(
    "src", ["```js\nconst el = <div/>;\n```", "```java\nsrc/\n├── Main.java\n```"]
)
def test_no_error_token_reaches_a_card(src: str) -> None:
    assert 'class="err"' not in render_md(src)
