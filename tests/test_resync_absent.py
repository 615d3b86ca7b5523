"""A card missing from one export keeps its identity in the lock (review1 #2).

A renamed note's GUID lives only in the lock. If one export leaves that note out — excluded,
a rendering error, a skipped file — and the lock forgot it, the next export would give it its
lock-free path GUID and the import would add a copy of a note being reviewed. Entries whose
note still exists are carried forward; an entry goes only when its note is really gone."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import AnkiCollection

from vault2anki import Options, export_vault
from vault2anki.identities.lockfile import read_lock

RENAMED = "Frontend/002 The event loop.md"


class Steps:
    def __init__(self, vault: Path, tmp: Path, anki: AnkiCollection) -> None:
        self.vault, self.tmp, self.anki, self.n = vault, tmp, anki, 0

    def sync(self, **options: object) -> tuple[int, int, int]:
        """Export, import into the real collection: (new, updated, conflicting)."""
        self.n += 1
        out = self.tmp / f"{self.n}.apkg"
        export_vault(Options.of(self.vault, output=out, **options))
        counts = self.anki.import_package(out)
        return counts.new, counts.updated, counts.conflicting

    def lock_sources(self) -> list[str]:
        lock = read_lock(self.vault)  # strict: count and digest in the header must agree
        assert lock is not None
        return sorted(e.source for e in lock.cards)


def _deep_quote(vault: Path) -> Callable[[], None]:
    """A rendering error in the note for one export, then the note as it was."""
    note = vault / RENAMED
    text = note.read_text()
    note.write_text(text + "\n" + ">" * 150 + " too deep\n")
    return lambda: note.write_text(text)


def _binary(vault: Path) -> Callable[[], None]:
    """A note skipped with a warning (not text) for one export."""
    note = vault / RENAMED
    data = note.read_bytes()
    note.write_bytes(b"\0" * len(data) + data)
    return lambda: note.write_bytes(data)


@pytest.mark.parametrize(
    ("why", "options", "spoil"),
    [
        ("excluded", {"exclude": ("Frontend/002*",)}, None),
        ("rendering error", {}, _deep_quote),
        ("skipped file", {}, _binary),
    ],
)
def test_a_renamed_note_left_out_once_keeps_its_identity(
    example_vault: Path,
    tmp_path: Path,
    anki: AnkiCollection,
    why: str,
    options: dict[str, object],
    spoil: Callable[[Path], Callable[[], None]] | None,
) -> None:
    steps = Steps(example_vault, tmp_path, anki)
    assert steps.sync() == (7, 0, 0)
    shutil.move(example_vault / "Frontend/002 Event loop.md", example_vault / RENAMED)
    assert steps.sync() == (0, 1, 0)  # the lock carried the identity over the rename
    restore = spoil(example_vault) if spoil is not None else None
    assert steps.sync(**options) == (0, 0, 0)
    assert RENAMED in steps.lock_sources(), why  # still remembered while left out
    if restore is not None:
        restore()
    assert steps.sync() == (0, 0, 0)  # back: the same note, nothing added
    assert len(anki.notes()) == 7


def test_an_entry_goes_when_its_note_is_really_gone(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    steps = Steps(example_vault, tmp_path, anki)
    assert steps.sync() == (7, 0, 0)
    before = steps.lock_sources()
    (example_vault / "Frontend/Tasks/Task - sum.md").unlink()
    assert steps.sync() == (0, 0, 0)
    assert steps.lock_sources() == [s for s in before if s != "Frontend/Tasks/Task - sum.md"]


def test_a_question_that_fails_keeps_its_identity_next_to_its_siblings(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    """One of two questions of a renamed note fails once: the failing one is remembered too."""
    steps = Steps(example_vault, tmp_path, anki)
    assert steps.sync() == (7, 0, 0)
    shutil.move(example_vault / "Python/Generators.md", example_vault / "Python/Gen.md")
    assert steps.sync() == (0, 2, 0)
    note = example_vault / "Python/Gen.md"
    text = note.read_text()
    note.write_text(text.replace("pausing at each `yield`.", "pausing.\n" + ">" * 150 + " x"))
    assert steps.sync() == (0, 0, 0)
    assert steps.lock_sources().count("Python/Gen.md") == 2
    note.write_text(text)
    assert steps.sync() == (0, 0, 0)
    assert len(anki.notes()) == 7


def test_a_question_deleted_from_a_note_read_in_full_leaves_the_lock(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    steps = Steps(example_vault, tmp_path, anki)
    assert steps.sync() == (7, 0, 0)
    gen = example_vault / "Python/Generators.md"
    head, first, _second = gen.read_text().split("\n## ")
    gen.write_text(f"{head}\n## {first}")
    assert steps.sync() == (0, 0, 0)
    assert steps.lock_sources().count("Python/Generators.md") == 1
