"""Golden tests for render/plugins/raw_html.py: CommonMark's raw HTML, but only for real HTML
elements; `<placeholder>` words in prose stay text. (The sanitizer is not run here.)"""

from __future__ import annotations

import pytest
from helpers import assert_renders

CASES = [
    # The old module's own examples.
    (
        "placeholder in prose",
        "git remote rm <origin_name>",
        "<p>git remote rm &lt;origin_name&gt;</p>",
    ),
    (
        "a block-level element's block ends at a blank line; Markdown after it",
        "<details><summary>S</summary>\n\n**body**\n\n</details>",
        "<details><summary>S</summary>\n<p><strong>body</strong></p>\n</details>",
    ),
    # Obsidian's own: an unknown element on its own line is text, not a type-7 HTML block.
    ("a lone unknown tag line", "<T>", "<p>&lt;T&gt;</p>"),
    (
        "generics in prose",
        "List<String> and Array<T>",
        "<p>List&lt;String&gt; and Array&lt;T&gt;</p>",
    ),
    (
        "known inline tags kept",
        "<kbd>Ctrl</kbd>+<kbd>C</kbd>",
        "<p><kbd>Ctrl</kbd>+<kbd>C</kbd></p>",
    ),
    ("line break tag", "a <br> b", "<p>a <br> b</p>"),
    (
        "custom element is text",
        "<custom-el>x</custom-el>",
        "<p>&lt;custom-el&gt;x&lt;/custom-el&gt;</p>",
    ),
    ("not a tag name at all", "x <a_b> y", "<p>x &lt;a_b&gt; y</p>"),
    # CommonMark 0.31.2, 4.6: a type-2 block (comment) ends on the line holding `-->`.
    ("comment block, then a paragraph", "<!-- hidden -->\ntext", "<!-- hidden -->\n<p>text</p>"),
    # CommonMark 4.6: a type-6 block runs to a blank line, its lines raw (no Markdown).
    ("div block without blank lines is raw", "<div>\n*not md*\n</div>", "<div>\n*not md*\n</div>"),
    ("code span keeps its tag", "`<T>` code", "<p><code>&lt;T&gt;</code> code</p>"),
]

# Shapes real vaults have.
VAULT_CASES = [
    (
        "Cyrillic in a styled span",
        '<span style="color:red">красный</span> текст',
        '<p><span style="color:red">красный</span> текст</p>',
    ),
    (
        "keyboard key placeholder",
        "Press <Enter> to confirm",
        "<p>Press &lt;Enter&gt; to confirm</p>",
    ),
    (
        "underline and superscript",
        "<u>under</u> and x<sup>2</sup>",
        "<p><u>under</u> and x<sup>2</sup></p>",
    ),
    (
        "placeholder in a list item",
        "- run `git push` to <remote>\n- done",
        "<ul>\n<li>run <code>git push</code> to &lt;remote&gt;</li>\n<li>done</li>\n</ul>",
    ),
    (
        "placeholder in a callout",
        "> [!tip] Usage\n> cp <src> <dst>",
        '<div class="callout callout-tip">\n<div class="callout-title">Usage</div>\n'
        "<p>cp &lt;src&gt; &lt;dst&gt;</p>\n</div>",
    ),
    (
        "details with Markdown inside, Cyrillic",
        "<details>\n<summary>Ответ</summary>\n\n- да\n- нет\n\n</details>",
        "<details>\n<summary>Ответ</summary>\n<ul>\n<li>да</li>\n<li>нет</li>\n</ul>\n</details>",
    ),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html)


@pytest.mark.parametrize(("name", "src", "html"), VAULT_CASES, ids=[c[0] for c in VAULT_CASES])
def test_vault_shapes(name: str, src: str, html: str) -> None:
    assert_renders(src, html)
