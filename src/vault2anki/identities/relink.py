"""`export --relink OLD.apkg`: rebuild lost identities from a deck Anki already has.

When the lock is lost for real (never committed, damaged with no copy in version control), the
notes in Anki still carry their GUIDs. A previous export holds the same notes, so each card of
the vault is matched to a note of OLD.apkg the way the lock matches cards, by content first:
same place and fields, then the same text (a renamed note), then the same question text (the
answer edited too), then the same place and answer (question edited in place) — never the
place alone: a note that merely sits at the same path in another vault is not this one. Notes
whose Source link names another vault are not matched at all (a warning says how to relink a
renamed vault). Only matches unique on both sides are taken; the rest get new identities, as
the lock would give them. The result is an ordinary lock, which `apply_lock` then uses:
relinked notes keep their GUIDs, and their `mod` only where what Anki stores is unchanged.
`Relinked` says how many were matched, and by which rule.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from ..apkg.diff import PackagedNote, cards_as_notes
from ..cards.identity import (
    BASIC_MODEL_ID,
    CLOZE_MODEL_ID,
    REVERSED_MODEL_ID,
    content_digest,
    parts_digest,
)
from ..model import Card
from ..report import Report
from .lock import LOCK_NAME, Lock, LockEntry, unique_pairs

_KIND_OF_MODEL = {BASIC_MODEL_ID: "basic", REVERSED_MODEL_ID: "reversed", CLOZE_MODEL_ID: "cloze"}
_TAG = re.compile(r"<[^>]*>")
_CHANGED = "0" * 16  # a rendered hash no card has: the card's mod moves past the old note's
_VAULT = re.compile(r"obsidian://open\?vault=([^&\"'>]*)")
_PASSES = ("place and fields", "text", "question", "place and answer")


@dataclass
class Relinked:
    """What `--relink` did: how many of the cards it could match took a note's GUID, by rule."""

    deck: Path
    cards: int = 0  # cards without a frontmatter `id` (those keep theirs)
    by_rule: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        done = sum(self.by_rule.values())
        text = f"relinked {done} of {self.cards} cards to notes of {self.deck}"
        rules = ", ".join(f"{rule} {n}" for rule, n in self.by_rule.items() if n)
        if rules:
            text += f" ({rules})"
        rest = self.cards - done
        if rest:
            text += f"; {rest} gets a new identity" if rest == 1 else f"; {rest} get new identities"
        return text


def _vault_of(source_field: str) -> str | None:
    """The vault a Source field links to (`obsidian://open?vault=NAME`), if it links."""
    m = _VAULT.search(html.unescape(source_field))
    return unquote(m.group(1)) if m else None


def _plain(fragment: str) -> str:
    """A field's text without markup or whitespace differences: survives a new renderer."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def _keys(kind: str, fields: tuple[str, ...], place: str) -> tuple[str, ...]:
    question, answer, source = (*fields, "", "", "")[:3]
    source = _plain(source)
    return (
        f"{kind}\x1f{source}\x1f{question}\x1f{answer}",
        f"{kind}\x1f{_plain(question)}\x1f{_plain(answer)}",
        f"{kind}\x1f{_plain(question)}",
        f"{kind}\x1f{source}\x1f{place}\x1f{_plain(answer)}",
    )


def _places(sources: list[tuple[str, str]]) -> list[str]:
    """Each item's rank among the items of the same (kind, note): the order an export writes."""
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for item in sources:
        out.append(str(seen[item]))
        seen[item] += 1
    return out


def _same_vault(
    notes: list[PackagedNote], ours: str | None, deck: Path, report: Report
) -> list[PackagedNote]:
    """The notes that may be this vault's: those whose Source link names another vault are
    left out (same paths in two vaults are not the same notes), with a warning."""
    if ours is None:
        return notes
    foreign = [n for n in notes if _vault_of(n.label) not in (None, ours)]
    if foreign:
        names = sorted({str(_vault_of(n.label)) for n in foreign})
        theirs = "', '".join(names)
        report.warning(
            LOCK_NAME,
            None,
            "relink-other-vault",
            f"{len(foreign)} notes of {deck} link to vault '{theirs}', not '{ours}'; they are "
            f"not relinked — if it is this vault under another name, export with "
            f"--vault-name '{names[0]}'",
        )
    return [n for n in notes if n not in foreign]


def _pair(
    cards: list[Card], now: list[PackagedNote], notes: list[PackagedNote], report: Report
) -> tuple[dict[int, int], dict[str, int]]:
    """Card index → note index, unique matches only, strictest rule first; and per rule how
    many were paired."""
    free = [i for i, c in enumerate(cards) if not c.pinned]
    card_places = _places([(c.kind, c.source) for c in cards])
    note_places = _places([(_KIND_OF_MODEL[n.model], _plain(n.label)) for n in notes])
    card_keys = [_keys(c.kind, now[i].fields, card_places[i]) for i, c in enumerate(cards)]
    note_keys = [
        _keys(_KIND_OF_MODEL[n.model], n.fields, note_places[j]) for j, n in enumerate(notes)
    ]
    entries = list(range(len(notes)))
    paired: dict[int, int] = {}
    by_rule: dict[str, int] = {}
    unsure: set[int] = set()  # cards that matched several notes at some pass
    for n, rule in enumerate(_PASSES):
        ambiguous: list[str] = []
        pairs = unique_pairs(
            free, entries, [k[n] for k in card_keys], [k[n] for k in note_keys], ambiguous
        )
        paired.update(pairs)
        by_rule[rule] = len(pairs)
        free = [i for i in free if i not in paired]
        entries = [j for j in entries if j not in paired.values()]
        several = set(ambiguous)
        unsure.update(i for i in free if card_keys[i][n] in several)
    for i in sorted(unsure & set(free)):
        report.warning(
            cards[i].source,
            cards[i].source_line or None,
            "ambiguous-identity",
            "this card matches several notes of the --relink deck; it gets a new identity "
            "— give the note a frontmatter `id` to keep one",
        )
    return paired, by_rule


def relink_lock(
    cards: list[Card], old: list[PackagedNote], report: Report, deck: Path = Path("OLD.apkg")
) -> tuple[Lock, Relinked]:
    """A lock giving `cards` the GUIDs of the matching notes of a previous export."""
    pinned = {c.guid for c in cards if c.pinned}
    now = cards_as_notes(cards)
    ours = next((v for v in (_vault_of(n.label) for n in now) if v is not None), None)
    mine = [n for n in old if n.model in _KIND_OF_MODEL and n.guid not in pinned]
    notes = _same_vault(mine, ours, deck, report)
    paired, by_rule = _pair(cards, now, notes, report)
    lock = Lock()
    for i, j in sorted(paired.items()):
        card, note = cards[i], notes[j]
        same = (note.fields, sorted(note.tags), note.media) == (
            now[i].fields,
            sorted(now[i].tags),
            now[i].media,
        )
        lock.cards.append(
            LockEntry(
                note.guid,
                note.mod,
                (card.digest or content_digest(card)) if same else _CHANGED,
                parts_digest(*card.fingerprint),
                card.fingerprint[0],
                card.kind,
                card.key,
                card.source,
            )
        )
    return lock, Relinked(deck, sum(not c.pinned for c in cards), by_rule)
