"""Typed records passed between the pipeline stages: vault → notes → cards → HTML → package."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

Level = Literal["warning", "error"]


def shown(text: str) -> str:
    r"""`text` (a path, or a message naming one) safe to print on one terminal line: a byte of a
    name that is not UTF-8 as `\xe9` (Python reads it as the surrogate U+DCE9), any control or
    other unprintable character as Python writes it (`\n`, `\t`, `\x1b`, `\u202e`). Printable
    text and spaces (a no-break space too), Cyrillic and backslashes included, stay as they are."""
    if text.isprintable():
        return text  # the common case: nothing to escape
    return "".join(
        ch if ch.isprintable() or unicodedata.category(ch) == "Zs" else _escape(ch) for ch in text
    )


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the byte `code - 0xDC00`
        return f"\\x{code - 0xDC00:02x}"
    return ascii(ch)[1:-1]  # '\x1b' → \x1b


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input, located as precisely as we can (`path:line`)."""

    path: str  # vault-relative, POSIX separators; "" for problems with the vault itself
    line: int | None
    level: Level
    kind: str  # short machine-readable slug, e.g. "missing-media"
    message: str  # says what is wrong and what to do

    def __str__(self) -> str:
        """`path:line: level: message`, names escaped (`shown`): one line, whatever the names."""
        where = shown(self.path) or "."
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.level}: {shown(self.message)}"


@dataclass(frozen=True)
class NoteFile:
    """One Markdown file of the vault, read and split from its frontmatter."""

    rel: str  # vault-relative POSIX path, e.g. "SoftSkills/012 Mentoring.md"
    path: Path  # absolute path on disk
    body: str  # text after the frontmatter
    body_line: int  # 1-based line of the file where `body` starts
    meta: dict[str, Any]  # frontmatter mapping ({} when absent or broken)
    mtime: int  # seconds since the epoch
    # File line of each top-level frontmatter key: where a problem with its value is.
    meta_lines: dict[str, int] = field(default_factory=dict)

    @property
    def stem(self) -> str:
        return Path(self.rel).stem


@dataclass(frozen=True)
class CardSource:
    """One question/answer pair found in a note, still as Markdown."""

    note: NoteFile
    key: str  # stable place of the question in the file ("0", "1", "en", …)
    question: str
    answer: str
    line: int  # 1-based file line of the answer heading (where a reader finds the card)
    answer_line: int  # 1-based file line where `answer` starts
    tags: tuple[str, ...]
    # Which note type the card becomes: "basic", "reversed" (two cards, Q→A and A→Q) or
    # "cloze" (`question` holds the text with {{cN::…}} deletions, `answer` the extra).
    kind: str = "basic"
    # The card's own deck; `::a::b` is below its note's deck (decks.card_deck); None: the note's.
    deck: str | None = None


@dataclass(frozen=True)
class MediaFile:
    """A vault file that a card embeds, under the name it gets inside the package."""

    name: str  # collision-free, stable package name
    path: Path  # absolute path inside the vault
    mtime: int


@dataclass(frozen=True)
class RenderedCard:
    """What rendering makes of a card: its fields as HTML, the files it shows, and when what it
    read last changed. Identities are not rendering's business (identity.py)."""

    question: str  # HTML
    answer: str  # HTML
    media: tuple[MediaFile, ...]  # sorted by name
    mod: int  # newest mtime of the note, the files it embeds and the notes it embeds
    source_link: str  # HTML for the Source field: the path linked to the note in Obsidian


# Not slots: a slotted frozen dataclass pickles through dataclasses' Python-level
# __getstate__/__setstate__, which made every cache hit and spooled note slower (a warm
# export +25 %); an export keeps its cards in the spool while the workers run anyway.
@dataclass(frozen=True)
class Card:
    """A rendered card with its identity (identity.identify), ready to become an Anki note.

    Light when `row` is set: its HTML fields are empty and live in a packed note's html blob
    (packed.py), in a `spool.CardSpool` (an export streams them there) or the render cache;
    `package.note_fields` refuses a light card.
    """

    guid: str
    deck: str
    question: str  # HTML
    answer: str  # HTML
    source: str  # vault-relative path (HTML-escaped on output)
    tags: tuple[str, ...]
    media: tuple[MediaFile, ...]
    mod: int  # when this note's content last changed (Anki's "update if newer" compares it)
    source_line: int = 0
    key: str = ""  # the question's place in its note (CardSource.key)
    note_id: str | None = None  # frontmatter `id`: the identity is fixed, never re-matched
    id_line: int = 1  # file line of the frontmatter `id:` key (the frontmatter's first line)
    # Hashes of the question and answer Markdown: how the lock recognises a moved card.
    fingerprint: tuple[str, str] = ("", "")
    kind: str = "basic"  # CardSource.kind: picks the note type the package writes it with
    source_link: str = ""  # RenderedCard.source_link
    # identity.content_digest, computed with the identity (in the workers, and cached): what
    # the lock and the package cache compare instead of re-hashing every field.
    digest: str = ""
    # Where its question, answer and source link are, when not here (0: held here): the
    # CardSpool row of its note, or packed.PACKED (a Packed note's html blob); `part` is its
    # place among the note's cards there. Where the HTML is stored, not what the card is:
    # rows follow arrival order, so neither is compared.
    row: int = field(default=0, compare=False)
    part: int = field(default=0, compare=False)
    # A light card's Anki card ordinals (package.card_ordinals), taken when it was packed.
    ordinals: tuple[int, ...] = ()

    def but(self, **changes: Any) -> Card:
        """`dataclasses.replace(self, **changes)` for the hot paths (the spool and the lock
        change every card of an export): a copy of the instance dict, without `replace`'s
        field introspection, a third of its cost. Card has no `__post_init__` to skip."""
        for name in changes:
            if name not in _CARD_FIELDS:
                raise TypeError(f"Card has no field {name!r}")
        new = object.__new__(Card)
        new.__dict__.update(self.__dict__, **changes)
        return new

    @property
    def light(self) -> bool:
        """Its HTML is elsewhere (a Packed note, a CardSpool), not here."""
        return self.row != 0

    @property
    def pinned(self) -> bool:
        """Identity fixed by frontmatter `id`: the lock never re-matches it."""
        return self.note_id is not None


_CARD_FIELDS = frozenset(f.name for f in fields(Card))
