"""One note through the pipeline, step by step in the order the stage packages read:

    read it (vault/) → find its cards (cards/) → pick its deck (cards/) →
    render each card (render/) → give each its identity (cards/identity)

`export/parallel.py` runs this for every note the render cache does not already hold, on
worker processes, with a time budget around each step (`step`); identities across exports
(`identities/`) and the package (`apkg/`) come after, over all notes at once.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from .cards.decks import note_deck
from .cards.identity import identify
from .cards.layouts import found_cards
from .cards.signals import Signals
from .model import Card, Problem
from .options import Options
from .render.renderer import Renderer, render_card
from .report import Report
from .vault.notes import read_note
from .vault.walk import Vault

Step = Callable[[], AbstractContextManager[object]]  # wraps each step (a time budget)


@dataclass(slots=True)
class NoteCards:
    """What one note gave. Problems are kept in two lists: an export prints every note's
    reading problems before any rendering problem, whatever order the workers finished in."""

    reading: list[Problem]  # reading the note, finding its cards and deck
    cards: list[Card]  # rendered, with identities
    rendering: list[Problem]
    mtime: int  # the note's mtime in whole seconds (0: it could not be read)
    signals: Signals | None = None  # what it shows of other layouts (cards/signals.py)


def one_note(
    rel: str, vault: Vault, options: Options, renderer: Renderer, step: Step = nullcontext
) -> NoteCards:
    """The cards of note `rel` of `vault` (a vault-relative path), each step inside `step()`."""
    reading, rendering = Report(), Report()
    with step():
        note = read_note(vault.abspath(rel), rel, reading)
        if note is None:
            return NoteCards(reading.problems, [], rendering.problems, 0)
        sources, signals = found_cards(note, options.layout, reading)
    default_deck = options.deck.deck or vault.name
    deck = note_deck(note, default_deck, options.deck.deck_from_folders, reading) or default_deck
    cards = []
    for source in sources:
        with step():
            rendered = render_card(renderer, vault, source, rendering)
        if rendered is not None:
            cards.append(identify(source, rendered, deck))
    return NoteCards(reading.problems, cards, rendering.problems, note.mtime, signals)
