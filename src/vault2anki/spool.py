"""Rendered cards' HTML on disk while an export runs, so memory stays flat in vault size.

An export used to hold every rendered card until the package was written: ~3 KB of HTML per
card plus its objects, the largest thing in the main process (a 20,000-card vault doubled the
peak). With a `CardSpool`, each note's cards go into a temporary SQLite database as the note
arrives (from the render cache or a worker), HTML and all: while the workers render, the main
process holds one row number per note. Once they are done (`notes`), the export takes back
*light* cards: identity, deck, tags, media, mod, hashes — what the lock, the package cache key
and the counts need. `package.write_package` fetches the fields in deck order as it writes.

A light card has `Card.row` set and empty HTML fields; `package.note_fields` refuses it, so
nothing can write a spooled card's empty fields by mistake: the writer must ask the spool.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from types import TracebackType

from .errors import Vault2AnkiError
from .model import Card
from .package import card_ordinals, note_fields

FETCH_BATCH = 500  # rows per query when the writer reads fields back (one query per card cost more)


class SpoolError(Vault2AnkiError):
    """The temporary database failed (its folder full or unwritable): the export stops."""

    def __init__(self, exc: sqlite3.Error) -> None:
        super().__init__(
            f"cannot keep the rendered cards in a temporary file ({exc}); nothing written (an "
            "existing deck is unchanged) — free some space in the temporary folder, or point "
            "TMPDIR at a folder with room"
        )


class CardSpool:
    """A temporary database of card fields, one row per card; deleted when closed.

    SQLite's private temporary database (the empty file name): on disk in SQLite's temporary
    folder ($SQLITE_TMPDIR, $TMPDIR, else /var/tmp or /tmp), unlinked as soon as it is opened,
    so the space is freed when the connection closes or the process dies, whatever happened.
    Its page cache (2 MB by default) bounds what stays in memory. Used only by the process
    that created it (forked workers inherit the handle and never touch it).
    """

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = sqlite3.connect("")
        try:
            # Nothing to recover after a crash: no journal, no syncing.
            self._db.execute("PRAGMA journal_mode = OFF")
            self._db.execute("PRAGMA synchronous = OFF")
            self._db.execute(
                "CREATE TABLE card (id INTEGER PRIMARY KEY, question TEXT NOT NULL, "
                "answer TEXT NOT NULL, source TEXT NOT NULL)"
            )
            # A note's light cards, pickled (the render cache pickles whole notes alike).
            self._db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, cards BLOB NOT NULL)")
        except sqlite3.Error as exc:
            self.close()
            raise SpoolError(exc) from exc

    def __enter__(self) -> CardSpool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("the card spool is closed: its cards' HTML is gone")
        return self._db

    def put(self, cards: list[Card]) -> list[Card]:
        """Store the HTML of `cards` (rendered ones); the same cards, light (`Card.row`).

        The card counts need what genanki makes of the fields (a cloze makes one card per
        deletion number), so the ordinals are taken now, while the fields are at hand.
        """
        light = []
        for card in cards:
            try:
                cursor = self.db.execute(
                    "INSERT INTO card (question, answer, source) VALUES (?, ?, ?)",
                    note_fields(card),
                )
            except sqlite3.Error as exc:
                raise SpoolError(exc) from exc
            row = cursor.lastrowid
            assert row is not None and row > 0  # SQLite's rowids start at 1
            ordinals = tuple(card_ordinals(card))
            light.append(
                card.but(question="", answer="", source_link="", row=row, ordinals=ordinals)
            )
        return light

    def put_note(self, cards: list[Card]) -> int:
        """Spool one note's cards (`put`), light ones included; the row to get them back by."""
        blob = pickle.dumps(self.put(cards), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            row = self.db.execute("INSERT INTO note (cards) VALUES (?)", (blob,)).lastrowid
        except sqlite3.Error as exc:
            raise SpoolError(exc) from exc
        assert row is not None and row > 0
        return row

    def notes(self, rows: list[int]) -> Iterator[list[Card]]:
        """The light cards of each note spooled under `rows` (`put_note`), in that order."""
        for start in range(0, len(rows), FETCH_BATCH):
            batch = rows[start : start + FETCH_BATCH]
            marks = ",".join("?" * len(batch))
            query = f"SELECT id, cards FROM note WHERE id IN ({marks})"
            try:
                found = dict(self.db.execute(query, batch))
            except sqlite3.Error as exc:
                raise SpoolError(exc) from exc
            for row in batch:
                cards: list[Card] = pickle.loads(found[row])
                yield cards

    def fields(self, cards: Iterable[Card]) -> Iterator[list[str]]:
        """Each spooled card's note fields (`package.note_fields`), in the order given."""
        batch: list[Card] = []
        for card in cards:
            batch.append(card)
            if len(batch) == FETCH_BATCH:
                yield from self._fetch(batch)
                batch = []
        yield from self._fetch(batch)

    def _fetch(self, cards: list[Card]) -> Iterator[list[str]]:
        if not cards:
            return
        rows = [card.row for card in cards]
        if not all(rows):
            raise ValueError("a card that is not in the spool has no fields here")
        marks = ",".join("?" * len(rows))
        query = f"SELECT id, question, answer, source FROM card WHERE id IN ({marks})"
        try:
            found = {row: [q, a, s] for row, q, a, s in self.db.execute(query, rows)}
        except sqlite3.Error as exc:
            raise SpoolError(exc) from exc
        for row in rows:
            yield found[row]

    def hydrate(self, cards: list[Card]) -> list[Card]:
        """`cards` with their HTML back, in memory (for --relink, which compares every field
        with an old package's): the fields as the package writes them."""
        return [
            card.but(question=q, answer=a, source_link=s, row=0)
            for card, (q, a, s) in zip(cards, self.fields(cards), strict=True)
        ]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
