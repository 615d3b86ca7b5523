"""What one note shows of the layouts vault2anki knows, whatever the options say: the note's
`Signals`, found with its cards (pipeline.py) and cached with them, so that a warm export
knows every note's signals without reading a note again. detect.py weighs them over the
whole vault.

A signal is something a documented layout would make a card of:

- a frontmatter key that holds a question (`title:`, `prompt:`, … or any key whose text ends
  in `?`), in a note with a body to be its answer (without one, it is still what that option
  would change);
- a heading or a bold line (`## Solution`, `**Решение:**`) whose text is a known word for
  "answer" in some language and not one of the markers given; with a language qualifier
  (`## Antwort (DE)`), the qualified heading above it is a question section (`# Frage (DE)`);
- lines in Spaced Repetition syntax (`Q::A`, a `?` line; not headings, not code), a fifth of
  the note's lines at least, in a note the plugin's tag does not mark.

Most notes show none: their signals are `None`, nothing is stored.
"""

from __future__ import annotations

import functools
import re
from typing import Any, NamedTuple

from ..model import NoteFile
from ..options import LayoutOptions
from ..vault.lines import prose_indexes
from .headings import BOLD_MARKER_RE, HEADING_RE, QUALIFIER_RE, bare

# Frontmatter keys that hold a note's question in the vaults people write (`question:` is
# always read: it is no signal).
QUESTION_KEYS = ("title", "prompt", "front", "q", "ask", "card", "flashcard", "вопрос")
# Words for "answer" as headings write them; a vault using one that is not a marker loses
# every card. Lower case; matched case-insensitively, without a trailing `:` or qualifier.
ANSWER_WORDS = (
    "answer",
    "answers",
    "ответ",
    "ответы",
    "solution",
    "solutions",
    "решение",
    "antwort",
    "lösung",
    "réponse",
    "respuesta",
    "solución",
    "resposta",
    "risposta",
    "soluzione",
    "antwoord",
    "odpowiedź",
    "відповідь",
    "explanation",
    "объяснение",
)


_FENCE_RE = re.compile(r"^[ \t>]*(?:[-*+][ \t]+)?(```|~~~)")


@functools.lru_cache(maxsize=8)
def _answer_line_re(markers: tuple[str, ...]) -> re.Pattern[str] | None:
    """A cheap test first: a line starting with an answer word that is not a marker (most
    notes have none: `## Answer` in a vault read with the defaults is no signal). Searched in
    the lower-cased body after a newline: faster than `re.IGNORECASE | re.MULTILINE`."""
    given = {m.casefold() for m in markers}
    words = sorted((w for w in ANSWER_WORDS if w not in given), key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"\n[ ]{{0,3}}(?:#{{1,6}}[ \t]+|\*\*|__)[*_ ]*(?:{alternatives})\b")


def _asks_answer_word(body: str, markers: tuple[str, ...]) -> bool:
    cheap = _answer_line_re(tuple(markers))
    return cheap is not None and cheap.search("\n" + body.lower()) is not None


_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{2,4})?$")
_MULTILINE_RE = re.compile(r"^[ \t]*\?\??[ \t]*$", re.MULTILINE)


class Signals(NamedTuple):
    """One note's signals (see the module docstring); a tuple: kept for every such note."""

    keys: tuple[str, ...]  # frontmatter keys that could hold the question
    blank: bool  # the body has no text (a frontmatter question would have no answer)
    answers: tuple[str, ...]  # answer words as written (`Solution`), not markers, once each
    bold: tuple[str, ...]  # those of them written as bold lines (`**Решение:**`), casefolded
    questions: tuple[str, ...]  # qualified question sections above qualified answer words
    sr_lines: int  # lines in Spaced Repetition syntax
    tags: tuple[str, ...]  # the note's tags (what a flashcards tag would have to be)
    sr_read: bool  # read as Spaced Repetition notes with these options


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def question_keys(meta: dict[str, Any]) -> tuple[str, ...]:
    """Frontmatter keys whose text could be the note's question."""
    found = []
    for key, value in meta.items():
        text = _text(value)
        if text is None or not isinstance(key, str) or key.casefold() == "question":
            continue
        if key.casefold() in QUESTION_KEYS or text.endswith("?"):
            found.append(key)
    return tuple(found)


def _split(text: str) -> tuple[str, str]:
    """(name, language) of a heading's text: `**Antwort (DE):**` → ("Antwort", "de")."""
    name = bare(text).rstrip(":").strip()
    m = QUALIFIER_RE.match(name)
    if m and _LANGUAGE_RE.match(m.group(2).strip()):
        return m.group(1).rstrip(":").strip(), m.group(2).strip().casefold()
    return name, ""


def _answer_words(
    lines: list[str], layout: LayoutOptions
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Answer words that are not markers (as written), those written bold, and the qualified
    question sections above qualified ones."""
    markers = {m.casefold() for m in layout.answer_heading}
    asked = {m.casefold() for m in layout.question_heading}
    words: dict[str, str] = {}
    questions: dict[str, str] = {}
    bold: dict[str, None] = {}
    above: list[tuple[int, str, str]] = []  # (level, name, language) of the headings so far
    for i in prose_indexes(lines):
        m = HEADING_RE.match(lines[i])
        b = None if m else BOLD_MARKER_RE.match(lines[i])
        if m is None and b is None:
            continue
        level, text = (len(m.group(1)), m.group(2)) if m else (7, b.group(2) if b else "")
        name, language = _split(text)
        if name.casefold() in ANSWER_WORDS and name.casefold() not in markers:
            words.setdefault(name.casefold(), name)
            if m is None:
                bold[name.casefold()] = None
            for up_level, up_name, up_language in reversed(above):
                if up_level < level and up_language == language and language:
                    if up_name.casefold() not in asked:
                        questions.setdefault(up_name.casefold(), up_name)
                    break
        if m is not None:
            above.append((level, name, language))
    return tuple(words.values()), tuple(bold), tuple(questions.values())


def _sr_lines(body: str, layout: LayoutOptions) -> int:
    """Prose lines a Spaced Repetition note would make cards of: `Q::A` (text on both sides
    of the separator) or a line holding only `?` / `??` (not code: `std::vector`, `a::before`
    in a code block are no cards)."""
    sep = layout.sr_inline
    if sep not in body and not ("?" in body and _MULTILINE_RE.search(body)):
        return 0  # the cheap test: most notes have neither
    count = text = 0
    fenced = False
    # Fences by a plain toggle, not the line scanner (prose_indexes): a note of Kotlin with
    # `String::class` in every paragraph is common, and this is only a sign; the card finder
    # counts what the flag would give.
    for line in body.split("\n"):
        if _FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced or not line.strip() or HEADING_RE.match(line):
            continue  # a heading is a section's name, not a card (`# What is std::move?`)
        text += 1
        before, found, after = line.partition(sep)
        if (found and before.strip() and after.strip(": ").strip()) or _MULTILINE_RE.match(line):
            count += 1
    # A flashcards note is mostly cards; a note that mentions `a::b` once in its prose is not.
    return count if count * 5 >= text else 0


def note_signals(
    note: NoteFile, tags: tuple[str, ...], layout: LayoutOptions, sr_read: bool
) -> Signals | None:
    """The note's signals, or None when it shows none (most notes)."""
    body = note.body
    keys = question_keys(note.meta) if note.meta else ()
    answers: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    bold: tuple[str, ...] = ()
    if _asks_answer_word(body, layout.answer_heading):
        answers, bold, questions = _answer_words(body.split("\n"), layout)
    sr_lines = 0 if sr_read else _sr_lines(body, layout)
    if not (keys or answers or sr_lines or sr_read):
        return None
    return Signals(keys, not body.strip(), answers, bold, questions, sr_lines, tags, sr_read)
