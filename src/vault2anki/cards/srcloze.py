"""Cloze deletions of Spaced Repetition cards: Anki's `{{c1::…}}` as written, and the plugin's
cloze patterns (`==highlight==`, `**bold**`, `{{curly}}`, …; options/clozepattern.py compiles
them) turned into it; a cloze card's key (its text with the deletions blanked)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..options.clozepattern import DEFAULT_CLOZE_PATTERN, CompiledPattern, compile_pattern
from ..vault.lines import code_spans
from .srlines import Line, mask_code

# An Anki deletion: {{c1::text}} or {{c1::text::hint}} (text may hold single braces).
CLOZE_RE = re.compile(r"\{\{c(\d+)::(.+?)\}\}")


def clozes(text: str) -> Iterator[re.Match[str]]:
    """CLOZE_RE's matches, line by line up to the line's last `}}`: past it no deletion can
    close, and trying every `{{c1::` there would read the rest of the line again and again
    (minutes on a hostile line; tests/bad_input/test_stalls.py)."""
    pos = 0
    while pos <= len(text):
        eol = text.find("\n", pos)
        eol = len(text) if eol < 0 else eol
        last = text.rfind("}}", pos, eol)
        if last >= 0:
            yield from CLOZE_RE.finditer(text, pos, last + 2)
        pos = eol + 1


def _replace_clozes(text: str, repl: Callable[[re.Match[str]], str]) -> str:
    out, pos = [], 0
    for m in clozes(text):
        out += [text[pos : m.start()], repl(m)]
        pos = m.end()
    return "".join([*out, text[pos:]])


def mask(text: str, patterns: Sequence[str] = (DEFAULT_CLOZE_PATTERN,)) -> str:
    """`text` with inline code and cloze deletions (Anki's and the patterns') blanked, same
    length: no separator counts there, so `==a::b==` is one deletion, not a card."""
    masked = _replace_clozes(mask_code(text), lambda m: " " * len(m.group(0)))
    lines = masked.split("\n")
    for i, line in enumerate(lines):
        out, pos = [], 0
        for start, end, _ in pattern_deletions(line, patterns):
            out += [line[pos:start], " " * (end - start)]
            pos = end
        lines[i] = "".join([*out, line[pos:]])
    return "\n".join(lines)


@dataclass(frozen=True)
class Deletion:
    """One deletion a cloze pattern found on a line: where, what it hides, its number as
    written (classic), its sequence (overlapping: `a` asks it on that card), its hint."""

    start: int
    end: int
    answer: str
    number: int | None
    seq: str | None
    hint: str | None


def _matches(
    regex: re.Pattern[str], line: str, compiled: CompiledPattern
) -> Iterator[re.Match[str]]:
    """`regex`'s matches on `line`, tried only at an opening mark before the line's last
    closing mark: past it no deletion can end, and trying every opener there would read the
    rest of the line again and again (tests/bad_input/test_stalls.py)."""
    opening, closing = compiled.opening, compiled.closing
    if not opening or not closing:
        yield from regex.finditer(line)
        return
    stop = line.rfind(closing)
    at = line.find(opening)
    while 0 <= at < stop:
        m = regex.match(line, at)
        if m is not None and m.end() > m.start():
            yield m
            at = line.find(opening, m.end())
        else:
            at = line.find(opening, at + 1)


def deletions(line: str, patterns: Sequence[str]) -> list[Deletion]:
    """The deletions the patterns find on one line, in order, none overlapping: each
    pattern's numbered (classic) form first, then its overlapping and simple forms, earlier
    patterns first. Inline code may stand inside a deletion, but its markers never open or
    close one; an answer starts with no blank (`a == b == c` is text) and loses blanks at its
    end (`==answer ==`, as the plugin reads it)."""
    chars = list(line)
    for start, end in code_spans(line):
        chars[start:end] = "\x01" * (end - start)
    masked = _replace_clozes("".join(chars), lambda m: "\x02" * len(m.group(0)))
    found: list[Deletion] = []
    taken = bytearray(len(line))  # 1 where a deletion found so far stands
    for pattern in patterns:
        compiled = compile_pattern(pattern)
        for regex in (compiled.classic, compiled.overlapping, compiled.simple):
            for m in _matches(regex, masked, compiled):
                if taken.find(1, m.start(), m.end()) >= 0:
                    continue
                answer = line[m.start("answer") : m.end("answer")].rstrip()
                groups = m.groupdict()
                hint = line[m.start("hint") : m.end("hint")] if groups.get("hint") else None
                number = int(groups["number"]) if groups.get("number") else None
                found.append(Deletion(m.start(), m.end(), answer, number, groups.get("seq"), hint))
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return sorted(found, key=lambda d: d.start)


def pattern_deletions(line: str, patterns: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, answer) of each deletion the patterns find on one line."""
    return [(d.start, d.end, d.answer) for d in deletions(line, patterns)]


def _anki(answer: str, number: int, hint: str | None) -> str:
    return f"{{{{c{number}::{answer}{'::' + hint if hint else ''}}}}}"


def _asked_on(deletion: Deletion) -> int | None:
    """An overlapping deletion's card: its first `a` (Anki asks a deletion on one card)."""
    at = (deletion.seq or "").find("a")
    return at + 1 if at >= 0 else None


def to_cloze(lines: list[Line], patterns: Sequence[str]) -> tuple[str, int, int]:
    """The paragraph with each pattern's deletions as Anki's `{{cN::answer::hint}}` (numbered
    as written, else in order after the highest number already there); how many deletions
    it holds outside code that make a card (a number of 1 or more, an answer); and how many
    it holds at all."""
    prose = [ln.text for ln in lines if not ln.code]
    existing = [(int(m.group(1)), m.group(2)) for t in prose for m in clozes(mask_code(t))]
    found = {ln.index: deletions(ln.text, patterns) for ln in lines if not ln.code}
    given = [d.number or _asked_on(d) or 0 for ds in found.values() for d in ds]
    counter = max([n for n, _ in existing] + given, default=0)
    cards = sum(1 for n, answer in existing if n >= 1 and answer.strip())
    written = len(existing)
    converted = []
    for line in lines:
        text, out, last = line.text, [], 0
        for d in found.get(line.index, []) if not line.code else []:
            if d.seq is not None:
                number = _asked_on(d)
            elif d.number is not None:
                number = d.number
            else:
                counter += 1
                number = counter
            shown = d.answer if number is None else _anki(d.answer, number, d.hint)
            cards += number is not None and number >= 1 and bool(d.answer.strip())
            written += number is not None
            out += [text[last : d.start], shown]
            last = d.end
        converted.append("".join(out) + text[last:])
    return "\n".join(converted).strip("\n"), cards, written


def normalize(text: str) -> str:
    """Whitespace runs as one space: a key that ignores re-wrapping."""
    return " ".join(text.split())


def cloze_key(text: str) -> str:
    """A cloze's identity: its text with each deletion's content blanked (`{{c1}}`), so fixing
    what is hidden updates the card; rewording the sentence around it makes a new one."""
    return normalize(_replace_clozes(text, lambda m: f"{{{{c{m.group(1)}}}}}"))
