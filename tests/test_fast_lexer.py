"""render/fast_lexer.py lexes exactly as Pygments does: the same tokens, in the same order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar

import pytest
from conftest import CORPORA
from pygments.lexer import RegexLexer
from pygments.lexers import get_all_lexers, get_lexer_by_name
from pygments.token import Text
from pygments.util import ClassNotFound

from vault2anki.render import fast_lexer

# Text that walks many states of many languages: strings (closed and not), comments, numbers,
# operators, tags, interpolation, heredocs, a stray backslash, tabs and non-ASCII letters.
SAMPLES = [
    'def f(x: int = 0x1F) -> str:\n    """doc"""\n    return f"{x!r:>4}" + \'a\\\'b\'  # c\n',
    "const a = /re[g]ex/gi.test(`t ${b + 1} \\` x`); // c\n/* m\n l */ let é = 1e-3;\n",
    "<div class=\"a\" id='b'>t &amp; <!-- c --><script>if (a < b) {}</script></div>\n",
    "SELECT a, \"b\" FROM t WHERE c = 'd''e' AND x >= 1.5; -- c\n",
    "cat <<-EOF\n\tbody $HOME ${x:-y}\nEOF\necho \"$(ls | wc -l)\" 'q' && exit 1\n",
    'fun main() { val s = """raw ${x}""" ; println("a$b ${c.d}") } // c\n',
    "unterminated \"string\n'and another\n/* open comment\n{ [ ( ) ] }\n",
    "\tkey: value\n  - item # c\n@annotation(x) #include <stdio.h>\nλ → ∀ 中文 ✓\n\\\n",
]


def _regex_lexers() -> list[type[RegexLexer]]:
    classes = {}
    for _, aliases, _, _ in get_all_lexers():
        if not aliases:
            continue
        try:
            lexer = get_lexer_by_name(aliases[0])
        except ClassNotFound:
            continue
        if isinstance(lexer, RegexLexer):
            classes[type(lexer)] = aliases[0]
    return sorted(classes, key=lambda c: c.__name__)


def _same(alias: str, texts: list[str]) -> None:
    stock, fast = get_lexer_by_name(alias), fast_lexer.accelerate(get_lexer_by_name(alias))
    for text in texts:
        assert list(fast.get_tokens(text)) == list(stock.get_tokens(text)), (alias, text)


def _accelerated(alias: str) -> bool:
    method = fast_lexer.accelerate(get_lexer_by_name(alias)).get_tokens_unprocessed
    return getattr(method, "func", None) is fast_lexer.tokens_unprocessed


def test_every_pygments_regex_lexer_gives_the_same_tokens() -> None:
    # Only those it accelerates: the others (ExtendedRegexLexer's, overrides) lex as they did,
    # and some of them keep state between calls in the class (XQuery), so no two runs agree.
    aliases = [cls.aliases[0] for cls in _regex_lexers() if _accelerated(cls.aliases[0])]
    assert len(aliases) > 300  # Pygments ships several hundred: the test covers them all
    for alias in aliases:
        _same(alias, SAMPLES)


def test_lexers_that_lex_their_own_way_are_left_alone() -> None:
    for alias in ("c", "ruby", "yaml", "json", "text", "xquery"):
        assert not _accelerated(alias)
    assert _accelerated("js") and _accelerated("kotlin") and _accelerated("python")


class _Quirks(RegexLexer):
    """Rules the joined path must treat with care, in an order where it matters."""

    name = "quirks"
    tokens: ClassVar[dict[str, list[Any]]] = {
        "root": [
            (r"(?i)select\b", Text.A),  # a global flag: scoped when joined
            (r"(['\"])(.*?)\1", Text.B),  # a back-reference: tried on its own
            (r"[a-z]+", Text.C),
            (r"sel", Text.D),  # never reached: the rule above matches first
            (r"(\d)(\d)", lambda lexer, m: iter([(m.start(2), Text.E, m.group(2))])),
            (r"\s+", Text.F),
        ]
    }


def test_order_flags_back_references_and_callbacks() -> None:
    text = "SELECT 'a' \"b\" sel selected 12 \n"
    fast = list(fast_lexer.tokens_unprocessed(_Quirks(), text))
    assert fast == list(_Quirks().get_tokens_unprocessed(text))
    assert (0, Text.A, "SELECT") in fast
    assert (7, Text.B, "'a'") in fast
    assert (29, Text.E, "2") in fast  # the callback saw its own group numbers
    plan = fast_lexer._PLANS[_Quirks]["root"]
    assert [len(rules) if joined else 0 for joined, _, rules in plan] == [0, 0, 4]


def _blocks(notes: list[Path]) -> dict[str, list[str]]:
    blocks: dict[str, list[str]] = {}
    for path in notes:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        for lang, code in re.findall(r"```(\w+)[^\n]*\n(.*?)```", text, re.S):
            blocks.setdefault(lang.lower(), []).append(code)
    return blocks


def test_every_code_block_of_the_committed_vaults() -> None:
    """The example vault and the visual gallery, in this repository: no ../shared needed."""
    root = Path(__file__).resolve().parent.parent
    notes = sorted(
        [*root.glob("examples/vault/**/*.md"), *root.glob("tests/visual/gallery/**/*.md")]
    )
    checked = 0
    for lang, codes in sorted(_blocks(notes).items()):
        try:
            get_lexer_by_name(lang)
        except ClassNotFound:
            continue
        _same(lang, codes)
        checked += len(codes)
    assert checked >= 15


@pytest.mark.slow
def test_every_code_block_of_the_corpora() -> None:
    notes = sorted(CORPORA.glob("*/**/*.md")) if CORPORA.is_dir() else []
    if not notes:
        pytest.skip("corpora not present (needs ../shared/corpora next to the repo)")
    checked = 0
    for lang, codes in sorted(_blocks(notes).items()):
        try:
            get_lexer_by_name(lang)
        except ClassNotFound:
            continue
        _same(lang, codes)
        checked += len(codes)
    assert checked > 10_000
