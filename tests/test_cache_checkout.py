"""The render cache survives a fresh checkout: same bytes at new mtimes are hits (what CI sees
when it restores ~/.cache/vault2anki), with each card's mod as a fresh render gives it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import PNG, make_vault

from vault2anki import Options, export_vault


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    files: dict[str, str | bytes] = {
        f"notes/Note {i}.md": f"# Question {i}?\n\n## Answer\n\nAnswer {i} and [[Note {i + 1}]].\n"
        for i in range(8)
    }
    files["notes/Note 1.md"] += "\n![[pic.png]]\n"
    files["notes/Note 2.md"] += "\n![[Part]]\n"  # a transcluded note: its mtime counts too
    files["notes/Note 3.md"] += "\n![[missing.png]]\n"
    files["Part.md"] = "Embedded *text*.\n"
    files["img/pic.png"] = PNG
    return make_vault(tmp_path / "vault", files)


def _checkout(vault: Path, when: int) -> None:
    """Every file rewritten with the same bytes at `when`, as `git clone` / checkout does."""
    for path in vault.rglob("*"):
        if path.is_file():
            os.utime(path, (when, when))


def _export(vault: Path, tmp_path: Path, name: str, **kw: object) -> tuple[int, bytes]:
    out = tmp_path / f"{name}.apkg"
    options = Options.of(vault, output=out, cache_dir=tmp_path / "cache", jobs=1, **kw)
    result = export_vault(options)
    return result.cache_hits, out.read_bytes()


def test_new_mtimes_same_bytes_are_hits_with_mods_as_rendered(vault: Path, tmp_path: Path):
    _checkout(vault, 1_700_000_000)
    assert _export(vault, tmp_path, "first", no_lock=True)[0] == 0
    _checkout(vault, 1_700_500_000)
    (vault / "Part.md").touch()  # one dependency newer than the rest: Note 2's mod follows it
    hits, warm = _export(vault, tmp_path, "warm", no_lock=True)
    assert hits == 9  # every note, Part.md included
    _, fresh = _export(vault, tmp_path, "fresh", no_lock=True, no_cache=True)
    assert warm == fresh  # same mods, same media, same bytes as rendering again


def test_a_changed_dependency_with_its_size_kept_is_still_a_miss(vault: Path, tmp_path: Path):
    _export(vault, tmp_path, "first", no_lock=True)
    part = vault / "Part.md"
    part.write_text("Embedded *TEXT*.\n")  # same size, other bytes
    _checkout(vault, 1_700_900_000)
    hits, _ = _export(vault, tmp_path, "again", no_lock=True)
    assert hits == 7  # Part.md (new bytes) and Note 2, which embeds it, render again


def test_with_the_lock_a_checkout_changes_nothing(vault: Path, tmp_path: Path):
    _, first = _export(vault, tmp_path, "first")
    _checkout(vault, 1_800_000_000)
    hits, again = _export(vault, tmp_path, "again")
    assert hits == 9
    assert again == first  # the CI case: same vault and lock, same package
