"""Golden tests for render/plugins/highlight.py: `==text==` → `<mark>`."""

from __future__ import annotations

import pytest
from helpers import assert_renders

# Hand-reviewed against Obsidian's reading view.
CASES = [
    ("basic", "==hi==", "<p><mark>hi</mark></p>"),
    ("with emphasis", "==*a* b==", "<p><mark><em>a</em> b</mark></p>"),
    ("intraword (Obsidian)", "a==b==c", "<p>a<mark>b</mark>c</p>"),
    ("inline code untouched", "`==no==`", "<p><code>==no==</code></p>"),
    ("caret and plus untouched", "^^x^^ ++y++", "<p>^^x^^ ++y++</p>"),
    ("single equals untouched", "a = b == c", "<p>a = b == c</p>"),
    ("escaped", "\\==x==", "<p>==x==</p>"),
    ("composes with strikethrough", "==m== ~~s~~", "<p><mark>m</mark> <del>s</del></p>"),
]

# Shapes real vaults have.
VAULT_CASES = [
    ("Cyrillic", "Это ==важно== запомнить", "<p>Это <mark>важно</mark> запомнить</p>"),
    ("in a list item", "- ==key== term", "<ul>\n<li><mark>key</mark> term</li>\n</ul>"),
    (
        "callout title",
        "> [!tip] ==Hint==\n> body",
        '<div class="callout callout-tip">\n<div class="callout-title"><mark>Hint</mark></div>\n'
        "<p>body</p>\n</div>",
    ),
    ("inside bold", "**==both==**", "<p><strong><mark>both</mark></strong></p>"),
    ("comparison in prose", "if a == b then", "<p>if a == b then</p>"),
    ("not inside math", "$a == b$", '<p><span class="arithmatex">\\(a == b\\)</span></p>'),
    ("not inside a link URL", "[x](http://h/?a==b==)", '<p><a href="http://h/?a==b==">x</a></p>'),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html)


@pytest.mark.parametrize(("name", "src", "html"), VAULT_CASES, ids=[c[0] for c in VAULT_CASES])
def test_vault_shapes(name: str, src: str, html: str) -> None:
    assert_renders(src, html)
