"""`vault2anki.lock`: card identities that survive renames, and `mod`s that follow content.

Without a lock a card's GUID comes from its path and place in the note, and its `mod` from file
mtimes. The lock (a sorted text file at the vault root, meant to be committed) records per card
its GUID, where it was, fingerprints of its Markdown and a hash of everything that reaches Anki,
with the `mod` that content got. On the next export:

- a card keeps its GUID when it is where it was with the same content; else the GUID follows
  its content (renamed note, moved folder, re-ordered questions), then its question text (answer
  edited too), then its answer in the same note (question reworded in place), then its place
  (question and answer edited in place). A fingerprint shared by several candidates is
  ambiguous: reported, never guessed. A frontmatter `id` wins once the lock
  knows its GUID; an `id` added to a note already in the lock keeps the note's GUID.
- `mod` keeps its recorded value while the rendered content is unchanged and becomes "now"
  (`SOURCE_DATE_EPOCH` when set) when it changed — so re-imports update exactly the edited
  notes, and a fresh clone with the same lock builds the same bytes.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from ..cards.identity import make_guid, parts_digest
from ..model import CardRef
from ..report import Report

LOCK_NAME = "vault2anki.lock"
LOCK_FORMAT = 2  # lockfile.py: the version this vault2anki writes and reads up to


class LockEntry(NamedTuple):  # not a frozen dataclass: an export makes two per card
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

    def sources(self) -> dict[str, str]:
        """GUID → the note file it came from: what `diff` and `sync` call a note not read this
        run, rather than gone."""
        return {e.guid: e.source for e in self.cards}

    def model_mods(self) -> dict[int, int]:
        """Note type id → the `mod` time the package gives it (unchanged since it was settled)."""
        return {mid: mod for mid, (_, mod) in self.notetypes.items()}


def now() -> int:
    """The time a changed card gets; `SOURCE_DATE_EPOCH` makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else int(time.time())


def _contents(cards: list[CardRef]) -> list[str]:
    """Each card's content hash (question + answer Markdown), once: matching and settling
    both need it."""
    return [parts_digest(*card.fingerprint) for card in cards]


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


# How a card is matched to a vanished lock entry, strictest first. Every key starts with the
# kind: a GUID that moved to another note type would make Anki log the note "conflicting" and
# never update it again.
_PASSES = ("place+content", "content", "question", "answer", "place")
_REPORTED = ("content", "question")  # passes whose ambiguous matches are worth a warning
_ANSWER = _PASSES.index("answer")


def _pass_key(
    n: int, kind: str, source: str, key: str, content: str, question: str, answer: str
) -> str:
    """What pairs a card with a vanished lock entry in pass `n` of _PASSES — one definition
    for both sides, so they always agree. Made only for the passes a card or an entry is still
    free in: an unchanged vault pairs every card in the first."""
    if n == 0:
        return f"{kind}\x1f{source}\x1f{key}\x1f{content}"
    if n == 1:
        return f"{kind}\x1f{content}"
    if n == 2:
        return f"{kind}\x1f{question}"
    if n == 3:
        return f"{kind}\x1f{source}\x1f{answer}"
    return f"{kind}\x1f{source}\x1f{key}"


def _card_key(card: CardRef, content: str, n: int) -> str:
    return _pass_key(n, card.kind, card.source, card.key, content, *card.fingerprint)


def _entry_key(entry: LockEntry, n: int, answer: str = "") -> str:
    """The lock stores no answer hash: the answer pass's `answer` comes from _answer_keys."""
    return _pass_key(n, entry.kind, entry.source, entry.key, entry.content, entry.question, answer)


def _answer_keys(
    cards: list[CardRef], free_cards: list[int], entries: list[LockEntry], free_entries: list[int]
) -> list[str]:
    """Each vanished entry's answer pass key: in its own note, a card whose answer makes the
    entry's content hash from its question hash has the entry's answer (the lock stores no
    answer hash; content = digest(question, answer)). A question reworded in place is then
    matched by its answer, before a deleted neighbour's place could claim it."""
    answers: dict[tuple[str, str], set[str]] = {}
    for i in free_cards:
        answers.setdefault((cards[i].kind, cards[i].source), set()).add(cards[i].fingerprint[1])
    keys = [f"-\x1f{j}" for j in range(len(entries))]  # no card has such a key
    for j in free_entries:
        e = entries[j]
        for answer in sorted(answers.get((e.kind, e.source), ())):
            if parts_digest(e.question, answer) == e.content:
                keys[j] = _entry_key(e, _ANSWER, answer)
                break
    return keys


def _sparse(keys: list[str], at: list[int], size: int) -> list[str]:
    """`keys[k]` at index `at[k]` of a list of `size` (other places hold "", never looked at)."""
    out = [""] * size
    for k, i in enumerate(at):
        out[i] = keys[k]
    return out


def _match(
    cards: list[CardRef], contents: list[str], entries: list[LockEntry], report: Report
) -> dict[int, str]:
    """Card index → GUID: pinned cards the lock knows keep theirs, others take a vanished
    entry's (see the module docstring), else a new one (a pinned card: its own)."""
    known = {e.guid for e in entries}
    # A pinned card the lock does not know yet (an `id` just added, as our warnings advise)
    # is matched like any other: it takes over its note's entry instead of becoming a copy.
    guid_of = {i: c.guid for i, c in enumerate(cards) if c.pinned and c.guid in known}
    free_cards = [i for i in range(len(cards)) if i not in guid_of]
    pinned = set(guid_of.values())
    free_entries = [j for j, e in enumerate(entries) if e.guid not in pinned]
    # Keys are made for what is still free, pass by pass: an unchanged vault pairs every card
    # in the first pass, and making all five keys of 10,000 cards cost more than the pairing.
    for n, name in enumerate(_PASSES):
        if not free_cards or not free_entries:
            break
        keys = [_card_key(cards[i], contents[i], n) for i in free_cards]
        card_key = _sparse(keys, free_cards, len(cards))
        entry_key = (
            _answer_keys(cards, free_cards, entries, free_entries)
            if n == _ANSWER
            else _sparse(
                [_entry_key(entries[j], n) for j in free_entries], free_entries, len(entries)
            )
        )
        ambiguous: list[str] = []
        for i, j in unique_pairs(free_cards, free_entries, card_key, entry_key, ambiguous):
            guid_of[i] = entries[j].guid
        matched = {entries[j].guid for j in free_entries} & set(guid_of.values())
        free_cards = [i for i in free_cards if i not in guid_of]
        free_entries = [j for j in free_entries if entries[j].guid not in matched]
        if name not in _REPORTED:
            continue
        for k in sorted(set(ambiguous) & {entry_key[j] for j in free_entries}):
            who = sorted({cards[i].source for i in free_cards if card_key[i] == k})
            if who:
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
    return guid_of


def _settle(
    cards: list[CardRef],
    contents: list[str],
    guid_of: dict[int, str],
    entries: list[LockEntry],
    stamp: int,
) -> tuple[list[CardRef], list[LockEntry]]:
    """Each card with its GUID and mod, and its lock entry. The mod is kept while what Anki
    would store is unchanged, else it is `stamp` — strictly newer than what Anki has, or
    "update if newer" would skip the note."""
    old_by_guid = {e.guid: e for e in entries}
    out: list[CardRef] = []
    settled: list[LockEntry] = []
    for i, card in enumerate(cards):
        guid = guid_of[i]
        before = old_by_guid.get(guid)
        if before is not None and before.rendered == card.digest:
            mod = before.mod
        else:
            mod = max(stamp, before.mod + 1) if before is not None else stamp
        # Unchanged in an unchanged vault: the card as it is, not a copy of each.
        same = (card.guid, card.mod) == (guid, mod)
        out.append(card if same else card._replace(guid=guid, mod=mod))
        settled.append(
            LockEntry(
                guid,
                mod,
                card.digest,
                contents[i],
                card.fingerprint[0],
                card.kind,
                card.key,
                card.source,
            )
        )
    return out, settled


def _notetype_mods(
    old: Lock, notetypes: Iterable[tuple[int, str]], stamp: int
) -> dict[int, tuple[str, int]]:
    """Note type id → (hash, mod): the recorded mod while the type is unchanged, else newer."""
    mods: dict[int, tuple[str, int]] = {}
    for model_id, digest in notetypes:
        before = old.notetypes.get(model_id)
        if before is not None and before[0] == digest:
            mods[model_id] = before
        else:
            base = before[1] + 1 if before else stamp
            mods[model_id] = (digest, max(stamp, base))
    return mods


def _carried(
    entries: list[LockEntry], taken: Iterable[str], kept: Callable[[str], bool]
) -> list[LockEntry]:
    """Old entries no card took whose note is still there (left out, skipped or failed this
    once): forgetting them would give that note, if it was renamed, a new identity when it
    comes back — and Anki a copy of it."""
    used = set(taken)
    return [e for e in entries if e.guid not in used and kept(e.source)]


def apply_lock(
    cards: list[CardRef],
    old: Lock | None,
    notetypes: Iterable[tuple[int, str]],
    report: Report,
    timestamp: int | None = None,
    kept: Callable[[str], bool] = lambda source: False,
) -> tuple[list[CardRef], Lock]:
    """Give each card its GUID and mod from the lock; return the cards and the new lock.

    `kept(source)`: the note at `source` is still in the vault but did not give all its cards
    this time; the entries of its cards stay in the new lock, as they were.
    """
    old = old or Lock()
    stamp = now() if timestamp is None else timestamp
    contents = _contents(cards)
    guid_of = _match(cards, contents, old.cards, report)
    settled, entries = _settle(cards, contents, guid_of, old.cards, stamp)
    entries += _carried(old.cards, guid_of.values(), kept)
    return settled, Lock(entries, _notetype_mods(old, notetypes, stamp))
