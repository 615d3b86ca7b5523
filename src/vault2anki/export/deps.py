"""What a note's rendering read from the rest of the vault, so a cached note is reused only
while all of it still holds (cache.py).

Rendering code must reach other vault files through the `Vault` it is given (`resolve_link`,
`resolve_path`, `abspath`): `RecordingVault` notes every such question with its answer, and
the stat and content hash of every file it touched (images, sounds, transcluded notes). A
media file's name is its content hash (vault/media.py): a file with new bytes at the same path
is a miss, so no card keeps showing the name of the old bytes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cards.identity import file_digest
from ..vault.walk import Vault

Stat = tuple[int, int] | None  # (st_mtime_ns, st_size), None when the file is absent


def file_stat(path: str | Path) -> Stat:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


class RecordingVault(Vault):
    """The vault as one note's rendering sees it, noting every question asked of it."""

    def __init__(self, base: Vault) -> None:  # shares base's lists and indexes, copies nothing
        base.index()  # built in `base`, once: not per note in a copy
        self.__dict__.update(base.__dict__)
        self.dep_queries: list[tuple[str, tuple[str, ...], Any]] = []
        self.dep_files: dict[str, Stat] = {}

    def resolve_link(self, target: str, from_note: str) -> str | None:
        found = super().resolve_link(target, from_note)
        self.dep_queries.append(("resolve_link", (target, from_note), found))
        return found

    def resolve_path(self, raw: str, from_note: str) -> str | None:
        found = super().resolve_path(raw, from_note)
        self.dep_queries.append(("resolve_path", (raw, from_note), found))
        return found

    def link_clash(self, target: str, from_note: str) -> list[str]:
        found = super().link_clash(target, from_note)
        self.dep_queries.append(("link_clash", (target, from_note), found))
        return found

    def abspath(self, rel: str) -> Path:
        path = super().abspath(rel)
        if rel not in self.dep_files:
            # Stat before the caller reads: a change after this shows as a different stat.
            self.dep_files[rel] = file_stat(path)
        return path

    def deps(self) -> Deps:
        files = tuple(
            (rel, stat, _digest(self.root, rel, stat)) for rel, stat in self.dep_files.items()
        )
        return Deps(tuple(self.dep_queries), tuple(sorted(files)))


def _digest(root: Path, rel: str, stat: Stat) -> str:
    """The bytes' hash of a dependency ("" if absent, or changed since it was read); media are
    already hashed by then (identity.file_digest, memoised: the media name is made of it), so
    this reads only transcluded notes again."""
    if stat is None:
        return ""
    path = os.path.join(root, rel)
    try:
        digest = file_digest(Path(path))
    except OSError:
        return ""
    # Rewritten since the rendering read it: this hash is of other bytes than the name (or the
    # text) the cards hold, and must never let a later export take them as current.
    return digest if file_stat(path) == stat else ""


@dataclass(frozen=True)
class Deps:
    """What a note's rendering read from the vault besides the note itself."""

    queries: tuple[tuple[str, tuple[str, ...], Any], ...] = ()
    files: tuple[tuple[str, Stat, str], ...] = ()  # (vault path, stat, content hash)

    def check(self, vault: Vault) -> bool | None:
        """None: something changed; True: all the same; False: the same bytes, other stats
        (a checkout), so the cards' mod must be recomputed."""
        for name, args, answer in self.queries:
            if name not in _QUERIES or getattr(Vault, name)(vault, *args) != answer:
                return None
        root = str(vault.root)
        same = True
        for rel, stat, digest in self.files:
            # os.path on POSIX: Vault.abspath's pathlib costs more than the stat itself
            path = os.path.join(root, rel) if os.sep == "/" else Vault.abspath(vault, rel)
            now = file_stat(path)
            if now == stat:
                continue
            if now is None or stat is None or now[1] != stat[1] or not digest:
                return None
            try:
                if file_digest(Path(path)) != digest:
                    return None
            except OSError:
                return None
            same = False
        return same


_QUERIES = frozenset(["resolve_link", "resolve_path", "link_clash"])
