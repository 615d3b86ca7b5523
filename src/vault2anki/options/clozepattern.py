"""The Spaced Repetition plugin's cloze patterns (its `clozePatterns` setting), compiled as the
plugin's pattern library (MotaOcimar/clozecraft, `ClozePattern.ts`) compiles them.

A pattern is literal text with the word `answer` where the hidden text stands, one bracketed
group holding a number (`[123;;]`, `[\\[^123\\]]`: where a deletion's number may be written)
and one holding the word `hint` (`[;;hint]`, `[^\\[hint\\]]`); inside a group `\\[` and `\\]`
are literal brackets. `==[123;;]answer[;;hint]==` reads `==Paris==`, `==2;;Paris==` and
`==Paris;;a capital==`; `{{[123::]answer[::hint]}}` reads `{{Paris}}`, `{{1::Paris}}` and
`{{1::Paris::a capital}}`; `==answer==[^\\[hint\\]][\\[^123\\]]` reads
`==Paris==^[a capital][^2]`. Each pattern gives three regular expressions: a deletion without a
number (simple), with one (classic), and with a sequence of `a`/`s`/`h` letters in its place
(the library's overlapping form: asked, shown or hidden on card 1, 2, …). The hint is always
optional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# A bracketed group holding digits / the word hint; `\]` inside does not close it.
_NUMBER_GROUP_RE = re.compile(r"\[(?:\\\]|[^\]])*?\d+(?:\\\]|[^\]])*?\]")
_HINT_GROUP_RE = re.compile(r"\[(?:\\\]|[^\]])*?hint(?:\\\]|[^\]])*?\]")
_ANSWER = "answer"
DEFAULT_CLOZE_PATTERN = "==[123;;]answer[;;hint]=="
# What the plugin's older booleans stand for (its settings upgrade turns them into patterns).
HIGHLIGHT_PATTERN = DEFAULT_CLOZE_PATTERN
BOLD_PATTERN = "**[123;;]answer[;;hint]**"
CURLY_PATTERN = "{{[123;;]answer[;;hint]}}"


@dataclass(frozen=True)
class CompiledPattern:
    """One pattern's regular expressions; groups `answer`, `hint` and `number` / `seq`."""

    source: str
    simple: re.Pattern[str]
    classic: re.Pattern[str]
    overlapping: re.Pattern[str]
    # The simple form exactly as the plugin has it (an answer may start with a blank): where
    # the plugin sees a cloze (cards/srcheck.py).
    plugin: re.Pattern[str]
    opening: str  # literal text every deletion starts with ("" if none)
    closing: str  # literal text every deletion holds after its answer ("" if none)


def _group(text: str, word: str, replacement: str) -> str:
    """A bracketed group's inside as a regex: brackets unescaped, the rest literal, the first
    `word` (a number's digits, or `hint`) as `replacement`, any others matched alike."""
    inner = text[1:-1].replace("\\[", "[").replace("\\]", "]")
    parts = re.split(word, inner)
    escaped = [re.escape(p) for p in parts]
    fillers = [replacement] + [re.sub(r"\(\?P<\w+>", "(?:", replacement)] * (len(parts) - 2)
    out = escaped[0]
    for filler, part in zip(fillers, escaped[1:], strict=True):
        out += filler + part
    return out


def cloze_pattern_problem(pattern: str) -> str | None:
    """Why `pattern` is no cloze pattern (the plugin's own checks), or None."""
    if _ANSWER not in pattern:
        return "it has no 'answer' (where the hidden text stands)"
    if not _NUMBER_GROUP_RE.search(pattern):
        return "it has no bracketed number group such as [123;;]"
    if not _HINT_GROUP_RE.search(pattern):
        return "it has no bracketed hint group such as [;;hint]"
    return None


@cache
def compile_pattern(pattern: str) -> CompiledPattern:
    """The three regular expressions of a valid pattern (`cloze_pattern_problem` is None)."""
    number = _NUMBER_GROUP_RE.search(pattern)
    hint = _HINT_GROUP_RE.search(pattern)
    assert number is not None and hint is not None, pattern
    # A hint never runs past what follows it (`]` of `[^\[hint\]]`, else the closing mark):
    # on a line of many `==a==^[h]`, a hint that fails there is not tried on to every later `]`.
    after_hint = hint.group(0)[1:-1].replace("\\]", "]").partition("hint")[2]
    hint_stop = after_hint or pattern[hint.end() :][: len(_closing(pattern, number, hint))]
    hint_body = f"(?:(?!{re.escape(hint_stop)}).)+?" if hint_stop else ".+?"
    hint_regex = "(?:" + _group(hint.group(0), "hint", f"(?P<hint>{hint_body})") + ")?"
    first, second = sorted((number, hint), key=lambda m: m.start())

    # An answer starts with no blank and not with the opening mark's own character, so that
    # `a == b == c` is text and `===x===` hides `x` (what our highlights always did); and it
    # never runs past its closing mark, so a deletion that fails there is not tried again on
    # every later one (linear on a line of 10,000 `==a==` for `==answer==[^\[hint\]][\[^123\]]`).
    opening = pattern[0] if first.start() > 0 and pattern.find(_ANSWER) > 0 else ""
    closing = _closing(pattern, number, hint)
    body = f"(?:(?!{re.escape(closing)}).)+?" if closing else ".+?"
    guarded = "(?P<answer>(?![\\s" + re.escape(opening) + "])" + body + ")"

    def regex(number_regex: str, answer: str = guarded) -> re.Pattern[str]:
        fill = {number.start(): number_regex, hint.start(): hint_regex}
        literal = [
            pattern[: first.start()],
            pattern[first.end() : second.start()],
            pattern[second.end() :],
        ]
        # The literal text escaped, the first `answer` in it the hidden text (non-greedy).
        text = (
            re.escape(literal[0])
            + fill[first.start()]
            + re.escape(literal[1])
            + fill[second.start()]
            + re.escape(literal[2])
        )
        return re.compile(text.replace(_ANSWER, answer, 1))

    return CompiledPattern(
        pattern,
        simple=regex(""),
        classic=regex(_group(number.group(0), r"\d+", r"(?P<number>\d+)")),
        overlapping=regex(_group(number.group(0), r"\d+", r"(?P<seq>[ash]+)")),
        plugin=regex("", "(?P<answer>.+?)"),
        opening=pattern[: min(pattern.find(_ANSWER), first.start())],
        closing=closing,
    )


def _closing(pattern: str, number: re.Match[str], hint: re.Match[str]) -> str:
    """Literal text every deletion holds after its answer: what follows `answer` up to the next
    group, else what follows the last group (`==` of `==[123;;]answer[;;hint]==`)."""
    after = pattern.find(_ANSWER) + len(_ANSWER)
    ends = [m.start() for m in (number, hint) if m.start() >= after]
    right_after = pattern[after : min(ends, default=len(pattern))]
    if right_after:
        return right_after
    return pattern[max(after, number.end(), hint.end()) :]
