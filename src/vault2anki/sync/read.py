"""Read what Anki holds of ours through AnkiConnect, in a handful of requests.

AnkiConnect finds notes by search, never by GUID, and `notesInfo` does not return GUIDs. What
it does give: `findNotes "mid:…"` lists the notes of our three note types (their ids are
fixed, identity.py), and `exportPackage` writes a deck as an `.apkg` whose database holds every
note's id *and* GUID. So: note ids we have a record of (record.py) are taken as long as
Anki still has them; any other note of our types is read back once through an export of its
deck (`rescan`) — fields, tags and cards included — and recorded from then on. A record is
only a cache: before a sync writes to a note it names, `check_guids` reads that note's GUID
back the same way (a hand-edited record, or two syncs at once, must never make one note's
content land in another). That read also gives what the note holds in Anki now, and its `mod`
(`AnkiSide.now`), against which conflicts.py tells an edit made in Anki from our last write.

The first request (`glance`) also asks which collection AnkiConnect serves: the profile
(`getActiveProfile`, which the add-on has only since 2023; before it, the profile folder's name
in `getMediaDirPath`, `…/<profile>/collection.media`) and that media folder, which say which
record is this collection's (record.py).
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..apkg.package import NoCollectionError, open_collection
from ..cards.identity import BASIC_MODEL_ID, CLOZE_MODEL_ID, REVERSED_MODEL_ID
from ..render.sanitize import html_to_text
from .ankiconnect import AnkiConnect, AnkiConnectError, act
from .record import AnkiIdentity, NoteRecord, SyncState, note_digest

KIND_OF_MODEL = {BASIC_MODEL_ID: "basic", REVERSED_MODEL_ID: "reversed", CLOZE_MODEL_ID: "cloze"}
OURS = " OR ".join(f"mid:{mid}" for mid in KIND_OF_MODEL)  # every note of our note types
# Which collection: actions an older add-on lacks (then the record is kept per URL, as before).
PROFILE_ACTIONS = ("getActiveProfile", "getMediaDirPath")


@dataclass(frozen=True)
class ModelSide:
    """One of our note types as Anki has it (found by id: the user may have renamed it)."""

    id: int
    name: str
    css: str
    templates: dict[str, dict[str, str]]  # template name → {"Front": …, "Back": …}


@dataclass
class AnkiSide:
    """Our notes in Anki (those whose GUID is known), where their cards are, our note types."""

    notes: dict[int, NoteRecord]
    deck_of: dict[int, str]  # card id → deck name
    models: dict[int, ModelSide]
    media: set[str] = field(default_factory=set)  # file names in Anki's media folder
    present: set[int] = field(default_factory=set)  # ids of every note of our note types
    # Cards in a filtered deck (custom study): their home deck is not ours to see, and moving
    # them would end the user's session; they go home when it ends, and are checked then.
    filtered: set[int] = field(default_factory=set)
    rescanned: int = 0  # notes read back through an export (no record of them)
    checked: set[int] = field(default_factory=set)  # ids whose GUID was read from Anki now
    # What those notes hold in Anki now, with their mod (`notes` keeps the record's: what the
    # last sync wrote, the baseline an edit in Anki is measured against).
    now: dict[int, NoteRecord] = field(default_factory=dict)


def _read_export(path: Path, wanted: set[int]) -> dict[int, NoteRecord]:
    """Our notes among `wanted` in an .apkg that Anki exported."""
    with open_collection(path) as (conn, _):
        notes = conn.execute("SELECT id, guid, mid, flds, tags, mod FROM notes").fetchall()
        cards = conn.execute("SELECT id, nid FROM cards ORDER BY nid, ord").fetchall()
    cards_of: dict[int, list[int]] = {}
    for cid, nid in cards:
        cards_of.setdefault(nid, []).append(cid)
    records = {}
    for nid, guid, mid, flds, tags, mod in notes:
        kind = KIND_OF_MODEL.get(mid)
        if nid not in wanted or kind is None:
            continue
        fields = flds.split("\x1f")
        digest = note_digest(kind, fields, tags.split())
        source = html_to_text(fields[-1])
        ids = tuple(cards_of.get(nid, ()))
        records[nid] = NoteRecord(guid, digest, ids, source, False, int(mod or 0))
    return records


def rescan(client: AnkiConnect, nids: Iterable[int]) -> dict[int, NoteRecord]:
    """Read notes back from Anki through an export of the decks their cards are in."""
    wanted = set(nids)
    if not wanted:
        return {}
    cids = client.call("findCards", query="nid:" + ",".join(map(str, sorted(wanted))))
    decks = client.call("getDecks", cards=cids) if cids else {}
    # An exported deck includes its subdecks: one export per top-level deck is enough.
    tops = sorted({name.split("::")[0] for name in decks})
    records: dict[int, NoteRecord] = {}
    with tempfile.TemporaryDirectory(prefix="vault2anki-sync-") as tmp:
        paths = [Path(tmp) / f"{n}.apkg" for n in range(len(tops))]
        client.multi(
            [
                act("exportPackage", deck=deck, path=str(path), includeSched=False)
                for deck, path in zip(tops, paths, strict=True)
            ]
        )
        for deck, path in zip(tops, paths, strict=True):
            try:
                records.update(_read_export(path, wanted))
            except (OSError, NoCollectionError, zipfile.BadZipFile, sqlite3.DatabaseError) as exc:
                raise AnkiConnectError(
                    f"cannot read the notes of deck {deck!r} that Anki exported to {path} "
                    f"({exc}); vault2anki sync needs Anki on this machine to read back notes "
                    "it has no record of"
                ) from exc
    return records


def check_guids(client: AnkiConnect, side: AnkiSide, nids: set[int]) -> list[tuple[int, str, str]]:
    """Read the notes `nids` back from Anki and put what it holds into `side.notes`; the
    (note id, recorded GUID, Anki's GUID — "" when it has none of ours) that differ."""
    truth = rescan(client, nids)
    wrong = []
    for nid in sorted(nids):
        have, real = side.notes[nid], truth.get(nid)
        if real is None:
            wrong.append((nid, have.guid, ""))
            del side.notes[nid]
        elif real.guid != have.guid:
            wrong.append((nid, have.guid, real.guid))
            side.notes[nid] = real
        else:
            side.now[nid] = real
            # The record's digest and mod stay: what we last wrote, until we write again.
            side.notes[nid] = replace(
                real, source=have.source, mine=have.mine, digest=have.digest, mod=have.mod,
                vault=have.vault,
            )  # fmt: skip
    side.checked |= nids
    return wrong


def learn_mods(client: AnkiConnect, notes: dict[int, NoteRecord]) -> dict[int, NoteRecord]:
    """Records from before `mod` was kept, with Anki's mod and content now (read once through
    an export): taken as the baseline, so an edit made in Anki before this is not seen as
    one — the vault's version stays what the note was last synced from. Notes whose GUID
    Anki contradicts are left out (check_guids deals with them before any write)."""
    truth = rescan(client, notes)
    out = {}
    for nid, have in notes.items():
        real = truth.get(nid)
        if real is not None and real.guid == have.guid:
            vault = have.synced if have.synced != real.digest else ""
            out[nid] = replace(real, source=have.source, mine=have.mine, vault=vault)
    return out


def refresh_cards(client: AnkiConnect, notes: dict[int, NoteRecord]) -> dict[int, NoteRecord]:
    """Card ids of each note as Anki has them now (a card may be added or emptied there)."""
    nids = sorted(notes)
    infos = client.multi([act("notesInfo", notes=nids)])[0] if nids else []
    out = dict(notes)
    for nid, info in zip(nids, infos, strict=True):
        if info:
            old = notes[nid]
            out[nid] = replace(old, cards=tuple(info["cards"]))
        else:
            del out[nid]
    return out


def _models(client: AnkiConnect, names_and_ids: dict[str, int]) -> dict[int, ModelSide]:
    ours = sorted((mid, name) for name, mid in names_and_ids.items() if mid in KIND_OF_MODEL)
    actions = []
    for _, name in ours:
        actions += [act("modelStyling", modelName=name), act("modelTemplates", modelName=name)]
    replies = client.multi(actions) if actions else []
    return {
        mid: ModelSide(mid, name, replies[2 * n]["css"], replies[2 * n + 1])
        for n, (mid, name) in enumerate(ours)
    }


@dataclass(frozen=True)
class Glance:
    """What the first request of a sync tells: which collection, which of our notes and cards
    exist, which note types Anki has."""

    anki: AnkiIdentity | None  # None: an add-on too old to say
    present: set[int]  # ids of every note of our note types
    cids: list[int]  # their cards
    filtered: set[int]  # those of them in a filtered deck
    names_and_ids: dict[str, int]


def identity_of(profile: str | None, media_dir: str | None) -> AnkiIdentity | None:
    """The collection, from getActiveProfile and getMediaDirPath (None: not answered)."""
    if media_dir is None:
        return AnkiIdentity(profile, "") if profile is not None else None
    if profile is None:  # …/<profile>/collection.media, with / or \ (Anki on Windows)
        parts = [p for p in re.split(r"[\\/]", media_dir) if p]
        profile = parts[-2] if len(parts) >= 2 else media_dir
    return AnkiIdentity(profile, media_dir)


def glance(client: AnkiConnect) -> Glance:
    """One request: the add-on's version (checked), the collection, our notes and cards."""
    version, nids, cids, filtered, names_and_ids, profile, media_dir = client.multi(
        [
            act("version"),
            act("findNotes", query=OURS),
            act("findCards", query=OURS),
            act("findCards", query=f"deck:filtered ({OURS})"),
            act("modelNamesAndIds"),
            *map(act, PROFILE_ACTIONS),
        ],
        optional=PROFILE_ACTIONS,
    )
    client.check_version(version)
    return Glance(identity_of(profile, media_dir), set(nids), cids, set(filtered), names_and_ids)


def read_anki(
    client: AnkiConnect,
    state: SyncState,
    want_media: bool,
    first: Glance,
    checked: frozenset[int] = frozenset(),
    baseline: SyncState | None = None,
) -> AnkiSide:
    """Everything a sync plan needs from Anki, after `glance` (`first`); reads only, changes
    nothing. `checked`: notes of `state` read back from Anki already (profile.py). `baseline`:
    a record not trusted (`--no-cache`), whose notes are all read back, but which still says
    what the last sync wrote to each: an edit made in Anki since stays one."""
    present, cids = first.present, first.cids
    notes = {nid: r for nid, r in state.notes.items() if nid in present}
    unknown = present - notes.keys()
    rescanned = rescan(client, unknown) if unknown else {}
    notes.update(rescanned)
    for nid, real in rescanned.items():
        old = baseline.notes.get(nid) if baseline is not None else None
        if old is not None and old.guid == real.guid and old.mod:
            notes[nid] = replace(real, digest=old.digest, mod=old.mod, vault=old.vault)
    learned = learn_mods(client, {n: r for n, r in notes.items() if not r.mod and n not in unknown})
    notes.update(learned)
    recorded = {c for r in notes.values() for c in r.cards}
    if recorded != set(cids):
        notes = refresh_cards(client, notes)  # cards added or emptied in Anki since
    models = _models(client, first.names_and_ids)
    actions = [act("getDecks", cards=sorted(cids))]
    if want_media:
        actions.append(act("getMediaFilesNames", pattern="*"))
    replies = client.multi(actions)
    deck_of = {cid: deck for deck, ids in replies[0].items() for cid in ids}
    media = set(replies[1]) if want_media else set()
    side = AnkiSide(notes, deck_of, models, media, present, first.filtered, len(rescanned))
    side.checked = set(rescanned) | set(learned) | (checked & notes.keys())
    side.now = {**rescanned, **learned}
    return side
