"""Golden tests for vault2anki.render.mdext.highlight."""

from __future__ import annotations

import markdown
import pytest

from vault2anki.render.mdext.highlight import HighlightExtension, makeExtension


def render(text: str, *extra: str) -> str:
    return markdown.markdown(text, extensions=[HighlightExtension(), *extra])


CASES = [
    ("basic", "==hi==", "<p><mark>hi</mark></p>"),
    ("with emphasis", "==*a* b==", "<p><mark><em>a</em> b</mark></p>"),
    ("intraword (Obsidian)", "a==b==c", "<p>a<mark>b</mark>c</p>"),
    ("inline code untouched", "`==no==`", "<p><code>==no==</code></p>"),
    ("caret and plus untouched", "^^x^^ ++y++", "<p>^^x^^ ++y++</p>"),
    ("single equals untouched", "a = b == c", "<p>a = b == c</p>"),
    ("escaped", "\\==x==", "<p>==x==</p>"),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert render(src) == html


def test_composes_with_tilde() -> None:
    out = render("==m== ~~s~~", "pymdownx.tilde")
    assert out == "<p><mark>m</mark> <del>s</del></p>"


def test_make_extension() -> None:
    assert "<mark>" in markdown.markdown("==x==", extensions=[makeExtension()])
    assert "<mark>" in markdown.markdown("==x==", extensions=["vault2anki.render.mdext.highlight"])
