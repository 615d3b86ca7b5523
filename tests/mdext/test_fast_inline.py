"""The filtered inline pass (mdext/fast_inline.py) writes exactly what the stock one writes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import CORPORA, REPO
from markdown.treeprocessors import InlineProcessor

from vault2anki.render.mdext import fast_inline
from vault2anki.render.renderer import Renderer

# One or more texts per trigger, each where the pattern matches and where its trigger character
# stands alone; plus the cases where an earlier pattern's placeholder sits next to a later one.
SAMPLES = [
    "plain words only, nothing to match",
    "`code` and ``two `ticks` `` and \\`not code\\` and \\\\`code after escaped backslash`",
    "math $x^2$ and $$\\sum_i i$$ and a price of $5",
    "![[image.png]] and ![[Note#Heading|alias]] and ![[nothing",
    "[[Note]] and [[Note|alias]] and [[Note#Head]] and [[broken",
    "escapes \\* \\_ \\[ \\# \\< \\& and a lone \\",
    "footnote[^1] and [^note]\n\n[^1]: the text\n[^note]: more",
    "[text](https://example.com) [ref][r] [r] [r][] and [unclosed\n\n[r]: https://example.org",
    "![alt](pic.png) ![ref][r] ![r] and ![unclosed\n\n[r]: pic2.png",
    "<https://example.com/a?b=1> <ftp://x.org> <a@b.co> <notalink> a < b",
    "line with two spaces  \nnext line\nthird line",
    '<b>bold</b> <span class="x">span</span> <!-- comment --> <?php ?> <![CDATA[ x ]]> <br/>',
    "https://example.com/path www.example.com WWW.Example.COM wWw.x.org ftp://files.org/x",
    "mail me at someone@example.com or a.b+c@sub.example.co.uk, not @handle",
    "entities &amp; &#123; &#x1F600; &copy; and a bare & ampersand",
    "#tag and #nested/tag and not#tag and #123 and (#paren) and [#bracket]",
    "*em* **strong** ***both*** _em_ __strong__ snake_case_word 2*3*4",
    "==mark== ~~strike~~ a==b==c and x = y and ~approx",
    "**bold with `code` and [link](u) and #tag inside**",
    "[link with *em* and `code`](https://x.org) and ![alt *x*](y.png)",
    "- item with *em*\n- item with [[Link]]\n  - nested `code`\n\n> quote with ==mark== and #tag",
    "| a | b |\n|---|---|\n| *x* | `y` |\n| [l](u) | $m$ |",
    "> [!note] Callout with **bold**\n> and a second line with <kbd>Ctrl</kbd>",
]


@contextmanager
def _inline_pass(filtered: bool) -> Iterator[None]:
    """Markdown instances built in here take the filtered inline pass, or the stock one."""
    with pytest.MonkeyPatch.context() as mp:
        if not filtered:
            mp.setattr(fast_inline.FastInlineExtension, "extendMarkdown", lambda self, md: None)
        yield


def _render_all(texts: list[str], filtered: bool) -> list[str]:
    with _inline_pass(filtered):  # nested notes build their instance while rendering: inside
        renderer = Renderer()
        return [renderer.render(text) for text in texts]


def test_the_renderer_uses_the_filtered_pass() -> None:
    _, md = Renderer()._level(0)
    assert type(md.treeprocessors["inline"]) is fast_inline.FilteredInlineProcessor
    with _inline_pass(False):
        _, stock = Renderer()._level(0)
    assert type(stock.treeprocessors["inline"]) is InlineProcessor


def test_every_pattern_we_register_has_a_trigger() -> None:
    """A pattern without one is still correct but tried on every text node: say so here."""
    _, md = Renderer()._level(0)
    inline = md.treeprocessors["inline"]
    inline.run(md.parser.parseDocument(["x"]).getroot())  # matches the triggers to the patterns
    assert [pattern for pattern, _ in inline._plan] == list(md.inlinePatterns)
    assert [
        name for (_, trigger), name in zip(inline._plan, _names(md), strict=True) if trigger is None
    ] == []


def _names(md) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.name for item in sorted(md.inlinePatterns._priority, key=lambda i: -i.priority)]


@pytest.mark.parametrize("text", SAMPLES)
def test_same_html_as_the_stock_inline_pass(text: str) -> None:
    assert _render_all([text], True) == _render_all([text], False)


def test_a_pattern_another_extension_registers_under_a_known_name_is_not_filtered() -> None:
    class Other:
        pass

    assert fast_inline.trigger_of("link", Other()) is None


def test_a_delimiter_pattern_is_triggered_by_the_characters_its_regex_has() -> None:
    """pymdownx builds `delimiter` from the extensions loaded: with caret it also takes `^`."""
    from pymdownx.delimiterprocessor import DelimiterProcessor

    with_caret = DelimiterProcessor.__new__(DelimiterProcessor)
    with_caret.compiled_re = re.compile(r"=|\~|\^")
    assert fast_inline.trigger_of("delimiter", with_caret) == ("=", "~", "^")
    odd = DelimiterProcessor.__new__(DelimiterProcessor)
    odd.compiled_re = re.compile(r"==|\~")  # not single characters: no trigger, always run
    assert fast_inline.trigger_of("delimiter", odd) is None


def test_same_html_on_the_example_vault() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").rglob("*.md"))]
    assert texts
    assert _render_all(texts, True) == _render_all(texts, False)


@pytest.mark.slow
def test_same_html_on_the_corpora() -> None:
    notes = sorted(CORPORA.glob("*/**/*.md")) if CORPORA.is_dir() else []
    if not notes:
        pytest.skip("corpora not present (needs ../shared/corpora next to the repo)")
    texts = [Path(p).read_text(encoding="utf-8", errors="replace") for p in notes[::5]]
    fast, stock = _render_all(texts, True), _render_all(texts, False)
    for path, a, b in zip(notes[::5], fast, stock, strict=True):
        assert a == b, path
