"""A rendered note as bytes: what a worker sends back, the render cache stores and the spool keeps.

A note's rendering (`Entry`: its problems, cards, what it read, its mtime) is packed once,
where it is made, into three pickles:

- `meta`: the problems, and what the rendering read (`deps.Deps`) with the note's mtime — all
  the main process opens of a cached note to know the entry still holds — and the note's layout
  signals (cards/signals.py; None for most notes), so a warm export's detection reads no note;
- `cards`: the cards without their HTML (`model.CardRef`s, each with the Anki card ordinals
  taken from its fields and its place in the note: `CardRef.html`) — what the lock, the counts
  and the package cache key need;
- `html`: each card's (question, answer, source link), opened only to write the package
  (and, for a note found in the render cache, read from there only then: `Packed.ref`).

So an unchanged note goes from the render cache through the spool into the package without
its HTML being unpickled (unpickling and re-pickling every cached note's HTML was half of a
warm export), and a rendered one is pickled once, by the worker, instead of once to be sent,
once for the cache and once for the spool in the main process.
"""

from __future__ import annotations

import os
import pickle
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from ..apkg.package import card_ordinals
from ..cards.signals import Signals
from ..model import Card, CardRef, Problem
from ..vault.walk import Vault
from .deps import Deps

_PROTOCOL = pickle.HIGHEST_PROTOCOL


@dataclass
class Entry:
    """A note's output: problems reading it / finding cards, cards, problems rendering them."""

    note_problems: list[Problem]
    cards: list[Card]  # rendered, with their HTML
    card_problems: list[Problem]
    deps: Deps = field(default_factory=Deps)
    mtime: int = 0  # the note's mtime (whole seconds) when it was rendered
    signals: Signals | None = None  # what it shows of other layouts (cards/signals.py)


class Meta(NamedTuple):
    """A packed note's problems and what its rendering read: all a cache hit opens."""

    note_problems: list[Problem]
    card_problems: list[Problem]
    deps: Deps
    mtime: int
    cards_check: int  # CRC-32 of the cards blob (Packed.intact)
    html_check: int  # CRC-32 of the html blob
    signals: Signals | None = None  # cards/signals.py: cached, so a warm export knows them


class Packed(NamedTuple):  # a tuple: made for every note a warm export finds in the cache
    """One note's `Entry` as three pickles (see the module docstring); `html` and `cards` are
    empty bytes for a note without cards.

    `ref`: where `html` is when it is not here — the render cache key of a note an export
    found there, with the CRC-32 its html must have. An unchanged vault's package comes from
    the package cache: its cards' HTML is then never read at all (copying it from the cache
    into the spool was a sixth of a warm export)."""

    meta: bytes
    cards: bytes = b""
    html: bytes = b""
    ref: tuple[str, int] | None = None

    @classmethod
    def of(cls, entry: Entry) -> Packed:
        if not entry.cards:
            found = (entry.note_problems, entry.card_problems, entry.deps, entry.mtime)
            return cls(_meta(*found, signals=entry.signals))
        html = [(c.question, c.answer, c.source_link) for c in entry.cards]
        refs = [CardRef.of(c, i, tuple(card_ordinals(c))) for i, c in enumerate(entry.cards)]
        cards, html_blob = pickle.dumps(refs, _PROTOCOL), pickle.dumps(html, _PROTOCOL)
        checks = zlib.crc32(cards), zlib.crc32(html_blob)
        found = (entry.note_problems, entry.card_problems, entry.deps, entry.mtime)
        meta = _meta(*found, *checks, signals=entry.signals)
        return cls(meta, cards, html_blob)

    def open_meta(self) -> Meta:
        return Meta(*pickle.loads(self.meta))

    def intact(self, meta: Meta) -> bool:
        """The blobs here are the ones `meta` was packed with (the render cache hands them on
        unopened: a damaged one must be a miss there, not a failure when the package is
        written). CRC-32: 0.7 µs for a 4 KB note."""
        if self.ref is None and zlib.crc32(self.html) != meta.html_check:
            return False
        return zlib.crc32(self.cards) == meta.cards_check

    def html_fields(self) -> list[tuple[str, str, str]]:
        """Each card's (question, answer, source link) HTML, in the note's card order."""
        if self.ref is not None:
            raise ValueError("this note's HTML is in the render cache, under `ref`")
        return pickle.loads(self.html) if self.html else []

    def refs(self) -> list[CardRef]:
        """The cards without their HTML, in the note's card order."""
        return pickle.loads(self.cards) if self.cards else []

    def restamped(self, meta: Meta, mtime: int, vault: Vault) -> Packed:
        """This note for the same bytes at another mtime (a checkout): each card's `mod`
        recomputed as render_card computes it — the newest of the note, its media and the
        notes it embeds. The HTML is unchanged (the bytes it was made from are)."""
        root = str(vault.root)
        notes = [
            _mtime(os.path.join(root, rel)) for rel, _, _ in meta.deps.files if rel.endswith(".md")
        ]
        cards = []
        for card in self.refs():
            media = tuple(replace(m, mtime=_mtime(m.path)) for m in card.media)
            mod = max([mtime, *(m.mtime for m in media), *notes])
            cards.append(card._replace(media=media, mod=mod))
        blob = pickle.dumps(cards, _PROTOCOL)
        meta = meta._replace(mtime=mtime, cards_check=zlib.crc32(blob))
        return self._replace(meta=_meta(*meta), cards=blob)


def _meta(
    note_problems: list[Problem],
    card_problems: list[Problem],
    deps: Deps,
    mtime: int,
    cards_check: int = 0,
    html_check: int = 0,
    signals: Signals | None = None,
) -> bytes:
    data = (note_problems, card_problems, deps, mtime, cards_check, html_check, signals)
    return pickle.dumps(data, _PROTOCOL)


def _mtime(path: str | Path) -> int:
    try:
        return int(os.stat(path).st_mtime)
    except OSError:
        return 0
