"""`vault2anki.lock`: card identities that survive renames, and `mod`s that follow content.

Without a lock a card's GUID comes from its path and place in the note, and its `mod` from file
mtimes. The lock (a sorted text file at the vault root, meant to be committed) records per card
its GUID, where it was, fingerprints of its Markdown and a hash of everything that reaches Anki,
with the `mod` that content got. On the next export:

- a card keeps its GUID when it is where it was with the same content; else the GUID follows
  its content (renamed note, moved folder, re-ordered questions), then its question text (answer
  edited too), then its place (question edited in place). A fingerprint shared by several
  candidates is ambiguous: reported, never guessed. A frontmatter `id` always wins.
- `mod` keeps its recorded value while the rendered content is unchanged and becomes "now"
  (`SOURCE_DATE_EPOCH` when set) when it changed — so re-imports update exactly the edited
  notes, and a fresh clone with the same lock builds the same bytes.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .identity import make_guid, parts_digest
from .model import Card
from .report import Report

LOCK_NAME = "vault2anki.lock"
LOCK_FORMAT = 2  # lockfile.py: the version this vault2anki writes and reads up to


@dataclass(frozen=True)
class LockEntry:
    guid: str
    mod: int
    rendered: str  # hash of fields, tags, deck and media bytes: what Anki would store
    content: str  # hash of question + answer Markdown
    question: str  # hash of the question Markdown
    kind: str  # note type kind: a GUID never moves to another note type (Anki: "conflicting")
    key: str
    source: str


@dataclass
class Lock:
    cards: list[LockEntry] = field(default_factory=list)
    notetypes: dict[int, tuple[str, int]] = field(default_factory=dict)  # id → (hash, mod)
    version: int = LOCK_FORMAT  # of the file it was read from: an older one is rewritten

    def same_as(self, other: Lock | None) -> bool:
        """Would both be written as the same file? (Cheaper than formatting both.)"""
        return (
            other is not None
            and self.version == other.version
            and self.notetypes == other.notetypes
            and len(self.cards) == len(other.cards)
            and set(self.cards) == set(other.cards)
        )


def now() -> int:
    """The time a changed card gets; `SOURCE_DATE_EPOCH` makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else int(time.time())


def _content(card: Card) -> str:
    return parts_digest(*card.fingerprint)


def unique_pairs(
    cards: list[int],
    entries: list[int],
    card_key: list[str],
    entry_key: list[str],
    ambiguous: list[str],
) -> list[tuple[int, int]]:
    """Pair cards with lock entries sharing a key that is unique on both sides."""
    card_counts = Counter(card_key[c] for c in cards)
    entry_counts = Counter(entry_key[e] for e in entries)
    by_key = {entry_key[e]: e for e in entries}
    pairs = []
    for c in cards:
        k = card_key[c]
        if k not in entry_counts:
            continue
        if card_counts[k] == 1 and entry_counts[k] == 1:
            pairs.append((c, by_key[k]))
        else:
            ambiguous.append(k)
    return pairs


def apply_lock(
    cards: list[Card],
    old: Lock | None,
    notetypes: Iterable[tuple[int, str]],
    report: Report,
    timestamp: int | None = None,
) -> tuple[list[Card], Lock]:
    """Give each card its GUID and mod from the lock; return the cards and the new lock."""
    old = old or Lock()
    stamp = now() if timestamp is None else timestamp
    entries = old.cards
    guid_of: dict[int, str] = {}

    free_cards = [i for i, c in enumerate(cards) if not c.pinned]
    for i, c in enumerate(cards):
        if c.pinned:
            guid_of[i] = c.guid
    pinned_guids = set(guid_of.values())
    free_entries = [j for j, e in enumerate(entries) if e.guid not in pinned_guids]

    # Every key starts with the kind: a GUID that moved to another note type would make Anki
    # log the note "conflicting" and never update it again. Computed once: passes reuse them.
    card_keys = [
        (
            f"{c.kind}\x1f{c.source}\x1f{c.key}\x1f{content}",
            f"{c.kind}\x1f{content}",
            f"{c.kind}\x1f{c.fingerprint[0]}",
            f"{c.kind}\x1f{c.source}\x1f{c.key}",
        )
        for c in cards
        for content in (_content(c),)
    ]
    entry_keys = [
        (
            f"{e.kind}\x1f{e.source}\x1f{e.key}\x1f{e.content}",
            f"{e.kind}\x1f{e.content}",
            f"{e.kind}\x1f{e.question}",
            f"{e.kind}\x1f{e.source}\x1f{e.key}",
        )
        for e in entries
    ]
    for n, name in enumerate(("place+content", "content", "question", "place")):
        card_key = [k[n] for k in card_keys]
        entry_key = [k[n] for k in entry_keys]
        ambiguous: list[str] = []
        for i, j in unique_pairs(free_cards, free_entries, card_key, entry_key, ambiguous):
            guid_of[i] = entries[j].guid
        matched_entries = {entries[j].guid for j in free_entries} & set(guid_of.values())
        free_cards = [i for i in free_cards if i not in guid_of]
        free_entries = [j for j in free_entries if entries[j].guid not in matched_entries]
        if name in ("content", "question"):
            for k in sorted(set(ambiguous)):
                who = sorted({cards[i].source for i in free_cards if card_key[i] == k})
                if who and any(entry_key[j] == k for j in free_entries):
                    report.warning(
                        who[0],
                        None,
                        "ambiguous-identity",
                        f"{len(who)} card(s) match several vanished cards by {name}; "
                        "they get new identities — give the notes a frontmatter `id` to keep "
                        "their review history",
                    )

    taken = set(guid_of.values()) | {e.guid for e in entries}
    for i in free_cards:  # new cards: the lock-free identity, unless a lock entry holds it
        guid, n = cards[i].guid, 1
        while guid in taken:
            n += 1
            guid = make_guid("path", cards[i].source, cards[i].key, str(n))
        guid_of[i] = guid
        taken.add(guid)

    old_by_guid = {e.guid: e for e in entries}
    new_lock = Lock()
    out = []
    for i, card in enumerate(cards):
        guid = guid_of[i]
        rendered = card.digest
        before = old_by_guid.get(guid)
        if before is not None and before.rendered == rendered:
            mod = before.mod
        else:  # strictly newer than what Anki has, or "update if newer" skips it
            mod = max(stamp, before.mod + 1) if before is not None else stamp
        out.append(replace(card, guid=guid, mod=mod))
        new_lock.cards.append(
            LockEntry(
                guid,
                mod,
                rendered,
                _content(card),
                card.fingerprint[0],
                card.kind,
                card.key,
                card.source,
            )
        )
    for model_id, digest in notetypes:
        before_type = old.notetypes.get(model_id)
        if before_type is not None and before_type[0] == digest:
            new_lock.notetypes[model_id] = before_type
        else:
            base = before_type[1] + 1 if before_type else stamp
            new_lock.notetypes[model_id] = (digest, max(stamp, base))
    return out, new_lock
