"""Stable identities: what makes a re-import update a note instead of adding a copy.

GUIDE.md §1: Anki matches notes by GUID and note types by id. A GUID therefore comes from where
a question lives (frontmatter `id`, else path + question key), never from its text, and the ids
below are fixed forever.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .model import Card, CardSource

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


def identity_of(card: CardSource) -> tuple[str, ...]:
    """What a note is, independent of its content: `id` frontmatter, else its path.

    Non-basic kinds add the kind: measured with Anki's importer, a GUID that arrives with
    another note type than the stored note's is logged "conflicting" and the update never
    lands. Turning a card reversed (`reverse: true`, `:::`) therefore makes a new note — the
    old one stays in Anki, as for any removed card — instead of a note that stops syncing.
    Basic cards keep the parts they had before other kinds existed, so their GUIDs never move.
    """
    note_id = card.note.meta.get("id")
    if isinstance(note_id, (str, int)) and not isinstance(note_id, bool) and str(note_id).strip():
        parts: tuple[str, ...] = ("id", str(note_id).strip(), card.key)
    else:
        parts = ("path", card.note.rel, card.key)
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
        digest = _FILE_DIGESTS[key] = bytes_digest(Path(path).read_bytes())
    return digest


_FILE_DIGESTS: dict[tuple[str, int, int], str] = {}


def content_digest(card: Card) -> str:
    """Everything an import writes for this card but its GUID and mod: note type, deck, fields,
    tags and the bytes of the media it shows. A change here must reach Anki; nothing else may.
    """
    parts = [
        card.kind,
        card.deck,
        card.question,
        card.answer,
        card.source_link or card.source,
        " ".join(card.tags),
        *(f"{m.name}={file_digest(m.path)}" for m in card.media),
    ]
    return parts_digest(*parts)
