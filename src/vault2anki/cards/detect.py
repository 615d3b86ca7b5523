"""Layout detection: which documented layout each part of a vault uses, weighed over the whole
vault from every note's signals (signals.py), and the one `hint:` line when the options given
miss most of the notes another layout would catch.

A layout is a change of options (`--frontmatter-question title`, `--answer-heading … Solution`,
`--flashcards-tag cards`) and the notes it would change: those whose signals it reads. It is
advised when

- at least `MIN_NOTES` of those notes give no card now, and more of them give none than give
  cards (the options miss *most* of what it would catch: a bilingual vault whose question
  notes give cards and whose 400 concept notes carry a `title:` is left alone);
- for the weaker signals (a frontmatter key, Spaced Repetition lines), those notes are also a
  real part of the vault: a tenth as many as the notes that give cards now, at least;
- the card finder, run with the new options on every note they change, finds more cards.

The count is that run's: the cards the vault gives now, less those of the changed notes, plus
what the finder makes of them (a reversed note two cards, a cloze one per deletion number).
Nothing here changes a card: the advice is printed, and `vault2anki init` writes it down.
"""

from __future__ import annotations

import re
import shlex
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..model import CardSource, NoteFile
from ..options import LayoutOptions, OptionsError
from ..report import Report
from .layouts import has_tag, note_cards
from .signals import Signals
from .srcloze import CLOZE_RE

MIN_NOTES = 3


@dataclass(frozen=True)
class NoteSeen:
    """A note with signals as an export saw it: they, and the Anki cards it gave."""

    rel: str
    signals: Signals
    cards: int


@dataclass(frozen=True)
class Seen:
    """The vault as an export saw it: its notes with signals, and the cards it gave."""

    notes: Sequence[NoteSeen]
    giving: int  # notes that gave cards
    cards: int  # Anki cards in all
    # Every note of the vault with the Anki cards it gave: what a new flashcards tag may
    # change is any note with that tag, signals or not.
    every: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Advice:
    """A layout the options miss: what was found, the options that read it, the cards then."""

    found: str  # "1,498 notes have a frontmatter 'title' and no answer heading"
    fields: dict[str, Any]  # the options, by their `Options.of` names, with their new values
    flags: tuple[str, ...]  # the same as command-line words
    cards: int  # the cards the whole vault gives with them
    notes: int  # notes that give no card now and would with them

    def line(self) -> str:
        return (
            f"hint: {self.found} — {' '.join(self.flags)} gives {self.cards:,} cards "
            "(vault2anki init writes it to vault2anki.toml)"
        )


@dataclass(frozen=True)
class _Layout:
    found: str
    fields: dict[str, Any]
    reads: Callable[[Signals], bool]  # the notes whose cards the new options may change
    misses: Callable[[Signals], bool]  # of those, the ones it is evidence for (no card now)
    weak: bool  # a frontmatter key or `::` lines: also common in notes that are no cards
    everywhere: bool = False  # may change notes without signals too: count on every note


def anki_cards(sources: Iterable[CardSource]) -> int:
    """The Anki cards these make: a reversed note two, a cloze one per deletion number."""
    total = 0
    for s in sources:
        if s.kind == "cloze":
            total += max(1, len({m.group(1) for m in CLOZE_RE.finditer(s.question)}))
        else:
            total += 2 if s.kind == "reversed" else 1
    return total


def _quote(word: str) -> str:
    """A shell word: bare when it is one (`Ответ`), quoted when it is not."""
    return word if re.fullmatch(r"[\w.-]+", word) else shlex.quote(word)


def _flags(fields: dict[str, Any]) -> tuple[str, ...]:
    words: list[str] = []
    for name, value in fields.items():
        flag = "--" + name.replace("_", "-")
        for item in value if isinstance(value, tuple) else (value,):
            words += [flag, _quote(str(item))]
    return tuple(words)


def _frontmatter(missed: list[Signals]) -> list[_Layout]:
    counts = Counter(k for s in missed if not (s.sr_read or s.blank) for k in dict.fromkeys(s.keys))
    if not counts:
        return []
    key, _ = counts.most_common(1)[0]
    return [
        _Layout(
            f"{{n}} notes have a frontmatter '{key}' and no answer heading",
            {"frontmatter_question": key},
            lambda s: key in s.keys,
            lambda s: key in s.keys and not (s.sr_read or s.blank),
            weak=True,
        )
    ]


def _answers(missed: list[Signals], layout: LayoutOptions) -> list[_Layout]:
    counts = Counter(w.casefold() for s in missed for w in s.answers)
    spelling = {w.casefold(): w for s in missed for w in s.answers}
    words = [spelling[w] for w, n in counts.most_common() if n >= MIN_NOTES]
    if not words:
        return []
    wanted = {w.casefold() for w in words}
    asked = Counter(q.casefold() for s in missed for q in s.questions)
    qspelling = {q.casefold(): q for s in missed for q in s.questions}
    questions = [qspelling[q] for q, n in asked.most_common() if n >= MIN_NOTES]
    fields: dict[str, Any] = {}
    if questions:
        fields["question_heading"] = tuple(dict.fromkeys([*layout.question_heading, *questions]))
    fields["answer_heading"] = tuple(dict.fromkeys([*layout.answer_heading, *words]))
    bold = Counter(w for s in missed for w in s.bold)
    forms = " or ".join(
        f"bold '{w}' lines" if bold[w.casefold()] * 2 > counts[w.casefold()] else f"'{w}' headings"
        for w in words
    )
    if questions:
        forms += " under " + " / ".join(f"'{q}'" for q in questions) + " sections"

    def reads(s: Signals) -> bool:
        return not wanted.isdisjoint(w.casefold() for w in s.answers)

    return [_Layout(f"{{n}} notes have {forms} and no answer heading", fields, reads, reads, False)]


def _spaced(missed: list[Signals], layout: LayoutOptions) -> list[_Layout]:
    """A flashcards tag more: the tag notes in the plugin's syntax share when it is none of
    the flashcards tags (those already read the plugin's own settings: options/srplugin.py)."""
    current = {t.casefold() for t in layout.flashcards_tag}
    lined = [s for s in missed if s.sr_lines and not s.sr_read]
    counts = Counter(t.split("::")[0] for s in lined for t in dict.fromkeys(s.tags))
    tags = [t for t, _ in counts.most_common() if t.casefold() not in current]
    if not tags:
        return []
    tag = tags[0]

    def reads(s: Signals) -> bool:
        return has_tag(s.tags, tag)

    return [
        _Layout(
            f"{{n}} notes in Spaced Repetition syntax are tagged '#{tag}', which is no "
            "flashcards tag",
            {"flashcards_tag": (*layout.flashcards_tag, tag)},
            reads,
            lambda s: has_tag(s.tags, tag) and not s.sr_read,
            weak=True,
            # A heading note tagged so would be read as Spaced Repetition syntax instead.
            everywhere=True,
        )
    ]


def layouts_of(seen: Seen, layout: LayoutOptions) -> list[_Layout]:
    """The layouts the notes that give no card show signals of."""
    missed = [n.signals for n in seen.notes if not n.cards]
    return [*_frontmatter(missed), *_answers(missed, layout), *_spaced(missed, layout)]


def _weigh(
    candidate: _Layout,
    seen: Seen,
    layout: LayoutOptions,
    read: Callable[[str], NoteFile | None],
) -> Advice | None:
    """The advice for `candidate`, if the rules of the module docstring hold."""
    changed = [n for n in seen.notes if candidate.reads(n.signals)]
    missed = [n for n in changed if not n.cards and candidate.misses(n.signals)]
    caught = sum(1 for n in changed if n.cards)
    if len(missed) < MIN_NOTES or len(missed) <= caught:
        return None
    if candidate.weak and len(missed) * 10 < seen.giving:
        return None
    try:
        new = replace(layout, **candidate.fields)
    except (OptionsError, TypeError):
        return None
    counted = seen.every if candidate.everywhere else {n.rel: n.cards for n in changed}
    gained, caught_now = 0, 0
    for rel, before in counted.items():
        note = read(rel)
        if note is None:
            continue
        cards = anki_cards(note_cards(note, new, Report()))
        gained += cards - before
        caught_now += bool(cards and not before)
    if gained < MIN_NOTES:
        return None
    found = candidate.found.replace("{n}", f"{len(missed):,}")
    return Advice(
        found, candidate.fields, _flags(candidate.fields), seen.cards + gained, caught_now
    )


def advise(
    seen: Seen,
    layout: LayoutOptions,
    read: Callable[[str], NoteFile | None],
) -> list[Advice]:
    """Every layout the options miss, the one that gives most cards first."""
    found = [
        advice
        for candidate in layouts_of(seen, layout)
        if (advice := _weigh(candidate, seen, layout, read)) is not None
    ]
    return sorted(found, key=lambda a: -a.cards)
