"""Cloze deletions of Spaced Repetition cards: Anki's `{{c1::…}}` as written, and the plugin's
`==highlight==` turned into it; a cloze card's key (its text with the deletions blanked)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..vault.lines import code_spans
from .srlines import Line, mask_code

# An Anki deletion: {{c1::text}} or {{c1::text::hint}} (text may hold single braces).
CLOZE_RE = re.compile(r"\{\{c(\d+)::(.+?)\}\}")
# A highlight opens with `==` and a non-space (so `a == b == c` stays text) and closes at the
# next `==`, a space before it allowed, as the plugin reads `==answer ==`.
_HIGHLIGHT_RE = re.compile(r"==(?![\s=])(.+?)==")


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


def mask(text: str) -> str:
    """`text` with inline code and cloze deletions blanked (same length): no separators there."""
    return _replace_clozes(mask_code(text), lambda m: " " * len(m.group(0)))


def highlights(text: str) -> list[tuple[int, int, str]]:
    """(start, end, content) of each `==highlight==` on one line, as the plugin reads them:
    several per line, inline code inside one (`==`code`==`) kept, a space before the closing
    `==` allowed (and dropped); `==` inside inline code never opens or closes one."""
    chars = list(text)
    for start, end in code_spans(text):
        chars[start:end] = "\x01" * (end - start)
    masked = "".join(chars)
    return [
        (m.start(), m.end(), text[m.start(1) : m.end(1)].rstrip())
        for m in _HIGHLIGHT_RE.finditer(masked)
    ]


def _convert_highlights(text: str, number: Callable[[str], str]) -> str:
    out, last = [], 0
    for start, end, content in highlights(text):
        out += [text[last:start], number(content)]
        last = end
    return "".join(out) + text[last:]


# The plugin's own cloze syntax inside a highlight: `==2;;answer==` numbers the deletion
# (the same number hides several at once), `==answer;;hint==` gives a hint.
_NUMBERED_RE = re.compile(r"^(\d+);;")


def _deletion(content: str, number: int) -> str:
    """`answer;;hint` as Anki's `{{cN::answer::hint}}`."""
    answer, _, hint = content.partition(";;")
    return f"{{{{c{number}::{answer}{'::' + hint if hint else ''}}}}}"


def to_cloze(lines: list[Line], highlight_cloze: bool) -> tuple[str, int]:
    """The paragraph with `==x==` turned into `{{cN::x}}` (numbered as written, `==N;;x==`,
    else in order after the highest number already there), and how many deletions it holds
    outside code."""
    prose = [ln.text for ln in lines if not ln.code]
    existing = [int(m.group(1)) for text in prose for m in clozes(mask_code(text))]
    given = [
        int(m.group(1))
        for text in (prose if highlight_cloze else [])
        for _, _, content in highlights(text)
        if (m := _NUMBERED_RE.match(content))
    ]
    counter = max(existing + given, default=0)
    found = len(existing)

    def number(content: str) -> str:
        nonlocal counter, found
        found += 1
        if m := _NUMBERED_RE.match(content):
            return _deletion(content[m.end() :], int(m.group(1)))
        counter += 1
        return _deletion(content, counter)

    converted = [
        _convert_highlights(line.text, number) if highlight_cloze and not line.code else line.text
        for line in lines
    ]
    return "\n".join(converted).strip("\n"), found


def normalize(text: str) -> str:
    """Whitespace runs as one space: a key that ignores re-wrapping."""
    return " ".join(text.split())


def cloze_key(text: str) -> str:
    """A cloze's identity: its text with each deletion's content blanked (`{{c1}}`), so fixing
    what is hidden updates the card; rewording the sentence around it makes a new one."""
    return normalize(_replace_clozes(text, lambda m: f"{{{{c{m.group(1)}}}}}"))
