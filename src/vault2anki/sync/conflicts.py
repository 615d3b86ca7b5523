"""Edits made in Anki are never overwritten without being asked.

The record (record.py) keeps, per note, what the last sync wrote (its digest) and Anki's `mod`
of the note right after. Before a sync writes a note, it reads what Anki holds now (read.py's
`check_guids`, which it needs anyway); the note was *edited in Anki* when both its mod and its
fields or tags moved since — content is compared, not only the mod, and a review or a deck
move changes neither (they touch cards, not the note). Then:

- only Anki changed (the vault card is what was last synced): nothing is written, Anki keeps
  its version; the plan never names the note;
- both changed: a *conflict*. Skipped and listed with a short diff of its fields, unless
  `prefer` says who wins: "vault" writes it, "anki" leaves it and records the vault version
  as synced, so it is not reported again until the vault note changes again;
- Anki already holds what the vault has now (the same edit made on both sides): nothing to
  write; the record takes Anki's state as the new baseline.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import replace
from typing import Any

from ..apkg.package import note_fields
from ..model import Card
from .ankiconnect import AnkiConnect
from .plan import FIELD_NAMES, Conflict, FieldDiff, Prefer, SyncPlan, card_digest
from .read import AnkiSide
from .record import NoteRecord

DIFF_LINES = 3  # lines shown per side and field: enough to recognise the edit
LINE_WIDTH = 100


def edited_in_anki(base: NoteRecord, now: NoteRecord) -> bool:
    """Anki changed the note's fields or tags since `base` was recorded. A record without a
    mod (from before it was kept) cannot tell: never a conflict."""
    return bool(base.mod) and now.mod != base.mod and now.digest != base.digest


def settle(plan: SyncPlan, side: AnkiSide, prefer: Prefer | None) -> None:
    """Take out of `plan.update` what would overwrite an edit made in Anki: into
    `plan.conflicts` (written only with prefer "vault"), and into `plan.adopt` the records to
    keep instead of a write. `side.now` holds what Anki has now of every note the plan writes."""
    write = []
    moved = {card.guid for card, _ in plan.move}
    for nid, card in plan.update:
        base = side.notes[nid]
        now = side.now.get(nid, base)
        want = card_digest(card)
        if now.digest == want:  # Anki holds the vault's version already: nothing to write
            plan.adopt[nid] = replace(base, digest=now.digest, mod=now.mod, vault="")
            if card.guid not in moved:
                plan.unchanged.append(card)
        elif not edited_in_anki(base, now):
            write.append((nid, card))
        else:
            plan.conflicts.append(Conflict(nid, card, prefer))
            if prefer == "vault":
                write.append((nid, card))
            elif prefer == "anki":  # the baseline stays: a later vault change conflicts again
                plan.adopt[nid] = replace(base, vault=want)
    plan.update = write


def describe(client: AnkiConnect, conflicts: list[Conflict]) -> None:
    """Read what Anki holds of each conflict's note and put the field diffs into it."""
    if not conflicts:
        return
    infos = client.call("notesInfo", notes=[c.nid for c in conflicts])
    for conflict, info in zip(conflicts, infos, strict=True):
        if info:
            conflict.fields = field_diffs(conflict.card, info)


def field_diffs(card: Card, info: dict[str, Any]) -> list[FieldDiff]:
    """The fields (and tags) Anki's note and the vault card differ in: -anki/+vault lines."""
    have = {name: f["value"] for name, f in info["fields"].items()}
    out = []
    for name, want in zip(FIELD_NAMES[card.kind], note_fields(card), strict=True):
        anki = have.get(name, "")
        if anki != want:
            out.append(_diff(name, anki, want))
    anki_tags, vault_tags = sorted(info["tags"], key=str.casefold), sorted(card.tags)
    if [t.casefold() for t in anki_tags] != [t.casefold() for t in vault_tags]:
        out.append(FieldDiff("Tags", [" ".join(anki_tags)], [" ".join(vault_tags)]))
    return out


_BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|tr|pre|blockquote)>|\n", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def _lines(fragment: str, as_text: bool) -> list[str]:
    """A field as lines: what it reads as (tags gone, one line per block), or its HTML."""
    if not as_text:
        return [line for line in fragment.splitlines() if line.strip()]
    parts = (html.unescape(_TAG.sub("", part)) for part in _BREAK.split(fragment))
    return [" ".join(part.split()) for part in parts if part.strip()]


def _diff(name: str, anki: str, vault: str) -> FieldDiff:
    # The text first (an edit reads as words); markup only when the text is the same.
    for as_text in (True, False):
        a, v = _lines(anki, as_text), _lines(vault, as_text)
        if a != v:
            break
    gone: list[str] = []
    added: list[str] = []
    for line in difflib.unified_diff(a, v, n=0, lineterm=""):
        if line.startswith(("---", "+++", "@@")):
            continue
        (gone if line[0] == "-" else added).append(_short(line[1:]))
    return FieldDiff(name, _few(gone), _few(added))


def _short(line: str) -> str:
    return line if len(line) <= LINE_WIDTH else line[: LINE_WIDTH - 1] + "…"


def _few(lines: list[str]) -> list[str]:
    if len(lines) <= DIFF_LINES:
        return lines
    return [*lines[:DIFF_LINES], f"… {len(lines) - DIFF_LINES} more lines"]
