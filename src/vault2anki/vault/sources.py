"""Which notes an export saw completely: what decides whether a missing card is really gone.

A card missing from one export is not proof that it left the vault: its note may have been
left out by `--exclude`, skipped (unreadable, over the size limit, binary, a bad symlink), or
had an error (its card, or the whole note, skipped). `vault2anki sync --prune` must never
delete the Anki note — and its review history — of such a card. `Sources` says, for a vault
path, whether this run saw every card it has (`why_kept` is None) or why not.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..kinds import kind_of
from ..model import Problem


@dataclass(frozen=True)
class Sources:
    root: Path
    read: frozenset[str] = frozenset()  # notes read and rendered without an error or a skip
    kept: dict[str, str] = field(default_factory=dict)  # vault path → why its cards may be missing

    def why_kept(self, rel: str) -> str | None:
        """None when a card of `rel` that this run lacks is really gone: `rel` was read in
        full, or is no longer in the vault. Otherwise why it must be kept."""
        if rel in self.read:
            return None
        for path, why in self.kept.items():
            if rel == path or rel.startswith(path + "/"):  # a skipped folder holds it
                return why
        if os.path.lexists(self.root / rel):  # not walked (a dot-folder, …), yet still there
            return "still in the vault, not read this run"
        return None

    def why_kept_any(self, *rels: str | None) -> str | None:
        """The first of a note's known sources (where Anki's Source field says it came from,
        where the last lock put its card) that this run did not see in full, and why."""
        for rel in rels:
            why = self.why_kept(rel) if rel else None
            if why is not None:
                return f"{rel}: {why}"
        return None


def sources_of(
    root: Path, notes: Iterable[str], excluded: Iterable[str], problems: Iterable[Problem]
) -> Sources:
    kept = {rel: "excluded (--exclude)" for rel in excluded}
    for p in problems:
        if not p.path or p.path in kept:
            continue
        if p.level == "error":
            kept[p.path] = "had an error this run"
        elif kind_of(p.kind).not_read:  # its cards are missing although the file may be there
            kept[p.path] = "skipped this run"
        elif kind_of(p.kind).misread:  # an ignored frontmatter `id`: other identities
            kept[p.path] = "its frontmatter was ignored this run"
    return Sources(root, frozenset(n for n in notes if n not in kept), kept)


def prune_blockers(problems: Iterable[Problem]) -> list[Problem]:
    """Problems after which nothing may be deleted: an error (a card or note skipped) or a
    skipped note. A note renamed and skipped in the same run looks gone under its old name,
    and only a full read of the vault can tell."""
    return [p for p in problems if p.level == "error" or kind_of(p.kind).not_read]
