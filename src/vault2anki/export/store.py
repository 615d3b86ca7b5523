"""Where an export keeps its cards' HTML between the workers and the package: a `CardStore`.

Each note's cards arrive packed (packed.py: the `CardRef`s and their HTML, two blobs) and go
into the store as they are; once every note is in, the export takes back the `CardRef`s
(`refs`) — all the lock, the counts and the package cache key need — and whatever wants the
HTML asks the store for it by each card's `CardRef.html` (note, place in the note): the
package writer (`fields`, a deck at a time as it writes), --relink, sync, the preview and
`list` (`rendered`: `Card`s with their HTML). Two stores, one interface:

- `MemoryStore` (what `build` uses unless given another): the packed notes held in memory;
- `spool.CardSpool` (what an export uses): in a temporary database, so memory stays flat in
  vault size, and for notes found in the render cache, there (read only if the package is
  written: an unchanged vault's package is copied from the package cache instead).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from types import TracebackType

from ..apkg.package import fields_of
from ..model import Card, CardRef
from .cache import RenderCache
from .packed import Packed

Html = tuple[str, str, str]  # a card's question, answer and source link, as packed


class CardStore(ABC):
    """The packed notes of one export, each under its vault path (`HtmlAt.note`)."""

    def __enter__(self) -> CardStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @abstractmethod
    def put(self, rel: str, note: Packed) -> None:
        """Keep note `rel`'s cards (a packed note with cards), as they were packed."""

    @abstractmethod
    def refs(self, rels: list[str]) -> Iterator[list[CardRef]]:
        """The cards of each note put under `rels`, without their HTML, in that order."""

    @abstractmethod
    def html(self, cards: list[CardRef]) -> Iterator[Html]:
        """Each card's HTML, in the order given (any order: the writer asks by deck)."""

    def read_from(self, cache: RenderCache) -> bool:
        """Whether this store takes `cache` (then closed with the store), so that notes found
        there may be put by reference (`Packed.ref`), their HTML left in the cache."""
        return False

    @abstractmethod
    def close(self) -> None:
        """Let the HTML go (the `CardRef`s stay whole: identities, decks, counts)."""

    def fields(self, cards: list[CardRef]) -> Iterator[list[str]]:
        """Each card's note fields (`package.note_fields`), in the order given."""
        for card, (question, answer, link) in zip(cards, self.html(cards), strict=True):
            yield fields_of(card.source, question, answer, link)

    def rendered(self, cards: list[CardRef]) -> list[Card]:
        """`cards` with their HTML, in memory."""
        return [card.rendered(*html) for card, html in zip(cards, self.html(cards), strict=True)]


class MemoryStore(CardStore):
    """The packed notes in memory: each note's HTML unpickled only when asked for."""

    def __init__(self) -> None:
        self._notes: dict[str, Packed] = {}

    def put(self, rel: str, note: Packed) -> None:
        if not note.cards:
            raise ValueError("a note without cards has nothing to store")
        self._notes[rel] = note  # a note by reference fails on `html`: its blob is elsewhere

    def refs(self, rels: list[str]) -> Iterator[list[CardRef]]:
        for rel in rels:
            yield self._notes[rel].refs()

    def html(self, cards: Iterable[CardRef]) -> Iterator[Html]:
        opened: dict[str, list[Html]] = {}
        for card in cards:
            note, part = card.html
            found = opened.get(note)
            if found is None:
                packed = self._notes.get(note)
                if packed is None:
                    raise ValueError(f"{note}: a card that is not in this store has no HTML here")
                found = opened[note] = packed.html_fields()
            yield found[part]

    def close(self) -> None:
        self._notes.clear()
