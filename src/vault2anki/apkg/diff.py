"""`vault2anki diff`: what importing a new export over an old one will do.

Reads the notes of an .apkg (ours, or any whose database is plain SQLite: `collection.anki2`
or `collection.anki21`) and compares them by GUID with the notes the vault would export now.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..cards.identity import bytes_digest, file_digest
from ..errors import Vault2AnkiError
from ..model import Card
from ..render.sanitize import html_to_text
from ..vault.sources import Sources
from .package import NoCollectionError, note_fields, open_collection

# Media a field shows: <img src="…">, <audio>/<video> sources and [sound:…].
_MEDIA_REF = re.compile(r"""(?:src=["']([^"']+)["']|\[sound:([^\]]+)\])""")


@dataclass(frozen=True)
class PackagedNote:
    guid: str
    mod: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    media: tuple[str, ...] = ()  # "name=hash" of each file it shows: new bytes are a change
    model: int = 0  # note type id (0: not known, for notes made from cards)

    @property
    def label(self) -> str:
        return self.fields[-1] if self.fields else self.guid  # the Source field


@dataclass
class Diff:
    new: list[PackagedNote] = field(default_factory=list)
    changed: list[PackagedNote] = field(default_factory=list)  # newer: Anki will update them
    stale: list[PackagedNote] = field(default_factory=list)  # differ, not newer: Anki skips
    unchanged: list[PackagedNote] = field(default_factory=list)
    orphaned: list[PackagedNote] = field(default_factory=list)  # only in OLD: delete by hand
    # Only in OLD, but their note was not seen in full this run (excluded, skipped, an error):
    # not gone, never to delete. Each with why.
    kept: list[tuple[PackagedNote, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            name: len(getattr(self, name))
            for name in ("new", "changed", "stale", "unchanged", "orphaned", "kept")
        }

    def keep_unseen(self, sources: Sources, old_sources: dict[str, str]) -> None:
        """Move the orphans whose note this run did not read in full to `kept`: the same rule
        as `sync --prune` (sources.py). `old_sources`: GUID → source in the vault's lock."""
        orphaned, self.orphaned = self.orphaned, []
        for note in orphaned:
            why = sources.why_kept_any(html_to_text(note.label), old_sources.get(note.guid))
            if why is None:
                self.orphaned.append(note)
            else:
                self.kept.append((note, why))


def read_package(path: Path) -> list[PackagedNote]:
    try:
        with open_collection(path) as (conn, archive):
            query = "SELECT guid, mod, flds, tags, mid FROM notes ORDER BY id"
            rows = conn.execute(query).fetchall()
            names = set(archive.namelist())
            index = json.loads(archive.read("media")) if "media" in names else {}
            media = {
                name: bytes_digest(archive.read(number))
                for number, name in index.items()
                if number in names
            }
    except NoCollectionError as exc:
        raise Vault2AnkiError(
            f"{path}: no readable collection inside (Anki's newer "
            "compressed format is not supported); export it again"
        ) from exc
    except (OSError, ValueError, zipfile.BadZipFile, sqlite3.DatabaseError) as exc:
        raise Vault2AnkiError(f"{path}: not a readable .apkg ({exc})") from exc
    notes = []
    for guid, mod, flds, tags, mid in rows:
        shown = sorted({a or b for a, b in _MEDIA_REF.findall(flds)} & media.keys())
        notes.append(
            PackagedNote(
                guid,
                int(mod),
                tuple(flds.split("\x1f")),
                tuple(tags.split()),
                tuple(f"{name}={media[name]}" for name in shown),
                int(mid),
            )
        )
    return notes


def cards_as_notes(cards: list[Card]) -> list[PackagedNote]:
    return [
        PackagedNote(
            c.guid,
            c.mod,
            tuple(note_fields(c)),
            c.tags,
            tuple(f"{m.name}={file_digest(m.path)}" for m in c.media),
        )
        for c in cards
    ]


def diff_notes(old: list[PackagedNote], new: list[PackagedNote]) -> Diff:
    result = Diff()
    before = {n.guid: n for n in old}
    for note in new:
        previous = before.pop(note.guid, None)
        if previous is None:
            result.new.append(note)
        elif (previous.fields, sorted(previous.tags), previous.media) == (
            note.fields,
            sorted(note.tags),
            note.media,
        ):
            result.unchanged.append(note)
        elif note.mod > previous.mod:
            result.changed.append(note)
        else:
            result.stale.append(note)
    result.orphaned.extend(before.values())
    return result
