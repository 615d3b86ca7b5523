"""Cards whose answer is empty: not cards by default (issue 23).

41 of the seed vault's 233 would-be cards were coding tasks whose solution block is not written
yet (`### Ответ` over an empty ```js fence): a blank back teaches nothing, and forty warnings
buried the one that mattered. So such a card is left out and counted, each note named in a
grouped warning; `--keep-empty-answers` exports them as before, with an empty back.

Decided after every layout has found its cards and given them keys, so a note's other cards
keep their keys (and GUIDs), and `list`, `preview`, `check`, `export` and `sync` agree.
"""

from __future__ import annotations

import re

from ..model import CardSource
from ..options import LayoutOptions
from ..report import Report

# A fence that opens and closes with nothing but blank lines between (``` or ~~~, any info).
_EMPTY_FENCES_RE = re.compile(r"^\s*(```|~~~)[^\n]*\n\s*\1\s*$", re.MULTILINE)


def is_empty_answer(markdown: str) -> bool:
    """Blank, or only empty fenced code blocks."""
    return not _EMPTY_FENCES_RE.sub("", markdown).strip()


def empty_answer(report: Report, rel: str, line: int, kept: bool) -> None:
    """Say that a card's answer is empty: left out (the default), or kept with an empty back."""
    if kept:
        report.warning(
            rel, line, "empty-answer", "answer is empty; the card is exported with an empty back"
        )
    else:
        report.warning(
            rel,
            line,
            "empty-answer-left-out",
            "answer is empty, so this is not a card; write the answer, or keep such cards "
            "with --keep-empty-answers",
        )


def without_empty_answers(
    cards: list[CardSource], layout: LayoutOptions, report: Report
) -> list[CardSource]:
    """`cards` less those whose answer is empty (unless --keep-empty-answers), each said. A
    cloze has no answer field: never judged here."""
    kept = layout.keep_empty_answers
    out = []
    for card in cards:
        if card.kind != "cloze" and is_empty_answer(card.answer):
            empty_answer(report, card.note.rel, card.line, kept)
            if not kept:
                continue
        out.append(card)
    return out
