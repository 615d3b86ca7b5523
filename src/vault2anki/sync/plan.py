"""`vault2anki sync`: make a running Anki hold the vault, through AnkiConnect.

The export decides identities (the lock: renames and moves keep their GUID); this module
compares the cards with what Anki holds (read.py, with the record in record.py) and
changes only the difference:

- new cards are *imported* as a small `.apkg`: the only way AnkiConnect can give a note our
  GUID, so a later `.apkg` import of the same vault updates it instead of adding a copy;
- changed notes are updated in place (`updateNoteFields`, `updateNoteTags`: note id, cards
  and review history stay) unless they were edited in Anki too (conflicts.py), and read back:
  an update Anki did not take (the note open in its browser or editor) is reported, and the
  next sync tries again; cards whose deck changed are moved (`changeDeck`), note type CSS
  and templates are rewritten when they differ, and media files are uploaded when Anki
  lacks them (media.py: one file at a time; a file that fails is reported and never stops
  the notes);
- orphans — notes this vault put in Anki whose card is gone from it — are listed, and deleted
  only with `prune`. A card is gone only when its note is gone from the vault, or was read in
  full and no longer has it: a card merely missing from this run (its note excluded, skipped
  or with an error: sources.py) is *kept*, never an orphan, and a run with an error or a
  skipped note deletes nothing (cli/sync.py). Notes of other note types, or of ours with
  GUIDs this vault never made, are never touched.

Every step is safe to run twice and the record is saved after each, so a sync that failed
half-way finishes when run again. Unchanged notes cost nothing: no request names them.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from ..apkg.notetypes import BASIC_FIELDS, CLOZE_FIELDS, REVERSED_FIELDS, model_for
from ..apkg.package import in_memory, note_fields, write_package
from ..model import Card, MediaFile
from ..report import Report
from ..vault.sources import Sources
from .ankiconnect import AnkiConnect, act
from .media import upload_media
from .read import OURS, AnkiSide, ModelSide, rescan
from .record import NoteRecord, SyncState, note_digest

FIELD_NAMES = {"basic": BASIC_FIELDS, "reversed": REVERSED_FIELDS, "cloze": CLOZE_FIELDS}

Progress = Callable[[int, int], None]
Prefer = Literal["vault", "anki"]  # who wins a conflict


@dataclass(frozen=True)
class ModelChange:
    model: ModelSide
    css: str | None  # new CSS, None: unchanged
    templates: dict[str, dict[str, str]]  # only the templates that differ


@dataclass(frozen=True)
class FieldDiff:
    name: str  # the note type's field name, or "Tags"
    anki: list[str]  # lines only Anki has (at most DIFF_LINES, shortened)
    vault: list[str]  # lines only the vault has


@dataclass
class Conflict:
    """A note edited in Anki and in the vault since the last sync (conflicts.py)."""

    nid: int
    card: Card
    resolved: Prefer | None = None  # who won (--prefer); None: skipped
    fields: list[FieldDiff] = field(default_factory=list)  # filled by `describe`


@dataclass
class SyncPlan:
    add: list[Card] = field(default_factory=list)
    update: list[tuple[int, Card]] = field(default_factory=list)  # Anki note id, card
    move: list[tuple[Card, list[int]]] = field(default_factory=list)  # card ids off their deck
    unchanged: list[Card] = field(default_factory=list)
    orphans: list[tuple[int, NoteRecord]] = field(default_factory=list)
    kept: list[tuple[int, NoteRecord, str]] = field(default_factory=list)  # not here: why kept
    media: list[MediaFile] = field(default_factory=list)  # to upload
    models: list[ModelChange] = field(default_factory=list)
    # Notes edited in Anki and in the vault (conflicts.py); the unresolved ones are not written.
    conflicts: list[Conflict] = field(default_factory=list)
    adopt: dict[int, NoteRecord] = field(default_factory=dict)  # recorded instead of a write

    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.add),
            "changed": len(self.update),
            "moved": len(self.move),
            "unchanged": len(self.unchanged),
            "orphaned": len(self.orphans),
            "kept": len(self.kept),
            "media": len(self.media),
            "note_types": len(self.models),
            "conflicts": len(self.conflicts),
        }


@dataclass
class SyncOutcome:
    plan: SyncPlan
    deleted: int = 0
    rescanned: int = 0  # notes read back from Anki because no record named them
    report: Report = field(default_factory=Report)  # cards Anki would not take
    requests: int = 0  # HTTP requests to AnkiConnect
    prune_refused: str | None = None  # why --prune deleted nothing (an error, a skipped note)


def card_digest(card: Card) -> str:
    return note_digest(card.kind, note_fields(card), card.tags)


def _model_changes(side: AnkiSide) -> list[ModelChange]:
    changes = []
    for mid, have in sorted(side.models.items()):
        want = next(m for m in (model_for(k) for k in FIELD_NAMES) if m.model_id == mid)
        templates = {
            t["name"]: {"Front": t["qfmt"], "Back": t["afmt"]}
            for t in want.templates
            if have.templates.get(t["name"]) != {"Front": t["qfmt"], "Back": t["afmt"]}
        }
        css = want.css if have.css != want.css else None
        if css is not None or templates:
            changes.append(ModelChange(have, css, templates))
    return changes


def _media_to_upload(cards: list[Card], side: AnkiSide) -> list[MediaFile]:
    """The files Anki lacks. A media name hashes its file's bytes (vault/media.py), so a name
    Anki holds is those bytes: new bytes come under a new name, never over an old file."""
    media = {m.name: m for card in cards for m in card.media}
    return [m for name, m in sorted(media.items()) if name not in side.media]


def _why_kept(
    record: NoteRecord, old_sources: dict[str, str], sources: Sources | None
) -> str | None:
    """Why a note of ours whose card this run lacks is not an orphan (None: it is one)."""
    if sources is None:  # no knowledge of the vault (plain planner tests): every card is here
        return None
    # The record names where the note came from at its last sync, the lock where its card was
    # at the last export: if either is a note this run did not see in full, keep it.
    return sources.why_kept_any(record.source, old_sources.get(record.guid))


def plan_sync(
    cards: list[Card],
    side: AnkiSide,
    old_guids: set[str] | dict[str, str],
    sources: Sources | None = None,
) -> SyncPlan:
    """What to change in Anki so that it holds `cards`; decided here, nothing sent.

    `old_guids`: the previous lock's GUIDs (with their sources, when a dict); `sources`: which
    notes this run read in full — only their missing cards, and those of deleted notes, are
    orphans."""
    plan = SyncPlan()
    nid_of = {r.guid: nid for nid, r in sorted(side.notes.items(), reverse=True)}
    for card in cards:
        nid = nid_of.get(card.guid)
        if nid is None:
            plan.add.append(card)
            continue
        record = side.notes[nid]
        off = [
            cid
            for cid in record.cards
            if cid not in side.filtered and side.deck_of.get(cid) != card.deck
        ]
        if off:
            plan.move.append((card, off))
        if record.synced != card_digest(card):  # the vault note changed since
            plan.update.append((nid, card))
        elif not off:
            plan.unchanged.append(card)
    current = {card.guid for card in cards}
    old_sources = old_guids if isinstance(old_guids, dict) else {}
    for nid, r in sorted(side.notes.items()):
        if r.guid in current or not (r.mine or r.guid in old_guids):
            continue
        why = _why_kept(r, old_sources, sources)
        if why is None:
            plan.orphans.append((nid, r))
        else:
            plan.kept.append((nid, r, why))
    plan.media = _media_to_upload(cards, side)
    plan.models = _model_changes(side)
    return plan


def _record_from_info(info: dict[str, Any], card: Card) -> NoteRecord:
    fields = sorted(info["fields"].items(), key=lambda kv: kv[1]["order"])
    values = [v["value"] for _, v in fields]
    digest = note_digest(card.kind, values, info["tags"])
    return NoteRecord(card.guid, digest, tuple(info["cards"]), card.source, True, info["mod"])


def _read_back(client: AnkiConnect, updates: list[tuple[int, Card]]) -> dict[int, NoteRecord]:
    """What Anki holds of the updated notes now, with each note's mod: from `notesInfo`, or,
    from an AnkiConnect whose `notesInfo` has no `mod` (before 2023), through an export."""
    nids = [nid for nid, _ in updates]
    infos = client.call("notesInfo", notes=nids)
    if all(not info or type(info.get("mod")) is int for info in infos):
        pairs = zip(updates, infos, strict=True)
        return {nid: _record_from_info(info, card) for (nid, card), info in pairs if info}
    by_nid = dict(updates)
    return {
        nid: replace(r, source=by_nid[nid].source, mine=True)
        for nid, r in rescan(client, nids).items()
        if r.guid == by_nid[nid].guid
    }


def _add(
    client: AnkiConnect,
    cards: list[Card],
    side: AnkiSide,
    state: SyncState,
    model_mods: dict[int, int] | None,
    report: Report,
) -> None:
    """Import the new cards as an .apkg (their GUIDs come with them), then learn their ids."""
    # Ids above every note we know of (and above now, where Anki's own ids are): never the id
    # of a note deleted since Anki was read, which a planned update would then overwrite.
    first_id = max([int(time.time() * 1000), *side.present, *state.notes]) + 1
    with tempfile.TemporaryDirectory(prefix="vault2anki-sync-") as tmp:
        path = Path(tmp) / "new.apkg"
        write_package(cards, [], path, model_mods, first_id, fields=in_memory)
        client.call("importPackage", path=str(path))
    after = set(client.call("findNotes", query=OURS))
    new = after - side.present
    side.present |= after
    by_guid = {card.guid: card for card in cards}
    # Which new note holds which GUID is read back from Anki, never taken from the package:
    # Anki renumbers a note whose id clashes, and a note another program added meanwhile
    # may hold an id the package gave one of ours.
    added = set()
    for nid, record in rescan(client, new).items():
        card = by_guid.get(record.guid)
        if card is not None:
            state.notes[nid] = replace(record, source=card.source, mine=True)
            side.checked.add(nid)
            added.add(card.guid)
    for card in cards:
        if card.guid not in added:
            report.warning(
                card.source,
                card.source_line or None,
                "sync-not-added",
                "Anki did not add this card: it already holds a note with the same identity "
                "under another note type; change that note back to a vault2anki note type, or "
                "delete it, and sync again",
            )


def _update(
    client: AnkiConnect,
    updates: list[tuple[int, Card]],
    state: SyncState,
    progress: Progress | None,
    report: Report,
) -> None:
    actions = []
    for nid, card in updates:
        fields = dict(zip(FIELD_NAMES[card.kind], note_fields(card), strict=True))
        actions.append(act("updateNoteFields", note={"id": nid, "fields": fields}))
        actions.append(act("updateNoteTags", note=nid, tags=list(card.tags)))
    client.multi(actions, progress)
    # Read back: AnkiConnect answers success even when the note is open in Anki's browser or
    # editor, whose copy then replaces ours. Recorded as read, an update that did not take
    # has a digest other than the vault card's: the next sync sends it again.
    written = _read_back(client, updates)
    for nid, card in updates:
        record = written.get(nid)
        if record is None:
            continue  # deleted in Anki meanwhile: the next sync adds it again
        state.notes[nid] = record
        if record.digest != card_digest(card):
            report.error(
                card.source,
                card.source_line or None,
                "sync-not-updated",
                "Anki did not take the update of this note (AnkiConnect cannot change a note "
                "open in Anki's browser or editor): close it there and sync again",
            )


def _new_cards_off_deck(
    client: AnkiConnect, updates: list[tuple[int, Card]], side: AnkiSide, state: SyncState
) -> list[tuple[Card, list[int]]]:
    """Cards an update created (a reversed card's second side, a new cloze): in their deck?"""
    fresh = {
        cid: card
        for nid, card in updates
        for cid in state.notes[nid].cards
        if nid in state.notes and cid not in side.deck_of
    }
    if not fresh:
        return []
    decks = client.call("getDecks", cards=sorted(fresh))
    off: dict[str, tuple[Card, list[int]]] = {}
    for deck, cids in decks.items():
        for cid in cids:
            card = fresh[cid]
            if deck != card.deck:
                off.setdefault(card.guid, (card, []))[1].append(cid)
    return list(off.values())


def _move(client: AnkiConnect, moves: list[tuple[Card, list[int]]]) -> None:
    by_deck: dict[str, list[int]] = {}
    for card, cids in moves:
        by_deck.setdefault(card.deck, []).extend(cids)
    client.multi(
        [act("changeDeck", cards=sorted(cids), deck=deck) for deck, cids in sorted(by_deck.items())]
    )


def _update_models(client: AnkiConnect, changes: list[ModelChange]) -> None:
    actions = []
    for change in changes:
        name = change.model.name
        if change.css is not None:
            actions.append(act("updateModelStyling", model={"name": name, "css": change.css}))
        if change.templates:
            actions.append(
                act("updateModelTemplates", model={"name": name, "templates": change.templates})
            )
    client.multi(actions)


def apply_sync(
    client: AnkiConnect,
    plan: SyncPlan,
    side: AnkiSide,
    state: SyncState,
    save: Callable[[], None],
    *,
    prune: bool,
    model_mods: dict[int, int] | None = None,
    progress: Progress | None = None,
) -> SyncOutcome:
    """Change Anki as planned, one idempotent step at a time, saving the record after each."""
    outcome = SyncOutcome(plan, rescanned=side.rescanned)
    if plan.media:
        upload_media(client, plan.media, outcome.report)
        save()
    if plan.add:
        _add(client, plan.add, side, state, model_mods, outcome.report)
        save()
    if plan.models:
        _update_models(client, plan.models)
    moves = list(plan.move)
    if plan.update:
        _update(client, plan.update, state, progress, outcome.report)
        save()
        moves += _new_cards_off_deck(client, plan.update, side, state)
    if moves:
        _move(client, moves)
    if prune and plan.orphans:
        nids = [nid for nid, _ in plan.orphans]
        client.call("deleteNotes", notes=nids)
        for nid in nids:
            state.notes.pop(nid, None)
        outcome.deleted = len(nids)
    save()
    outcome.requests = client.calls
    return outcome
