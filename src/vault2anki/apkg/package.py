"""Write the .apkg: genanki builds the collection database; we write the zip ourselves.

Why not `genanki.Package.write_to_file`: it stamps one `mod` on every note (Anki's "update if
newer" needs each note's own), stores everything uncompressed, names media by basename, puts
the wall-clock time in the zip, and writes straight to the destination (a failure leaves half
a file). Here: per-note `mod`, the database deflated, media stored as they are when already
compressed, fixed zip entry times and order, and an atomic rename into place.
"""

from __future__ import annotations

import html
import itertools
import json
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

import genanki

from ..cards.identity import deck_id
from ..model import Card, MediaFile, Schedule
from . import schedule as sched
from . import zipwrite
from .atomic import replacing
from .notetypes import model_for

# Already-compressed formats: deflating them costs CPU and saves nothing.
_STORED_EXTS = frozenset(
    [
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".avif",
        ".mp3",
        ".mp4",
        ".m4a",
        ".ogg",
        ".oga",
        ".opus",
        ".webm",
        ".mkv",
        ".mov",
        ".aac",
        ".flac",
        ".pdf",
        ".zip",
    ]
)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed entry time: same input, same bytes


def note_fields(card: Card) -> list[str]:
    """The note's fields as Anki stores them, in the note type's field order."""
    return fields_of(card.source, card.question, card.answer, card.source_link)


def fields_of(source: str, question: str, answer: str, source_link: str) -> list[str]:
    """The note fields of the card from note `source` with this HTML (a `CardRef`'s, which the
    card store keeps apart from it)."""
    return [question, answer, source_link or html.escape(source, quote=False)]


def card_ordinals(card: Card) -> list[int]:
    """The ordinals of the Anki cards the package holds for `card`'s note: genanki decides
    when it writes them (one per template whose front shows a field; a cloze one per
    `{{cN::…}}` its regex finds, so nested deletions and c0 make none), and Anki's import keeps
    exactly those. The one rule for the counts printed, the preview and the package (a
    `CardRef` keeps them from when its note was packed: `CardRef.ordinals`)."""
    return sorted(_genanki_ordinals(card.kind, note_fields(card), card.guid))


def _genanki_ordinals(kind: str, fields: list[str], guid: str) -> list[int]:
    """The ordinals of the cards genanki writes for a note, in the order it writes them."""
    model = model_for(kind)
    if model.model_type != model.FRONT_BACK:  # cloze: the deletions in the text decide
        return _ordinals(model, fields, guid)
    # genanki gives a front/back note a card per template whose required fields are not empty:
    # which fields are empty decides, nothing else — asked once per pattern (the spool asks
    # for every card of an export, cached ones too, and the writer again).
    key = (kind, tuple(bool(value) for value in fields))
    found = _FRONT_BACK.get(key)
    if found is None:
        found = _FRONT_BACK[key] = _ordinals(model, fields, guid)
    return found


_FRONT_BACK: dict[tuple[str, tuple[bool, ...]], list[int]] = {}


def _ordinals(model: genanki.Model, fields: list[str], guid: str) -> list[int]:
    # genanki's order: a set's for cloze notes, which decides the cards' ids
    return [c.ord for c in genanki.Note(model=model, fields=fields, guid=guid).cards]


class PackageNote(Protocol):
    """What the writer needs of a card besides its fields: a `Card` or a `CardRef`."""

    @property
    def guid(self) -> str: ...
    @property
    def deck(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def mod(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def schedule(self) -> tuple[Schedule, ...]: ...


N = TypeVar("N", bound=PackageNote)
# Each card's fields, in the order of the cards given: the export's card store
# (`CardStore.fields`, export/store.py) for `CardRef`s, `in_memory` for `Card`s.
Fields = Callable[[list[N]], Iterable[list[str]]]


def in_memory(cards: list[Card]) -> Iterator[list[str]]:
    return (note_fields(card) for card in cards)


def _write_notes(cursor: Any, cards: list[N], fields: Fields[N], newest: int, ids: Any) -> None:
    """What `genanki.Package(decks).write_to_db` does, one note at a time: decks by name, each
    deck's note types registered in first-use order, then its notes in vault order — the same
    statements in the same order, so the same bytes, without a genanki Note per card at once."""
    genanki.Package([]).write_to_db(cursor, newest, ids)  # schema and the collection row
    by_deck: dict[str, list[N]] = {}
    for card in cards:
        by_deck.setdefault(card.deck, []).append(card)
    for name in sorted(by_deck):
        in_deck = by_deck[name]
        deck = genanki.Deck(deck_id(name), name)
        for card in in_deck:
            deck.add_model(model_for(card.kind))
        deck.write_to_db(cursor, newest, ids)  # the deck and its note types: no notes added
        _insert_notes(cursor, in_deck, fields(in_deck), deck.deck_id, ids)
    if any(card.schedule for card in cards):
        sched.patch_conf(cursor)


_NOTE_SQL = "INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);"
_CARD_SQL = "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);"
_REVLOG_SQL = "INSERT OR IGNORE INTO revlog VALUES(?,?,?,?,?,?,?,?,?);"


def _insert_notes(
    cursor: Any, cards: list[N], values: Iterable[list[str]], did: int, ids: Any
) -> None:
    """genanki's `Note.write_to_db` and `Card.write_to_db`, row for row (tests compare the
    database with genanki's), with the note's own `mod` instead of the package-wide one and
    without a genanki Note per card: building one (tag list, cached properties, checks) was
    half the time of writing the rows. Its HTML-tag warning is not repeated: render/renderer.py
    sanitizes the fields (or, with --trusted-html, warns naming the card)."""
    execute = cursor.execute
    for card, flds in zip(cards, values, strict=True):
        model = model_for(card.kind)
        if len(flds) != len(model.fields) or any(" " in tag for tag in card.tags):
            raise ValueError(f"{card.source}: {len(flds)} fields or a tag with a space")
        nid = next(ids)
        # id, guid, mid, mod, usn, tags, flds, sfld, csum (0, as genanki writes it), flags, data
        tags = " " + " ".join(card.tags) + " "
        sort_field = flds[model.sort_field_index]
        row = (nid, card.guid, model.model_id, card.mod, -1, tags, "\x1f".join(flds), sort_field)
        execute(_NOTE_SQL, (*row, 0, 0, ""))
        progress = {s.ord: s for s in card.schedule}
        for ordinal in _genanki_ordinals(card.kind, flds, card.guid):
            # id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses,
            # left, odue, odid, flags, data: a new card, or one under review (apkg/schedule.py)
            cid, scheduled = next(ids), progress.get(ordinal)
            state = _NEW_CARD if scheduled is None else sched.card_values(scheduled)
            execute(_CARD_SQL, (cid, nid, did, ordinal, card.mod, -1, *state))
            if scheduled is not None:
                _insert_review(cursor, scheduled, sched.reviewed_at(scheduled, card.guid), cid)


def _insert_review(cursor: Any, scheduled: Schedule, revlog_id: int, cid: int) -> None:
    """The card's review-log row, at the first free id from `revlog_id` (ids are unique)."""
    for at in range(revlog_id, revlog_id + 1000):
        cursor.execute(_REVLOG_SQL, sched.revlog_values(scheduled, at, cid))
        if cursor.rowcount:
            return


_NEW_CARD = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "")


def _write_database(
    path: Path,
    cards: list[N],
    model_mods: dict[int, int] | None,
    first_id: int | None,
    fields: Fields[N],
) -> None:
    # One deterministic base for note/card ids: the newest content time. Ids only need to be
    # unique (Anki renumbers on clash); reusing the same ones keeps the bytes reproducible.
    newest = max((c.mod for c in cards), default=0)
    base = newest * 1000 if first_id is None else first_id
    conn = sqlite3.connect(path)
    try:
        # A temporary file read back at once: syncing it to the disk was 0.03 s of 0.14 s for
        # 10,000 notes, and a crash leaves nothing anyone uses (atomic.replacing). The same bytes.
        conn.execute("PRAGMA synchronous = OFF")
        cursor = conn.cursor()
        _write_notes(cursor, cards, fields, newest, itertools.count(base))
        if model_mods:
            # genanki stamps note types with one time; the lock knows when each last changed.
            (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
            models = json.loads(models_json)
            for model_id, model in models.items():
                model["mod"] = model_mods.get(int(model_id), model["mod"])
            cursor.execute("UPDATE col SET models = ?", (json.dumps(models, sort_keys=True),))
        conn.commit()
    finally:
        conn.close()


def _entry(name: str, compress: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def _write_zip(path: Path, db_path: Path, media: list[MediaFile]) -> None:
    """The database, the media index, then the media in name order, at fixed entry times."""
    ordered = sorted(media, key=lambda m: m.name)
    index = json.dumps({str(i): m.name for i, m in enumerate(ordered)}, sort_keys=True)
    entries = [("media", index.encode(), True)]
    sizes = (
        db_path.stat().st_size + len(entries[0][1]) + sum(m.path.stat().st_size for m in ordered)
    )
    if not zipwrite.fits(len(ordered) + 2, sizes):
        _write_zip64(path, db_path, ordered, index)
        return
    with open(path, "wb") as fh, open(db_path, "rb") as db:
        archive = zipwrite.ZipWriter(fh)
        archive.write_deflated("collection.anki2", db)  # on every core: see zipwrite.py
        archive.write("media", index.encode(), compress=True)
        for i, item in enumerate(ordered):
            compress = Path(item.name).suffix.lower() not in _STORED_EXTS
            archive.write(str(i), item.path.read_bytes(), compress)
        archive.close()


def _write_zip64(path: Path, db_path: Path, ordered: list[MediaFile], index: str) -> None:
    """The same entries through `zipfile` (one core), for an archive that needs Zip64: over
    65,535 media files or 4 GiB."""
    with zipfile.ZipFile(path, "w") as archive:
        # Streamed: the database is the largest thing an export holds (42 MB for 10k).
        with open(db_path, "rb") as db, archive.open(_entry("collection.anki2", True), "w") as dst:
            shutil.copyfileobj(db, dst, 1 << 20)
        archive.writestr(_entry("media", True), index)
        for i, item in enumerate(ordered):
            compress = Path(item.name).suffix.lower() not in _STORED_EXTS
            archive.writestr(_entry(str(i), compress), item.path.read_bytes())


def write_package(
    cards: list[N],
    media: list[MediaFile],
    output: Path,
    model_mods: dict[int, int] | None = None,
    first_id: int | None = None,
    *,
    fields: Fields[N],
) -> None:
    """Write `output` atomically (atomic.replacing): a failure leaves the previous file.

    `fields`: where the cards' HTML comes from, asked a deck at a time as the notes are
    written — `in_memory` for `Card`s, the export's card store (`CardStore.fields`) for
    `CardRef`s.

    `first_id`: where note and card ids start (default: from the newest content time). `sync`
    starts above every note it knows, so a new note can never take the id of one deleted in
    Anki meanwhile (Anki keeps a package's ids unless they are taken).
    """
    output = output.absolute()
    with replacing(output) as tmp:
        db_path = tmp.with_name(tmp.name + ".anki2")
        try:
            _write_database(db_path, cards, model_mods, first_id, fields)
            _write_zip(tmp, db_path, media)
        finally:
            db_path.unlink(missing_ok=True)


# What an .apkg holds (the legacy and the "support older Anki versions" collection names).
COLLECTIONS = ("collection.anki21", "collection.anki2")


class NoCollectionError(ValueError):
    """The archive holds neither collection name (e.g. Anki's newer compressed format)."""


@contextmanager
def open_collection(path: Path) -> Iterator[tuple[sqlite3.Connection, zipfile.ZipFile]]:
    """The collection database of the .apkg at `path`, opened from a temporary copy (SQLite
    cannot read from inside a zip), with the archive itself for its media. Raises OSError,
    zipfile.BadZipFile, sqlite3.DatabaseError or NoCollectionError."""
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as tmp:
        names = set(archive.namelist())
        member = next((n for n in COLLECTIONS if n in names), None)
        if member is None:
            raise NoCollectionError(f"{path}: no collection inside")
        db = Path(tmp) / "collection.db"
        db.write_bytes(archive.read(member))
        conn = sqlite3.connect(db)
        try:
            yield conn, archive
        finally:
            conn.close()
