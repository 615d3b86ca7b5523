"""Layout detection over a built vault (cards/detect.py): the signals every note showed, the
cards it gave, and the notes read again only to count what another layout would give."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from ..cards.detect import Advice, NoteSeen, Seen, advise
from ..cards.signals import Signals
from ..model import CardRef, NoteFile
from ..options import LayoutOptions
from ..report import Report
from ..vault.notes import read_note
from ..vault.walk import Vault


def seen_vault(
    signals: Mapping[str, Signals], cards: list[CardRef], rels: Sequence[str] = ()
) -> Seen:
    """What detect.py weighs: each note with signals and its Anki cards, and the totals."""
    per_note = Counter[str]()
    for card in cards:
        per_note[card.source] += len(card.ordinals)
    notes = [NoteSeen(rel, s, per_note.get(rel, 0)) for rel, s in signals.items()]
    every = {rel: per_note.get(rel, 0) for rel in rels}
    return Seen(notes, len(per_note), sum(per_note.values()), every)


def layout_advice(
    vault: Vault, signals: Mapping[str, Signals], cards: list[CardRef], layout: LayoutOptions
) -> list[Advice]:
    """The layouts `layout` misses, with the cards each gives (cards/detect.py)."""
    if not signals:  # most vaults: no note shows another layout, nothing to read
        return []

    def read(rel: str) -> NoteFile | None:
        return read_note(vault.abspath(rel), rel, Report())

    seen = seen_vault(signals, cards, vault.markdown)
    return advise(seen, layout, read)
