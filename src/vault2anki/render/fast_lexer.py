"""Pygments' regex lexing, one regex call per token instead of one per rule tried.

`RegexLexer.get_tokens_unprocessed` tries a state's rules in order, a Python-level
`pattern.match(text, pos)` each, until one matches: ~15 calls per token on JavaScript, and in
all the largest single cost of rendering a card with code (a third on the bilingual corpus).
Python's `re` alternation is ordered too — `A|B` tries A first and takes B only where A fails —
so one regex `(?P<r0>rule0)|(?P<r1>rule1)|…` per state finds, in one call, the same first rule
that matches, and `lastindex` says which (the wrapping group closes last). That rule's own
pattern is then matched again at the same place, so its callbacks see the match object (and
group numbers) they always did. The loop around it — state changes, error characters, the reset
at a line end — follows `RegexLexer.get_tokens_unprocessed` (Pygments 2.x) step by step.

A state keeps the rule-by-rule loop when its rules cannot be joined without changing what they
mean: a back-reference (`\\1`, `(?P=x)`, `(?(1)…)`) that would point at another group, a global
inline flag, rules compiled with different flags, or a join that does not compile. Lexers
that override `get_tokens_unprocessed` (C, Ruby, YAML, …) are left alone entirely.

tests/test_fast_lexer.py holds the token streams equal to stock Pygments for every regex lexer
Pygments ships and every code block of the corpora.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from pygments.lexer import Lexer, RegexLexer
from pygments.token import Error, Whitespace, _TokenType

Rule = tuple[Callable[[str, int], Any], Any, Any]  # (pattern.match, action, new state)
# A run of a state's rules, tried as one: the joined pattern's match and the rule index of each
# wrapping group — or (None, {}) for a lone rule that cannot be joined, tried by itself.
Segment = tuple[Callable[[str, int], Any] | None, dict[int, int], list[Rule]]

# A back-reference would point at another rule's group once joined (see the module docstring).
_BACKREF_RE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
_GLOBAL_FLAGS_RE = re.compile(r"\(\?([aiLmsux]+)\)")
_GROUP = "_v2k_rule"
_PLANS: dict[type, dict[str, list[Segment]]] = {}  # by lexer class: each state's segments


def _scoped(source: str) -> str:
    """`(?i)rule` as `(?i:rule)`: a leading global flag may not stand mid-pattern, and scoped
    to the whole rule it means the same."""
    m = _GLOBAL_FLAGS_RE.match(source)
    if m is None:
        return source
    end = "\n)" if "x" in m.group(1) else ")"  # a verbose rule's `# comment` must not eat it
    return f"(?{m.group(1)}:{source[m.end() :]}{end}"


def _join(rules: list[Rule], flags: int) -> Segment | None:
    """One pattern trying `rules` in order, or None if they do not compile together."""
    end = "\n)" if flags & re.VERBOSE else ")"
    source = "|".join(
        f"(?P<{_GROUP}{i}>{_scoped(_source(rule))}{end}" for i, rule in enumerate(rules)
    )
    try:
        joined = re.compile(source, flags)
    except (re.error, RecursionError, OverflowError):
        return None
    return joined.match, {joined.groupindex[f"{_GROUP}{i}"]: i for i in range(len(rules))}, rules


def _source(rule: Rule) -> str:
    """The rule's regex source ("" if its matcher is not a `str` pattern's `match`)."""
    pattern = getattr(rule[0], "__self__", None)
    if isinstance(pattern, re.Pattern) and isinstance(pattern.pattern, str):
        return pattern.pattern
    return ""


def _joinable(rule: Rule) -> bool:
    source = _source(rule)
    return bool(source) and not _BACKREF_RE.search(source)


def _segments(rules: list[Rule], flags: int) -> list[Segment]:
    """The state's rules as runs of joinable ones (each run one pattern) and lone others."""
    out: list[Segment] = []
    run: list[Rule] = []
    for rule in [*rules, None]:
        if rule is not None and _joinable(rule):
            run.append(rule)
            continue
        joined = _join(run, flags) if len(run) > 1 else None
        out.extend([joined] if joined is not None else [(None, {}, [r]) for r in run])
        run = []
        if rule is not None:
            out.append((None, {}, [rule]))
    return out


def _plan(plans: dict[str, list[Segment]], lexer: RegexLexer, state: str) -> list[Segment]:
    plan = plans.get(state)
    if plan is None:
        plan = plans[state] = _segments(list(lexer._tokens[state]), lexer.flags)
    return plan


def _next_stack(stack: list[str], new_state: Any) -> None:
    """Apply a rule's state change to `stack` (Pygments' rules, including its leniency)."""
    if isinstance(new_state, tuple):
        for state in new_state:
            if state == "#pop":
                if len(stack) > 1:
                    stack.pop()
            elif state == "#push":
                stack.append(stack[-1])
            else:
                stack.append(state)
    elif isinstance(new_state, int):
        # Pop, keeping at least one state (stray pops in odd code must not raise).
        if abs(new_state) >= len(stack):
            del stack[1:]
        else:
            del stack[new_state:]
    elif new_state == "#push":
        stack.append(stack[-1])
    else:
        raise AssertionError(f"wrong state def: {new_state!r}")


def tokens_unprocessed(
    lexer: RegexLexer, text: str, stack: tuple[str, ...] = ("root",)
) -> Iterator[tuple[int, _TokenType, str]]:
    """What `lexer.get_tokens_unprocessed(text, stack)` yields, found with joined rules."""
    plans = _PLANS.setdefault(type(lexer), {})
    statestack = list(stack)
    plan = _plan(plans, lexer, statestack[-1])
    pos = 0
    while True:
        # The first rule that matches at `pos`, segment by segment (inlined: once per token).
        # From a joined run the joined match serves a rule that only names a token type (same
        # text, same end); a rule with a callback gets its own match, with its own groups.
        m: Any = None
        rule: Rule | None = None
        for joined, rule_at, rules in plan:
            if joined is None:
                m = rules[0][0](text, pos)
                if m:
                    rule = rules[0]
                    break
                continue
            m = joined(text, pos)
            if m is not None:
                rule = rules[rule_at[m.lastindex]]
                if rule[1] is not None and type(rule[1]) is not _TokenType:
                    m = rule[0](text, pos)
                break
        if rule is None:
            if pos >= len(text):
                return
            if text[pos] == "\n":  # no rule matched at a line end: back to the root state
                statestack = ["root"]
                plan = _plan(plans, lexer, "root")
                yield pos, Whitespace, "\n"
            else:
                yield pos, Error, text[pos]
            pos += 1
            continue
        action, new_state = rule[1], rule[2]
        if type(action) is _TokenType:
            yield pos, action, m.group()
        elif action is not None:
            yield from action(lexer, m)
        pos = m.end()
        if new_state is not None:
            _next_stack(statestack, new_state)
            plan = _plan(plans, lexer, statestack[-1])


def accelerate(lexer: Lexer) -> Lexer:
    """`lexer`, lexing through `tokens_unprocessed` if it is a plain `RegexLexer` (changed in
    place: our lexers are cached per language, fast_highlight.py); others as they are."""
    if (
        isinstance(lexer, RegexLexer)
        and type(lexer).get_tokens_unprocessed is RegexLexer.get_tokens_unprocessed
        and isinstance(getattr(lexer, "_tokens", None), dict)
    ):
        lexer.get_tokens_unprocessed = partial(tokens_unprocessed, lexer)
    return lexer
