"""Rendered cards' HTML on disk while an export runs, so memory stays flat in vault size.

An export used to hold every rendered card until the package was written: ~3 KB of HTML per
card plus its objects, the largest thing in the main process (a 20,000-card vault doubled the
peak). A `CardSpool` is the card store (store.py) an export uses: each note's cards go into a
temporary SQLite database as the note arrives (from the render cache or a worker), as it was
packed (packed.py: the `CardRef`s and the HTML, two blobs neither of which is opened on the
way): while the workers render, the main process holds one row number per note, under its
path. Once they are done (`refs`), the export takes back the `CardRef`s: identity, deck,
tags, media, mod, hashes — what the lock, the package cache key and the counts need.
`package.write_package` fetches the fields in deck order as it writes, by `CardRef.html`.
"""

from __future__ import annotations

import pickle
import sqlite3
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..chunks import chunks
from ..errors import Vault2AnkiError
from ..model import CardRef
from .cache import RenderCache
from .packed import Packed
from .store import CardStore, Html

FETCH_BATCH = 500  # rows per query when reading back (one query per note cost more)


class SpoolError(Vault2AnkiError):
    """The temporary database failed (its folder full or unwritable): the export stops."""

    def __init__(self, exc: sqlite3.Error) -> None:
        super().__init__(
            f"cannot keep the rendered cards in a temporary file ({exc}); nothing written (an "
            "existing deck is unchanged) — free some space in the temporary folder, or point "
            "TMPDIR at a folder with room"
        )


class CacheChangedError(Vault2AnkiError):
    """The render cache lost or changed a note's HTML while the export ran (deleted, damaged,
    or re-rendered by another export after a file it embeds changed): the export stops."""

    def __init__(self, directory: Path, why: str) -> None:
        super().__init__(
            f"the render cache in {directory} changed while this export ran ({why}); nothing "
            "written (an existing deck is unchanged) — export again"
        )


# A spooled note: row, CardRefs, html (None: in the render cache), cache key, html CRC-32.
_Row = tuple[int, bytes, bytes | None, str | None, int | None]


class CardSpool(CardStore):
    """A temporary database of packed notes (packed.py), one row per note; deleted when closed.

    SQLite's private temporary database (the empty file name): on disk in SQLite's temporary
    folder ($SQLITE_TMPDIR, $TMPDIR, else /var/tmp or /tmp), unlinked as soon as it is opened,
    so the space is freed when the connection closes or the process dies, whatever happened.
    Its page cache (2 MB by default) bounds what stays in memory. Used only by the process
    that created it (forked workers inherit the handle and never touch it).
    """

    def __init__(self) -> None:
        self._next_row = 1
        self._rows: dict[str, int] = {}  # a note's vault path (HtmlAt.note) → its row
        self._pending: list[_Row] = []  # rows not inserted yet
        self._cache: RenderCache | None = None  # where the notes spooled by `ref` have html
        self._db: sqlite3.Connection | None = sqlite3.connect("")
        try:
            # Nothing to recover after a crash: no journal, no syncing.
            self._db.execute("PRAGMA journal_mode = OFF")
            self._db.execute("PRAGMA synchronous = OFF")
            # A note's CardRefs and its cards' HTML, as packed (never unpickled on the way);
            # or, for a note found in the render cache, its key there and the html's CRC-32.
            self._db.execute(
                "CREATE TABLE note (id INTEGER PRIMARY KEY, cards BLOB NOT NULL, html BLOB, "
                "ref TEXT, html_check INTEGER)"
            )
        except sqlite3.Error as exc:
            self.close()
            raise SpoolError(exc) from exc

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("the card spool is closed: its cards' HTML is gone")
        return self._db

    def put(self, rel: str, note: Packed) -> None:
        """Spool note `rel`'s cards (a packed note with cards)."""
        if not note.cards:
            raise ValueError("a note without cards has nothing to spool")
        if rel in self._rows:
            raise ValueError(f"{rel}: this note is in the spool already")
        row = self._rows[rel] = self._next_row
        self._next_row += 1
        # Inserted FETCH_BATCH at a time (executemany): an insert per note was a tenth of a
        # warm export. Rows are numbered here, so each note knows its row at once.
        key, check = note.ref or (None, None)
        self._pending.append((row, note.cards, note.html if key is None else None, key, check))
        if len(self._pending) >= FETCH_BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        try:
            self.db.executemany("INSERT INTO note VALUES (?, ?, ?, ?, ?)", self._pending)
        except sqlite3.Error as exc:
            raise SpoolError(exc) from exc
        self._pending = []

    def refs(self, rels: list[str]) -> Iterator[list[CardRef]]:
        self._flush()
        for batch in _batches([self._rows[rel] for rel in rels]):
            query = f"SELECT id, cards FROM note WHERE id IN ({_marks(batch)})"
            try:
                found = dict(self.db.execute(query, batch))
            except sqlite3.Error as exc:
                raise SpoolError(exc) from exc
            for row in batch:
                yield pickle.loads(found[row])

    def html(self, cards: list[CardRef]) -> Iterator[Html]:
        for start in range(0, len(cards), FETCH_BATCH):
            yield from self._fetch(cards[start : start + FETCH_BATCH])

    def _fetch(self, cards: list[CardRef]) -> Iterator[Html]:
        try:
            at = [(self._rows[card.html.note], card.html.part) for card in cards]
        except KeyError:
            raise ValueError("a card that is not in the spool has no HTML here") from None
        self._flush()
        rows = list(dict.fromkeys(row for row, _ in at))
        query = f"SELECT id, html, ref, html_check FROM note WHERE id IN ({_marks(rows)})"
        try:
            spooled = list(self.db.execute(query, rows))
        except sqlite3.Error as exc:
            raise SpoolError(exc) from exc
        cached = self._from_cache({ref: check for _, html, ref, check in spooled if html is None})
        found: dict[int, list[Html]] = {
            row: pickle.loads(cached[ref] if html is None else html)
            for row, html, ref, _ in spooled
        }
        for row, part in at:
            yield found[row][part]

    def read_from(self, cache: RenderCache) -> bool:
        """Take `cache` (closed with the spool): notes spooled by `Packed.ref` have html there."""
        self._cache = cache
        return True

    def _from_cache(self, wanted: dict[str, int]) -> dict[str, bytes]:
        """The html blobs of `wanted` (key → CRC-32) from the render cache, each checked."""
        if not wanted:
            return {}
        if self._cache is None:
            raise RuntimeError("notes spooled by reference, but no render cache to read")
        try:
            found = self._cache.html_of(list(wanted))
        except sqlite3.Error as exc:
            raise CacheChangedError(self._cache.directory, str(exc)) from exc
        for key, check in wanted.items():
            if key not in found or zlib.crc32(found[key]) != check:
                raise CacheChangedError(self._cache.directory, "a note's HTML is gone or other")
        return found

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None
        if self._db is not None:
            self._db.close()
            self._db = None


def _batches(rows: list[int]) -> Iterator[list[int]]:
    return chunks(rows, FETCH_BATCH)


def _marks(values: list[Any]) -> str:
    return ",".join("?" * len(values))
