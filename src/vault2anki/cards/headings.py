"""Headings of a note, as the card finders see them: level, text, and whether the text is an
answer or question marker (`## Answer (EN)` → answer, qualifier "en"). Bold marker lines
(`**Ответ:**`) count as answer headings below every real level."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..vault.lines import prose_indexes

HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
# A marker in bold on a line of its own (`**Ответ:**`, `**Answer**:`, `__Answer__`): many notes
# write the answer's start this way instead of as a heading.
# `**Ответ**`, `**Ответ:**`, `__Answer__`, and `**Ответ` left unclosed (as 145 notes of the
# seed vault write it): the marker's text alone on its line.
BOLD_MARKER_RE = re.compile(r"^\s{0,3}(\*\*|__)(?!\s)(.+?)(?<!\s)(?:\1)?\s*:?\s*$")
# The level a bold marker gets: below every heading, so any heading above it is its section.
BOLD_LEVEL = 7
QUALIFIER_RE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_EMPHASIS_RE = re.compile(r"[*_`]")


@dataclass(frozen=True)
class Heading:
    index: int  # line index in the body
    level: int
    text: str
    role: str | None  # "answer", "question" or None
    qualifier: str  # "(EN)" → "en"; "" when absent


def bare(text: str) -> str:
    """Heading text without its emphasis marks: `**Answer (EN)**` → `Answer (EN)`."""
    return _EMPHASIS_RE.sub("", text).strip()


def has_qualifier(text: str) -> bool:
    """Does the heading end in a qualifier in parentheses (`## Вопрос (RU)`)?"""
    return QUALIFIER_RE.match(bare(text)) is not None


def _marker(text: str, markers: Sequence[str]) -> str | None:
    """The qualifier ("" if none) when `text` is one of `markers`, else None."""
    name = bare(text).rstrip(":").strip()
    qualifier = ""
    m = QUALIFIER_RE.match(name)
    if m:
        name, qualifier = m.group(1).rstrip(":").strip(), m.group(2).strip().casefold()
    wanted = {marker.casefold() for marker in markers}
    return qualifier if name.casefold() in wanted else None


def find_headings(
    lines: list[str], answer_markers: Sequence[str], question_markers: Sequence[str]
) -> list[Heading]:
    headings: list[Heading] = []
    for i in prose_indexes(lines):
        if lines[i].lstrip()[:1] not in ("#", "*", "_"):
            continue  # starts neither a heading nor a bold marker: no regex needed
        m = HEADING_RE.match(lines[i])
        if not m:
            bold = BOLD_MARKER_RE.match(lines[i])
            if bold and (q := _marker(bold.group(2), answer_markers)) is not None:
                headings.append(Heading(i, BOLD_LEVEL, bold.group(2), "answer", q))
            continue
        text = m.group(2)
        role, qualifier = None, ""
        if (q := _marker(text, answer_markers)) is not None:
            role, qualifier = "answer", q
        elif (q := _marker(text, question_markers)) is not None:
            role, qualifier = "question", q
        headings.append(Heading(i, len(m.group(1)), text, role, qualifier))
    return headings
