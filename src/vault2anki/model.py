"""Typed records passed between the pipeline stages: vault → notes → cards → HTML → package."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

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
class FsrsMemory:
    """An FSRS memory state, as the Spaced Repetition plugin's FSRS comments keep it and Anki
    stores it on a card (stability in days, difficulty 1–10)."""

    stability: float
    difficulty: float
    last_review: int | None = None  # seconds since the epoch; None: not written


@dataclass(frozen=True)
class Schedule:
    """The review progress of one Anki card of a note, read from the Spaced Repetition plugin's
    `<!--SR:…-->` comment (cards/srschedule.py): when it is next due, at what interval and ease.
    """

    ord: int  # the Anki card of the note it belongs to (a template or cloze number - 1)
    due: dt.date  # the local calendar day it is due (due at that day's start)
    interval: int  # days, at least 1
    factor: int  # ease in permille, as Anki stores it: the plugin's ease 250 is 2500
    fsrs: FsrsMemory | None = None  # written by the plugin's FSRS scheduler
    reps: int = 1
    lapses: int = 0


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
    # Review progress of the note's Anki cards, from `<!--SR:…-->` comments (by `Schedule.ord`).
    schedule: tuple[Schedule, ...] = ()


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


@dataclass(frozen=True)
class Card:
    """A rendered card with its HTML and its identity (identity.identify), as a worker makes
    it. Once a note is packed (export/packed.py), everything after the worker holds its
    cards as `CardRef`s and asks the export's card store for the HTML (`CardRef.rendered`
    makes a `Card` again where the HTML is wanted: --relink, sync, preview, list)."""

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
    # CardSource.schedule: what the package gives the note's cards that are new to Anki. Not
    # in `digest`: it never changes a note Anki already holds.
    schedule: tuple[Schedule, ...] = ()

    @property
    def pinned(self) -> bool:
        """Identity fixed by frontmatter `id`: the lock never re-matches it."""
        return self.note_id is not None


class HtmlAt(NamedTuple):
    """Where a `CardRef`'s HTML is: card `part` of note `note` in the export's card store
    (export/store.py), which keeps each note's HTML as one packed blob, under its path."""

    note: str  # the note's vault-relative path (the card's `source`)
    part: int  # the card's place among the note's cards


# A tuple, not a dataclass: made for every card of an export from the render cache or a
# worker, and copied for every card by the lock. A NamedTuple unpickles faster than a plain
# dataclass, and its `_replace` costs a fraction of `dataclasses.replace` (benchmarks/README.md).
class CardRef(NamedTuple):
    """A card without its HTML: what everything after the worker holds — the lock, the counts,
    the package cache key and the package writer, which asks the card store for the HTML of
    each card (`html`) as it writes. Made by `CardRef.of` when a note is packed."""

    guid: str
    deck: str
    source: str  # vault-relative path (HTML-escaped on output)
    tags: tuple[str, ...]
    media: tuple[MediaFile, ...]
    mod: int  # Card.mod
    source_line: int
    key: str  # Card.key
    note_id: str | None  # Card.note_id
    id_line: int  # Card.id_line
    fingerprint: tuple[str, str]  # Card.fingerprint
    kind: str  # Card.kind
    digest: str  # Card.digest
    # The ordinals of the Anki cards the package holds for this note (package.card_ordinals),
    # taken from the fields when the note was packed.
    ordinals: tuple[int, ...]
    html: HtmlAt
    schedule: tuple[Schedule, ...] = ()  # Card.schedule

    @classmethod
    def of(cls, card: Card, part: int, ordinals: tuple[int, ...]) -> CardRef:
        """`card` without its HTML, which is to be kept as card `part` of its note."""
        return cls(
            card.guid,
            card.deck,
            card.source,
            card.tags,
            card.media,
            card.mod,
            card.source_line,
            card.key,
            card.note_id,
            card.id_line,
            card.fingerprint,
            card.kind,
            card.digest,
            ordinals,
            HtmlAt(card.source, part),
            card.schedule,
        )

    def rendered(self, question: str, answer: str, source_link: str) -> Card:
        """The card with its HTML (as the card store gives it)."""
        return Card(
            self.guid,
            self.deck,
            question,
            answer,
            self.source,
            self.tags,
            self.media,
            self.mod,
            self.source_line,
            self.key,
            self.note_id,
            self.id_line,
            self.fingerprint,
            self.kind,
            source_link,
            self.digest,
            self.schedule,
        )

    @property
    def pinned(self) -> bool:
        """Identity fixed by frontmatter `id`: the lock never re-matches it."""
        return self.note_id is not None
