"""File modes of what an export writes (issue 24, item 8).

Every write goes through `atomic.replacing`: a temporary file renamed onto the target. The
temporary file got 0666 less the umask each time, so a lock the user had made group-writable
for a shared vault (0664), or private (0600), silently took the umask's mode on the next export
that changed it. Now a rewritten lock (and deck) keeps the mode it had; a new one follows the
umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from vault2anki.apkg.atomic import replacing

from .conftest import export


@pytest.fixture
def umask() -> Iterator[None]:
    """Each test sets the umask it needs; the process gets its own back."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def add_card(vault: Path, name: str) -> None:
    """A new note: the lock gets a line, so the export rewrites it."""
    (vault / f"{name}.md").write_text(f"# {name}?\n## Answer\nyes\n")


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077], ids=oct)
def test_a_new_lock_follows_the_umask(umask: None, mask: int, vault: Path, out: Path) -> None:
    os.umask(mask)
    assert export(vault, out).code == 0
    assert mode(vault / "vault2anki.lock") == 0o666 & ~mask
    assert mode(out) == 0o666 & ~mask


@pytest.mark.parametrize(
    ("kept", "mask"), [(0o640, 0o022), (0o664, 0o077), (0o600, 0o002)], ids=oct
)
def test_a_rewritten_lock_keeps_its_mode(
    umask: None, kept: int, mask: int, vault: Path, out: Path
) -> None:
    assert export(vault, out).code == 0
    lock = vault / "vault2anki.lock"
    before = lock.read_bytes()
    lock.chmod(kept)
    out.chmod(kept)
    os.umask(mask)
    add_card(vault, "second")
    assert export(vault, out).code == 0
    assert lock.read_bytes() != before  # rewritten, not left alone
    assert mode(lock) == kept
    assert mode(out) == kept


def test_through_a_symlink_the_real_file_keeps_its_mode(umask: None, tmp_path: Path) -> None:
    real = tmp_path / "real.lock"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.lock"
    link.symlink_to(real)
    with replacing(link) as tmp:
        tmp.write_text("new")
    assert link.is_symlink() and real.read_text() == "new" and mode(real) == 0o640


def test_private_files_stay_private(umask: None, tmp_path: Path) -> None:
    """The sync record and the cache are written `shared=False`: 0600, whatever was there."""
    path = tmp_path / "state.json"
    path.write_text("{}")
    path.chmod(0o644)
    with replacing(path, shared=False) as tmp:
        tmp.write_text("{}")
    assert mode(path) == 0o600
