"""`export --relink OLD.apkg`: rebuild lost identities from a deck Anki already has.

When the lock is lost for real (never committed, damaged with no copy in version control), the
notes in Anki still carry their GUIDs. A previous export holds the same notes, so each card of
the vault is matched to a note of OLD.apkg the way the lock matches cards, by content first:
same place and fields, then the same text (a renamed note), then the same question text (the
answer edited too), then the same place (question edited in place). Only matches unique on both
sides are taken; the rest get new identities, as the lock would give them. The result is an
ordinary lock, which `apply_lock` then uses: relinked notes keep their GUIDs, and their `mod`
only where what Anki stores is unchanged.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from .diff import PackagedNote, cards_as_notes
from .identity import (
    BASIC_MODEL_ID,
    CLOZE_MODEL_ID,
    REVERSED_MODEL_ID,
    content_digest,
    parts_digest,
)
from .lock import Lock, LockEntry, unique_pairs
from .model import Card
from .report import Report

_KIND_OF_MODEL = {BASIC_MODEL_ID: "basic", REVERSED_MODEL_ID: "reversed", CLOZE_MODEL_ID: "cloze"}
_TAG = re.compile(r"<[^>]*>")
_CHANGED = "0" * 16  # a rendered hash no card has: the card's mod moves past the old note's


def _plain(fragment: str) -> str:
    """A field's text without markup or whitespace differences: survives a new renderer."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def _keys(kind: str, fields: tuple[str, ...], place: str) -> tuple[str, ...]:
    question, answer, source = (*fields, "", "", "")[:3]
    source = _plain(source)
    return (
        f"{kind}\x1f{source}\x1f{question}\x1f{answer}",
        f"{kind}\x1f{_plain(question)}\x1f{_plain(answer)}",
        f"{kind}\x1f{_plain(question)}",
        f"{kind}\x1f{source}\x1f{place}",
    )


def _places(sources: list[tuple[str, str]]) -> list[str]:
    """Each item's rank among the items of the same (kind, note): the order an export writes."""
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for item in sources:
        out.append(str(seen[item]))
        seen[item] += 1
    return out


def relink_lock(cards: list[Card], old: list[PackagedNote], report: Report) -> Lock:
    """A lock giving `cards` the GUIDs of the matching notes of a previous export."""
    free = [i for i, c in enumerate(cards) if not c.pinned]
    pinned = {c.guid for c in cards if c.pinned}
    notes = [n for n in old if n.model in _KIND_OF_MODEL and n.guid not in pinned]
    now = cards_as_notes(cards)
    card_places = _places([(c.kind, c.source) for c in cards])
    note_places = _places([(_KIND_OF_MODEL[n.model], _plain(n.label)) for n in notes])
    card_keys = [_keys(c.kind, now[i].fields, card_places[i]) for i, c in enumerate(cards)]
    note_keys = [
        _keys(_KIND_OF_MODEL[n.model], n.fields, note_places[j]) for j, n in enumerate(notes)
    ]
    entries = list(range(len(notes)))
    paired: dict[int, int] = {}
    unsure: set[int] = set()  # cards that matched several notes at some pass
    for n in range(4):
        ambiguous: list[str] = []
        for i, j in unique_pairs(
            free, entries, [k[n] for k in card_keys], [k[n] for k in note_keys], ambiguous
        ):
            paired[i] = j
        free = [i for i in free if i not in paired]
        entries = [j for j in entries if j not in paired.values()]
        several = set(ambiguous)
        unsure.update(i for i in free if card_keys[i][n] in several)
    for i in free:
        if i in unsure:
            report.warning(
                cards[i].source,
                cards[i].source_line or None,
                "ambiguous-identity",
                "this card matches several notes of the --relink deck; it gets a new identity "
                "— give the note a frontmatter `id` to keep one",
            )
    lock = Lock()
    for i, j in sorted(paired.items()):
        card, note = cards[i], notes[j]
        same = (note.fields, sorted(note.tags), note.media) == (
            now[i].fields,
            sorted(now[i].tags),
            now[i].media,
        )
        lock.cards.append(
            LockEntry(
                note.guid,
                note.mod,
                (card.digest or content_digest(card)) if same else _CHANGED,
                parts_digest(*card.fingerprint),
                card.fingerprint[0],
                card.kind,
                card.key,
                card.source,
            )
        )
    return lock
