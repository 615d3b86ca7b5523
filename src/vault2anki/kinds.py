"""Every kind of problem, in one table: its slug (what `--json` reports as `kind`), its level,
the family of messages it belongs to, and whether it means that a note was not read.

"Not read" is the one flag with consequences beyond the message: a note the run could not read
(unreadable, too large, binary, a symlink out of the vault) has cards that are missing from the
run although the note may still be in the vault, so `sync --prune` must not delete any Anki
note while such a problem stands, and `Sources` keeps that note's identities. A problem about
one part of a card (an image not packaged, an embed outside the vault) never blocks deletion.

`Report` refuses a slug that is not here (a typo would otherwise silently mean "harmless"), and
`tests/test_kinds.py` checks that every slug the code passes is registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Level


@dataclass(frozen=True)
class Kind:
    slug: str
    level: Level
    family: str  # what it is about: note, card, media, embed, identity, html, run, sync
    not_read: bool = False  # the note (or a folder of notes) was not read this run
    misread: bool = False  # read, but its identities may differ from what the vault means


_TABLE = (
    # The walk and reading a note: the "not read" kinds.
    Kind("unreadable", "warning", "note", not_read=True),
    Kind("too-large", "warning", "note", not_read=True),
    Kind("binary", "warning", "note", not_read=True),
    Kind("bad-symlink", "warning", "note", not_read=True),
    Kind("note-outside-vault", "warning", "note", not_read=True),  # a symlink out of the vault
    Kind("bad-name", "warning", "note", not_read=True),  # a name not UTF-8: skipped unread
    Kind("encoding", "warning", "note"),
    Kind("nul-bytes", "warning", "note"),
    Kind("frontmatter", "warning", "note", misread=True),  # an ignored `id` changes identities
    Kind("exclude-unused", "warning", "run"),
    Kind("output-not-apkg", "warning", "run"),  # -o deck.zip: Anki's import does not offer it
    Kind("sr-settings", "warning", "run"),  # the vault's Spaced Repetition data.json: not used
    # Finding cards.
    Kind("empty-answer", "warning", "card"),  # --keep-empty-answers: exported, empty back
    Kind("empty-answer-left-out", "warning", "card"),  # the default: not a card
    Kind("no-question", "warning", "card"),
    Kind("duplicate-question", "warning", "card"),
    Kind("frontmatter-question", "warning", "card"),
    Kind("frontmatter-deck", "warning", "card"),
    Kind("index-note", "warning", "card"),
    Kind("unmarked-language", "warning", "card"),
    Kind("sr-no-question", "warning", "card"),
    Kind("sr-plugin-card", "warning", "card"),
    Kind("sr-cloze-empty", "warning", "card"),  # a cloze paragraph whose deletions make no card
    Kind("sr-schedule", "warning", "card"),  # an unreadable <!--SR:…--> comment: card is new
    Kind("too-deep", "error", "card"),
    Kind("render-failed", "error", "card"),
    Kind("note-too-slow", "error", "note"),
    # Rendering: what a card links to and shows.
    Kind("missing-media", "warning", "media"),
    Kind("name-clash", "warning", "media"),  # `A.png` or `a.png`: not packaged, card still read
    Kind("http-image", "warning", "media"),  # plain http: shown as a link, not loaded
    # --images optimize (render/images.py): the image is packaged as it is
    Kind("image-broken", "warning", "media"),  # named as an image, Pillow cannot read it
    Kind("image-too-large", "warning", "media"),  # more pixels than it decodes (a bomb)
    # What AnkiWeb refuses (export/limits.py); the deck is still written
    Kind("package-too-big", "warning", "media"),  # the .apkg over 300 MiB
    Kind("media-name-too-long", "warning", "media"),  # a media name over 120 bytes
    Kind("embed-outside-vault", "warning", "embed"),  # an embed or image path out of the vault
    Kind("embed-cycle", "warning", "embed"),
    Kind("embed-too-deep", "warning", "embed"),
    Kind("missing-note", "warning", "embed"),
    Kind("missing-section", "warning", "embed"),
    Kind("unsafe-html", "warning", "html"),
    Kind("odd-html", "warning", "html"),
    Kind("unsafe-math", "warning", "html"),  # TeX MathJax would link, style or load: removed
    # Identities.
    Kind("duplicate-id", "error", "identity"),
    Kind("ambiguous-identity", "warning", "identity"),
    Kind("relink-other-vault", "warning", "identity"),
    Kind("lock-unwritable", "warning", "identity"),
    # The run's own machinery.
    Kind("cache-unusable", "warning", "run"),
    Kind("cache-busy", "warning", "run"),
    # Sync.
    Kind("media-unreadable", "error", "sync"),  # not uploaded; the notes are synced
    Kind("media-too-big", "warning", "sync"),  # over AnkiWeb's 100 MiB: not uploaded
    Kind("media-not-uploaded", "error", "sync"),  # Anki could not store it; a re-run retries
    Kind("sync-not-added", "warning", "sync"),
    Kind("sync-record-wrong", "warning", "sync"),  # a record entry Anki contradicts: dropped
    Kind("sync-not-updated", "error", "sync"),  # note open in Anki's editor: a re-run retries
)
KINDS: dict[str, Kind] = {kind.slug: kind for kind in _TABLE}


def kind_of(slug: str) -> Kind:
    """The registered kind; a slug from elsewhere (an older cache, a caller's own `Problem`)
    is a plain warning that blocks nothing."""
    found = KINDS.get(slug)
    return found if found is not None else Kind(slug, "warning", "other")


def check_kind(slug: str, level: Level) -> None:
    """Raises ValueError for a slug that is not registered, or reported at another level."""
    kind = KINDS.get(slug)
    if kind is None:
        raise ValueError(f"unregistered problem kind {slug!r}: add it to kinds.py")
    if kind.level != level:
        raise ValueError(f"problem kind {slug!r} is registered as {kind.level}, not {level}")
