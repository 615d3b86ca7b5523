"""The export's card spool (spool.py) failing: a message, exit 1, the previous deck intact."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from vault2anki.export.spool import CardSpool
from vault2anki.model import CardRef

from .conftest import export


@pytest.fixture
def previous(vault: Path, out: Path) -> bytes:
    """A good deck already at `out`: what every failed export must leave byte for byte."""
    assert export(vault, out).code == 0
    for i in range(30):
        (vault / f"n{i}.md").write_text(f"# Q{i}?\n## Answer\n{'long answer ' * 200}\n")
    return out.read_bytes()


def test_a_disk_full_while_the_deck_is_written_leaves_the_previous_deck(
    vault: Path, out: Path, previous: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = CardSpool.fields

    def fails_midway(self: CardSpool, cards: list[CardRef]) -> Iterator[list[str]]:
        for n, fields in enumerate(real(self, cards)):
            if n == 10:  # ten notes are in the package's database by now
                raise OSError(errno.ENOSPC, "No space left on device")
            yield fields

    monkeypatch.setattr(CardSpool, "fields", fails_midway)
    run = export(vault, out)
    assert run.code == 1
    assert run.lines[-1] == (
        f"Error: cannot write {out}: No space left on device; nothing written (an existing "
        "file there is unchanged) — free some disk space"
    )
    assert out.read_bytes() == previous
    assert sorted(p.name for p in out.parent.iterdir()) == ["deck.apkg"]
    assert not (vault / "vault2anki.lock").exists() or "n29.md" not in (
        vault / "vault2anki.lock"
    ).read_text(encoding="utf-8")  # the lock describes the deck that is there


def test_a_full_temporary_folder_stops_the_export_with_what_to_do(
    vault: Path, out: Path, previous: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = CardSpool.__init__

    def small(self: CardSpool) -> None:
        real(self)
        # SQLite's own "disk full" once the file reaches 20 pages of 4 KB: a real failure of
        # an insert, as a full $TMPDIR gives.
        self.db.execute("PRAGMA max_page_count = 20")

    monkeypatch.setattr(CardSpool, "__init__", small)
    run = export(vault, out)
    assert run.code == 1
    assert run.lines[-1] == (
        "Error: cannot keep the rendered cards in a temporary file (database or disk is "
        "full); nothing written (an existing deck is unchanged) — free some space in the "
        "temporary folder, or point TMPDIR at a folder with room"
    )
    assert out.read_bytes() == previous
    assert sorted(p.name for p in out.parent.iterdir()) == ["deck.apkg"]
    with sqlite3.connect(":memory:") as db:  # the failure above was SQLite's own error text
        db.execute("PRAGMA max_page_count = 1")
