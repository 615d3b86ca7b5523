"""A bilingual note whose other language is spelled with headings that are not markers.

`# Question (EN)` / `## Answer (EN)` are markers, but a vault that writes the Russian half as
`# Vopros (RU)` / `## Otvet (RU)` loses its Russian card without a word: nothing is wrong in
the note, the markers just never match. The tell is structural: a heading with a language
qualifier that sits right beside a marker of the same level, with a language no marker of that
role has. One warning per note names the headings and gives the exact options to add.

No card is made or dropped here: which sibling is the answer is a guess, good enough for a hint
and not for a card.
"""

from __future__ import annotations

import re
import shlex
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import NoteFile, Problem
from ..options import LayoutOptions
from ..report import Report
from .headings import Heading, bare

KIND = "unmarked-language"
# A language code as a qualifier: `(RU)`, `(en)`, `(pt-BR)`; not `(Medium)` or `(2024)`.
_LANGUAGE_RE = re.compile(r"^(.*?)\s*\(([A-Za-z]{2,3}(?:-[A-Za-z]{2,4})?)\)\s*$")


@dataclass(frozen=True)
class _Miss:
    heading: Heading
    role: str  # "question" or "answer"
    name: str  # the heading text without its qualifier: what to add as a marker
    language: str  # "ru"


def _language(text: str) -> tuple[str, str] | None:
    """(name, language) of a heading like `Otvet (RU)`, else None."""
    m = _LANGUAGE_RE.match(bare(text))
    if m is None:
        return None
    name = m.group(1).strip().rstrip(":").strip()
    return (name, m.group(2).casefold()) if name else None


def _misses(headings: list[Heading], role: str, claimed: set[int]) -> list[_Miss]:
    """For each language some heading has but no `role` marker has, while `role` markers with
    a language exist: the first such heading (not `claimed`) at the level of a `role` marker."""
    markers = [h for h in headings if h.role == role and h.qualifier]
    languages, levels = {h.qualifier for h in markers}, {h.level for h in markers}
    misses: dict[str, _Miss] = {}
    for h in headings:
        found = _language(h.text) if h.role is None and h.level in levels else None
        if found and found[1] not in languages and h.index not in claimed:
            misses.setdefault(found[1], _Miss(h, role, found[0], found[1]))
    return list(misses.values())


def _option(flag: str, current: Sequence[str], add: list[str]) -> str:
    """The options that add `add` to the markers: they replace the defaults, so those too."""
    names = list(dict.fromkeys([*current, *add]))
    return " ".join(f"{flag} {_quote(name)}" for name in names)


def _quote(name: str) -> str:
    """A marker as a shell word: bare when it is one (`Ответ`), quoted when it is not."""
    return name if re.fullmatch(r"[\w.-]+", name) else shlex.quote(name)


def missing_markers(
    note: NoteFile, headings: list[Heading], layout: LayoutOptions, report: Report
) -> None:
    """Warn once about a note whose question/answer in another language is not a marker.

    A language counts only when the note asks or answers in it (a marker, or a miss of the
    other role): `## Follow-ups (RU)` beside the only `## Answer (EN)` of an English-only note
    is a section, not a missing answer."""
    questions = _misses(headings, "question", set())
    answers = _misses(headings, "answer", {m.heading.index for m in questions})
    asked = {h.qualifier for h in headings if h.role == "question"} | {
        m.language for m in questions
    }
    answered = {h.qualifier for h in headings if h.role == "answer"} | {m.language for m in answers}
    misses = [m for m in questions if m.language in answered]
    misses += [m for m in answers if m.language in asked]
    if not misses:
        return
    misses.sort(key=lambda m: m.heading.index)
    shown = " and ".join(
        f"'{'#' * m.heading.level} {m.heading.text}' (line {note.body_line + m.heading.index})"
        for m in misses
    )
    languages = ", ".join(sorted({m.language.upper() for m in misses}))
    flags = [
        _option(flag, current, [m.name for m in misses if m.role == role])
        for role, flag, current in (
            ("question", "--question-heading", layout.question_heading),
            ("answer", "--answer-heading", layout.answer_heading),
        )
        if any(m.role == role for m in misses)
    ]
    roles = " and ".join(r for r in ("question", "answer") if any(m.role == r for m in misses))
    verb = "looks" if len(misses) == 1 else "look"
    report.warning(
        note.rel,
        note.body_line + misses[0].heading.index,
        KIND,
        f"{shown} {verb} like this note's {languages} {roles} but "
        f"{'is not a marker heading' if len(misses) == 1 else 'are not marker headings'}, "
        f"so no {languages} card is made; to make it, pass {' '.join(flags)} (they replace "
        "the defaults, which are listed too), or set them in vault2anki.toml",
    )


_ADVICE_RE = re.compile(r"to make it, pass (.+?) \(they replace")


def summary(problems: Sequence[Problem]) -> str | None:
    """One closing line for a vault where several notes got the same advice: 200 repeats of
    one warning read as noise, and the fix is the same options for all of them."""
    advice = Counter(
        m.group(1)
        for p in problems
        if p.kind == KIND and (m := _ADVICE_RE.search(p.message)) is not None
    )
    if sum(advice.values()) < 2:
        return None
    flags, count = advice.most_common(1)[0]
    total = sum(advice.values())
    return (
        f"hint: {total} notes have a question or answer in another language under a heading "
        f"that is not a marker (warnings above); {'all' if count == total else count} of "
        f"them get their cards with: {flags}"
    )


def advised_markers(problems: Sequence[Problem]) -> dict[str, tuple[str, ...]]:
    """The markers `summary` advises, as options (`question_heading`, `answer_heading`): what
    `vault2anki init` writes for a bilingual vault; {} when no note got the advice."""
    advice = Counter(
        m.group(1)
        for p in problems
        if p.kind == KIND and (m := _ADVICE_RE.search(p.message)) is not None
    )
    if not advice:
        return {}
    words = shlex.split(advice.most_common(1)[0][0])
    found: dict[str, tuple[str, ...]] = {}
    for flag, value in zip(words[::2], words[1::2], strict=False):
        name = flag.removeprefix("--").replace("-", "_")
        found[name] = (*found.get(name, ()), value)
    return found
