"""Which deck a note's cards go to: frontmatter `deck:` wins, then `--deck-from-folders`
(`Deck::Folder::Sub` after the note's folder), else the export's deck.

Anki only places *new* cards by the package's decks; an import never moves existing cards
(docs/anki-import.md rule 4), so a changed deck reaches cards added after the change only.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from ..model import NoteFile
from ..report import Report

DECK_KEY = "deck"  # frontmatter: the full deck name of the note's cards


def clean_deck(name: str) -> str:
    """`A :: B::` → `A::B`: Anki splits deck names at `::`; empty parts make odd decks."""
    return "::".join(part.strip() for part in name.split("::") if part.strip())


def _frontmatter_deck(meta: dict[str, Any]) -> str | None:
    value = meta.get(DECK_KEY)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return clean_deck(str(value)) or None
    return None


def note_deck(
    note: NoteFile, base: str, from_folders: bool, report: Report | None = None
) -> str | None:
    """The deck of `note`'s cards, or None when it is simply the export's deck `base`."""
    if (deck := _frontmatter_deck(note.meta)) is not None:
        return deck
    if DECK_KEY in note.meta and note.meta[DECK_KEY] is not None and report is not None:
        report.warning(
            note.rel,
            1,
            "frontmatter-deck",
            "frontmatter 'deck' is not a deck name; the cards go to the export's deck",
        )
    if from_folders:
        folders = PurePosixPath(note.rel).parent.parts
        return clean_deck("::".join([base, *folders]))
    return None


def card_deck(own: str | None, note_deck: str) -> str:
    """A card's deck: its own (`CardSource.deck`) or its note's; an own deck written
    `::course::lecture-1` (a Spaced Repetition flashcards tag's) goes below the note's."""
    if own is None:
        return note_deck
    return clean_deck(note_deck + own) if own.startswith("::") else own
