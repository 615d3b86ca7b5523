"""The identity stage: what makes a re-import update a note instead of adding a copy.

Anki's importer matches notes by GUID and note types by id (docs/anki-import.md, rules 1 and 3). A
card's GUID therefore comes from where its question lives (frontmatter `id`, else path +
question key), never from its text, and the ids below are fixed forever.

`identify` turns a rendered card into a `Card`: its GUID, the fingerprints the lock recognises
a moved card by, and the digest of everything Anki would store. It runs in the workers, right
after rendering, and is cached with it. `duplicate_identities` then drops every note whose
identity an earlier note already has. vault2anki.lock (lock.py) may still hand a card the GUID
it had before a rename.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..model import Card, CardRef, CardSource, RenderedCard
from ..report import Report
from .decks import card_deck

# Never change these: a new id makes every user's next import add a second copy of the note type.
BASIC_MODEL_ID = 1_733_201_001
REVERSED_MODEL_ID = 1_733_201_002  # "vault2anki Basic (and reversed card)"
CLOZE_MODEL_ID = 1_733_201_003  # "vault2anki Cloze"
DECK_ID_BASE = 1_733_201_000_000  # deck ids live above this, derived from the name

# Letters and digits only: GUIDs end up in lockfiles, JSON and shell output.
_GUID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _digest(*parts: str) -> int:
    data = "\x1f".join(parts).encode("utf-8")
    return int.from_bytes(hashlib.sha256(data).digest()[:8], "big")


def make_guid(*parts: str) -> str:
    """A short GUID (base 62), from a hash of `parts`."""
    n = _digest("vault2anki", *parts)
    chars = []
    while n:
        n, r = divmod(n, len(_GUID_ALPHABET))
        chars.append(_GUID_ALPHABET[r])
    return "".join(reversed(chars)) or "0"


def note_id(card: CardSource) -> str | None:
    """The note's frontmatter `id` (text or a number, not empty), else None."""
    value = card.note.meta.get("id")
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return None


def identity_of(card: CardSource) -> tuple[str, ...]:
    """What a note is, independent of its content: `id` frontmatter, else its path.

    Non-basic kinds add the kind: measured with Anki's importer, a GUID that arrives with
    another note type than the stored note's is logged "conflicting" and the update never
    lands. Turning a card reversed (`reverse: true`, `:::`) therefore makes a new note — the
    old one stays in Anki, as for any removed card — instead of a note that stops syncing.
    Basic cards keep the parts they had before other kinds existed, so their GUIDs never move.
    """
    fixed = note_id(card)
    parts = ("id", fixed, card.key) if fixed is not None else ("path", card.note.rel, card.key)
    return parts if card.kind == "basic" else (*parts, card.kind)


def text_hash(text: str) -> str:
    """Hash of Markdown with whitespace differences ignored (re-wrapping is not an edit)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def card_guid(card: CardSource) -> str:
    return make_guid(*identity_of(card))


def deck_id(name: str) -> int:
    """Stable deck id from its name: Anki matches decks by name; the id must only not clash."""
    return DECK_ID_BASE + _digest("deck", name) % 1_000_000_000


def bytes_digest(data: bytes) -> str:
    """The short content hash used for files, fields and lock fingerprints."""
    return hashlib.sha256(data).hexdigest()[:16]


def parts_digest(*parts: str) -> str:
    return bytes_digest("\x1f".join(parts).encode("utf-8", "surrogatepass"))


def file_digest(path: Path) -> str:
    """Hash of a file's bytes, memoised on its (path, mtime, size) so a rewrite is seen."""
    st = os.stat(path)
    key = (str(path), st.st_mtime_ns, st.st_size)
    digest = _FILE_DIGESTS.get(key)
    if digest is None:
        with open(path, "rb") as f:  # in pieces: a big image never sits in memory whole
            digest = _FILE_DIGESTS[key] = hashlib.file_digest(f, "sha256").hexdigest()[:16]
    return digest


_FILE_DIGESTS: dict[tuple[str, int, int], str] = {}


def content_digest(card: Card) -> str:
    """Everything an import writes for this card but its GUID and mod: note type, deck, fields,
    tags and the bytes of the media it shows. A change here must reach Anki; nothing else may.
    Media names hash their file's bytes (vault/media.py): the names stand for the bytes.
    """
    parts = [
        card.kind,
        card.deck,
        card.question,
        card.answer,
        card.source_link or card.source,
        " ".join(card.tags),
        *(m.name for m in card.media),
    ]
    return parts_digest(*parts)


def identify(source: CardSource, rendered: RenderedCard, deck: str) -> Card:
    """The card `source` rendered as `rendered`, with its identity, in its note's `deck` (unless
    the card has its own: `decks.card_deck`)."""
    fixed = note_id(source)
    card = Card(
        guid=card_guid(source),
        deck=card_deck(source.deck, deck),
        question=rendered.question,
        answer=rendered.answer,
        source=source.note.rel,
        tags=source.tags,
        media=rendered.media,
        mod=rendered.mod,
        source_line=source.line,
        key=source.key,
        note_id=fixed,
        id_line=source.note.meta_lines.get("id", 1),
        fingerprint=(text_hash(source.question), text_hash(source.answer)),
        kind=source.kind,
        source_link=rendered.source_link,
        schedule=source.schedule,
    )
    return replace(card, digest=content_digest(card))


def duplicate_identities(cards: Iterable[CardRef], report: Report) -> list[CardRef]:
    """`cards` minus every note that reuses a GUID an earlier note has; an error for each.

    Two notes sharing a frontmatter `id` would become one Anki note, each import overwriting the
    other. The first one (in the vault's sorted order) is kept. The whole later note is skipped,
    not just its colliding cards: a shared `id` means one of the two files is a copy, and half a
    copy in the deck would be more confusing than none.
    """
    by_note: dict[str, list[CardRef]] = {}
    for card in cards:
        by_note.setdefault(card.source, []).append(card)
    owners: dict[str, CardRef] = {}
    kept: list[CardRef] = []
    for rel, note_cards in by_note.items():
        clash = next((owners[c.guid] for c in note_cards if c.guid in owners), None)
        if clash is not None:
            first = note_cards[0]
            what = f"frontmatter id {first.note_id!r}" if clash.pinned else "identity"
            report.error(
                rel,
                first.id_line,
                "duplicate-id",
                f"{what} is already used by {clash.source}:{clash.id_line}; this note's cards "
                "are skipped — give each note its own id",
            )
            continue
        for card in note_cards:
            if card.guid in owners:  # two cards of one note: question keys make this impossible
                report.error(
                    rel,
                    card.source_line,
                    "duplicate-id",
                    f"same identity as the card at line {owners[card.guid].source_line}; "
                    "the card is skipped — give each question its own answer heading",
                )
                continue
            owners[card.guid] = card
            kept.append(card)
    return kept
