"""What the last sync left in Anki, so the next one touches only what changed.

AnkiConnect cannot look a note up by GUID (our identity), so a sync keeps, per Anki note of
our note types, the GUID it holds, a digest of the fields and tags it was given, its card
ids, and Anki's `mod` of the note right after our last write (conflicts.py: an edit made in
Anki since is never overwritten without being asked). The record lives in the cache folder,
one JSON file per vault, AnkiConnect URL and Anki collection (`AnkiIdentity`: one URL serves
whichever profile is open): it is a cache, never the truth. Every sync first asks Anki which
of our notes exist; records of notes that are gone are dropped, and notes Anki has that no
record names are read back from Anki itself (`read.rescan`). Deleting the file costs one
slower sync, and that sync cannot tell an edit made in Anki (it takes what Anki holds as what
it last wrote).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..apkg.atomic import replacing
from ..cards.identity import parts_digest

FORMAT = 1


@dataclass(frozen=True)
class NoteRecord:
    guid: str
    digest: str  # note_digest() of what the note holds in Anki ("" when unknown)
    cards: tuple[int, ...]
    source: str  # the vault path it came from, to name it when it is orphaned
    mine: bool  # this vault put it there: it may be pruned when its source is gone
    # Anki's note `mod` (seconds) when `digest` was read: a field or tag edit in Anki moves it,
    # a review or a deck move does not. 0: unknown (a record from before it was kept).
    mod: int = 0
    # note_digest() of the vault's card as of the last sync, when it is not `digest`: the vault
    # version `--prefer anki` left unwritten ("": the vault had what Anki was given).
    vault: str = ""

    @property
    def synced(self) -> str:
        """The digest of the vault card this note was last synced from."""
        return self.vault or self.digest


@dataclass
class SyncState:
    notes: dict[int, NoteRecord] = field(default_factory=dict)  # Anki note id → record


def note_digest(kind: str, fields: tuple[str, ...] | list[str], tags: Any) -> str:
    """What a note holds: note type kind, fields and tags — as Anki compares them: text in NFC
    (Anki normalises what it stores), tags without case (Anki gives a tag the case of the one
    it already knows)."""
    text = [unicodedata.normalize("NFC", f) for f in fields]
    return parts_digest(kind, *text, " ".join(sorted(t.casefold() for t in tags)))


@dataclass(frozen=True)
class AnkiIdentity:
    """Which collection AnkiConnect serves now. Its creation time (`col.crt`) is not given by
    any AnkiConnect action short of an `exportPackage` of a deck, so the collection is known by
    its media folder: an absolute path, one per profile folder on Anki's machine."""

    profile: str  # the profile's name, as Anki's profile list shows it
    media_dir: str  # getMediaDirPath: …/<profile>/collection.media


def _key(vault: Path, url: str, anki: AnkiIdentity | None = None) -> str:
    text = f"{vault.resolve()}\0{url}"
    if anki is not None:
        text += f"\0{anki.profile}\0{anki.media_dir}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def state_path(cache_dir: Path, vault: Path, url: str, anki: AnkiIdentity | None = None) -> Path:
    """The record of `vault` in the collection `anki` at `url`; without `anki`, where records
    were kept before they were per collection (and are kept for an add-on that cannot say)."""
    return cache_dir / "sync" / f"{_key(vault, url, anki)}.json"


def lock_path(cache_dir: Path | None, vault: Path, url: str) -> Path:
    """The sync lock (lock.py) of `vault` into the Anki at `url`, next to the records; in
    the temp folder without a cache folder. Per URL, not per profile: a profile can change
    while a sync runs."""
    folder = cache_dir / "sync" if cache_dir is not None else Path(tempfile.gettempdir())
    return folder / f"{_key(vault, url)}.lock"


def load_state(path: Path | None) -> SyncState:
    """The recorded state, or an empty one (no file, unreadable, another format)."""
    if path is None:
        return SyncState()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return SyncState()
        notes = {int(nid): _note(row) for nid, row in data["notes"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return SyncState()  # a cache: rebuilt from Anki on the next sync
    return SyncState(notes)


def _note(row: list[Any]) -> NoteRecord:
    # Five items in a record from before `mod` and `vault` were kept: mod unknown (0).
    guid, digest, cards, src, mine, *rest = row
    mod, vault = rest if rest else (0, "")
    return NoteRecord(
        str(guid), str(digest), tuple(map(int, cards)), str(src), bool(mine), int(mod), str(vault)
    )


def save_state(path: Path | None, state: SyncState) -> None:
    """Write the record (only when it changed: a sync that changed nothing writes nothing)."""
    if path is None:
        return
    data = {
        "format": FORMAT,
        "notes": {
            str(nid): [r.guid, r.digest, list(r.cards), r.source, r.mine, r.mod, r.vault]
            for nid, r in sorted(state.notes.items())
        },
    }
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path, shared=False) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except (OSError, UnicodeError):
        pass  # an unwritable cache only makes the next sync read more from Anki
