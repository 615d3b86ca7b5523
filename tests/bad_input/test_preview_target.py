"""`preview -o` never deletes what it did not make (issue 24, item 1).

The bug: `preview vault -o site/..` checked `site/..` for the preview marker before `site`
existed, created `site`, and then removed what `site/..` now resolved to — the folder holding
the vault. Each target below must be refused with a message, and every file around it must
still be there, byte for byte."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import PNG, make_vault

from vault2anki.cli import main
from vault2anki.preview.site import MARKER

NOTE = (
    "# What is a closure?\n## Ответ\nA function with its scope.\n"
    "![[Pasted image 20240101120000.png]]\n"
)


def tree_hash(root: Path) -> dict[str, str]:
    """Every file and folder under `root` (links not followed) with its content's hash."""
    seen: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            rel = str(path.relative_to(root))
            if path.is_symlink():
                seen[rel] = "link:" + os.readlink(path)
            elif path.is_file():
                seen[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                seen[rel] = "dir"
    return seen


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding `Заметки/` (the vault) and a file of the user's, as the cwd."""
    tmp_path = tmp_path / "work"  # so that `new/../..` lands on a folder the test owns
    make_vault(
        tmp_path / "Заметки",
        {"Вопросы/Замыкание.md": NOTE, "Вопросы/Pasted image 20240101120000.png": PNG},
    )
    (tmp_path / "thesis.txt").write_text("keep me", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def preview(*args: str) -> Result:
    return CliRunner().invoke(main, ["preview", "Заметки", *args])


def refused(result: Result) -> bool:
    return result.exit_code == 1 and "Traceback" not in result.output and "-o" in result.output


@pytest.mark.parametrize("target", ["site/..", "new/../..", ".", "Заметки", "Заметки/.."])
def test_a_target_that_resolves_onto_user_files_is_refused(home: Path, target: str) -> None:
    before = tree_hash(home.parent)
    result = preview("-o", target)
    assert refused(result), result.output
    assert tree_hash(home.parent) == before


def test_a_symlink_to_the_vault_is_refused(home: Path) -> None:
    (home / "link").symlink_to(home / "Заметки")
    before = tree_hash(home)
    result = preview("-o", "link")
    assert refused(result), result.output
    assert "holds the vault" in result.output or "not a vault2anki preview" in result.output
    assert tree_hash(home) == before


def test_home_is_refused(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(home))
    before = tree_hash(home)
    result = preview("-o", "~")
    assert refused(result), result.output
    assert tree_hash(home) == before


def test_the_root_is_refused(home: Path) -> None:
    before = sorted(os.listdir("/"))
    result = preview("-o", "/")
    assert refused(result), result.output
    assert "file system root" in result.output
    assert sorted(os.listdir("/")) == before


def test_a_marker_without_a_site_is_not_a_preview(home: Path) -> None:
    """A stray marker (copied by hand) does not make a folder replaceable."""
    folder = home / "docs"
    folder.mkdir()
    (folder / MARKER).write_text("x", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    before = tree_hash(home)
    assert refused(preview("-o", "docs"))
    assert tree_hash(home) == before


def test_its_own_preview_is_replaced_through_any_spelling(home: Path) -> None:
    assert preview("-o", "site").exit_code == 0
    (home / "site" / "cards" / "stale.html").write_text("old", encoding="utf-8")
    result = preview("-o", "site/../site")
    assert result.exit_code == 0, result.output
    assert not (home / "site" / "cards" / "stale.html").exists()
    assert (home / "site" / "index.html").is_file()
    assert sorted(p.name for p in home.iterdir()) == ["site", "thesis.txt", "Заметки"]


def test_an_empty_folder_is_used(home: Path) -> None:
    (home / "empty").mkdir()
    assert preview("-o", "empty").exit_code == 0
    assert (home / "empty" / "index.html").is_file()


def test_the_site_follows_the_umask(home: Path) -> None:
    old = os.umask(0o027)
    try:
        assert preview("-o", "site").exit_code == 0
    finally:
        os.umask(old)
    assert (home / "site").stat().st_mode & 0o777 == 0o750


def test_a_marker_inside_a_vault_hides_only_a_real_preview(home: Path) -> None:
    """A `.vault2anki-preview` file left in a notes folder does not drop its notes."""
    note = "# Q?\n## Answer\nA.\n"
    vault = make_vault(home / "v", {"a/q.md": note, "a/" + MARKER: "stray"})
    result = CliRunner().invoke(main, ["list", str(vault), "--json"])
    assert result.exit_code == 0, result.output
    assert '"a/q.md"' in result.stdout
