"""The sync record of the collection a sync talks to, and what becomes of a record from before
records were kept per collection.

One AnkiConnect URL serves whichever Anki profile is open, and each profile is a collection of
its own, so a record (record.py) is kept per vault, URL and collection (`AnkiIdentity`, read by
`glance`). Records used to be kept per vault and URL only: a second profile was then told its
notes were unchanged while each held the old text (issue 24, item 7). Such an old record is
adopted for the collection open now only if it checks out against it: every note of it that
Anki has — at least one — holds the GUID the record says, read back from Anki (`rescan`, one
`exportPackage`). Otherwise it is left as it is (it may be another profile's), and this
collection starts a record of its own. Adopted entries take what Anki holds (fields, tags,
cards, as exported), and keep what only the record knows: the vault path each came from and
whether this vault put it there (what `--prune` may delete), and the vault version it was last
synced from. The old file is removed once the new one is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .ankiconnect import AnkiConnect
from .read import rescan
from .record import NoteRecord, SyncState, load_state


@dataclass
class Record:
    """The record a sync starts from, and where it is saved."""

    path: Path | None  # where it is saved (None: nowhere)
    state: SyncState = field(default_factory=SyncState)
    checked: frozenset[int] = frozenset()  # note ids read back from Anki while it was opened
    legacy: Path | None = None  # an old record adopted: removed once this one is saved


def _adopted(client: AnkiConnect, old: SyncState, present: set[int]) -> Record | None:
    """`old` as this collection's record, its entries as Anki holds them; None when it does
    not check out (no note of it here, or one whose GUID differs)."""
    named = {nid: r for nid, r in old.notes.items() if nid in present}
    if not named:
        return None
    truth = rescan(client, named)
    if any(truth.get(nid, _NONE).guid != r.guid for nid, r in named.items()):
        return None
    notes = {nid: _adopt(r, truth[nid]) for nid, r in named.items()}
    return Record(None, SyncState(notes), frozenset(notes))


def _adopt(old: NoteRecord, real: NoteRecord) -> NoteRecord:
    # What Anki holds is the baseline (conflicts.py), but the vault version the note was last
    # synced from stays: an edit made in Anki meanwhile is not taken for a change in the vault.
    vault = old.synced if old.synced != real.digest else ""
    return replace(real, source=old.source, mine=old.mine, vault=vault)


_NONE = NoteRecord("", "", (), "", False)


def open_record(
    client: AnkiConnect, path: Path | None, legacy: Path | None, present: set[int]
) -> Record:
    """The record at `path`; with none there yet, the old one at `legacy` if it checks out
    against the collection whose notes of our types are `present`, else an empty one."""
    if path is None or path.is_file() or legacy is None or not legacy.is_file():
        return Record(path, load_state(path))
    adopted = _adopted(client, load_state(legacy), present)
    if adopted is None:
        return Record(path)
    return replace(adopted, path=path, legacy=legacy)
