"""Advice that works as written (issue 24, item 8).

- A path over the file system's limits (ENAMETOOLONG) was told to "fix its folder's
  permissions"; now the message says which limit the path is over. A name of 241 to 255
  bytes, which is legal, failed too: the temporary files beside it have longer names.
- A lock with merge-conflict markers said `git checkout --ours vault2anki.lock` and export
  again. In the middle of a real `git merge`, run where the user ran the export, that path is
  not found (git reads paths from the current folder, not the vault), and even from the vault
  the lock stays unmerged, so the merge cannot be committed. Now the advice names the lock as
  the user reaches it, takes one side from its commit and ends with `git add`: following it
  literally lets the merge commit, and every card keeps the identity its side gave it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from vault2anki.cli import main
from vault2anki.identities.lockfile import parse_lock

from .conftest import GOOD, export

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def test_a_name_over_255_bytes_says_so(vault: Path, tmp_path: Path) -> None:
    out = tmp_path / ("й" * 150 + ".apkg")  # 305 bytes
    run = export(vault, out)
    assert run.code == 1
    assert run.lines[-1].endswith(
        "File name too long; nothing written (an existing file there is unchanged) — a name in "
        "that path has 305 bytes, over the 255 a name may have; give a shorter one with -o"
    )
    assert "permission" not in run.result.stderr


def test_a_path_over_path_max_says_so(vault: Path, tmp_path: Path) -> None:
    out = tmp_path.joinpath(*["d" * 200] * 21, "deck.apkg")
    run = export(vault, out)
    assert run.code == 1
    size = len(os.fsencode(out))
    assert run.lines[-1].endswith(
        f"— the path is too long ({size} bytes) for the file system; give a shorter one with -o"
    )
    assert "permission" not in run.result.stderr


@pytest.mark.parametrize("size", [241, 250, 255])
def test_a_long_but_legal_name_is_written(vault: Path, tmp_path: Path, size: int) -> None:
    out = tmp_path / ("x" * (size - len(".apkg")) + ".apkg")
    run = export(vault, out)
    assert run.code == 0, run.lines
    assert out.is_file() and (vault / "vault2anki.lock").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["vault", out.name])


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


def run_cli(cwd: Path, *args: str) -> tuple[int, str]:
    """The CLI as the user runs it from `cwd` (relative paths and all)."""
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)
    return result.exit_code, result.stderr


def guids(text: str) -> dict[str, str]:
    return {entry.source: entry.guid for entry in parse_lock(text).cards}


@pytest.fixture
def merging(tmp_path: Path) -> Path:
    """A repository whose vault (in `notes/`) was exported on two branches: `side` renamed a
    note and added one, `main` added another; `git merge side` is stopped by the lock."""
    repo = tmp_path / "repo"
    vault = repo / "notes"
    vault.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "user.name", "t")
    (vault / "good.md").write_text(GOOD)
    (vault / "old name.md").write_text("# Renamed?\n## Answer\nkeeps its identity\n")

    def commit(message: str) -> None:
        assert run_cli(repo, "export", "notes", "-o", str(tmp_path / "deck.apkg"))[0] == 0
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", message)

    commit("base")
    git(repo, "checkout", "-q", "-b", "side")
    (vault / "old name.md").rename(vault / "new name.md")
    (vault / "side.md").write_text("# Side?\n## Answer\nfrom side\n")
    commit("side")
    git(repo, "checkout", "-q", "main")
    (vault / "main.md").write_text("# Main?\n## Answer\nfrom main\n")
    commit("main")
    return repo


def commands(message: str) -> list[str]:
    """The shell commands a message gives, in order (`…` spans that start with git)."""
    return [c for c in re.findall(r"`([^`]+)`", message) if c.startswith("git ")]


def expected_guids(repo: Path) -> dict[str, str]:
    """Each card's identity on the branch that made it."""
    lock = "notes/vault2anki.lock"
    by_branch = {
        branch: guids(git(repo, "show", f"{branch}:{lock}")) for branch in ("main", "side")
    }
    assert by_branch["side"]["new name.md"] == by_branch["main"]["old name.md"]
    return {**by_branch["main"], **by_branch["side"]}


@needs_git
@pytest.mark.parametrize("side", ["HEAD", "MERGE_HEAD"])
def test_the_conflict_advice_works_in_a_real_merge(merging: Path, side: str) -> None:
    repo = merging
    want = expected_guids(repo)
    with pytest.raises(subprocess.CalledProcessError):
        git(repo, "merge", "-q", "side")
    code, stderr = run_cli(repo, "export", "notes", "-o", "../deck.apkg")
    assert code == 1
    lock = shlex.quote("notes/vault2anki.lock")
    assert stderr.splitlines()[-1] == (
        "Error: notes/vault2anki.lock:1: merge conflict in the lock; nothing written — take one "
        f"side's lock with `git checkout HEAD -- {lock}` (yours; `MERGE_HEAD` for the branch "
        f"being merged), export again, then `git add {lock}`: the other side's cards are found "
        "again by their path and content"
    )
    checkout, add = commands(stderr)
    # As written, from the folder the export ran in; the other side where the advice says.
    git(repo, *shlex.split(checkout.replace("HEAD", side, 1))[1:])
    assert run_cli(repo, "export", "notes", "-o", "../deck.apkg")[0] == 0
    git(repo, *shlex.split(add)[1:])
    git(repo, "commit", "-q", "--no-edit")  # the merge is done
    assert guids((repo / "notes" / "vault2anki.lock").read_text()) == {
        "good.md": want["good.md"],
        "new name.md": want["new name.md"],
        "side.md": want["side.md"],
        "main.md": want["main.md"],
    }


@needs_git
def test_a_lock_git_merged_into_damage_mid_merge(merging: Path) -> None:
    """`merge=union` merges the lock without markers, into a lock whose lines do not match
    its header: `git checkout -- LOCK` would give that union back; one side's commit works."""
    repo = merging
    (repo / ".git" / "info" / "attributes").write_text("vault2anki.lock merge=union\n")
    git(repo, "merge", "-q", "--no-commit", "side")
    code, stderr = run_cli(repo, "export", "notes", "-o", "../deck.apkg")
    assert code == 1
    message = stderr.splitlines()[-1]
    assert ", amid a git merge; nothing written — take one side's lock with `git checkout " in (
        message
    )
    checkout, add = commands(message)
    git(repo, *shlex.split(checkout)[1:])
    assert run_cli(repo, "export", "notes", "-o", "../deck.apkg")[0] == 0
    git(repo, *shlex.split(add)[1:])
    git(repo, "commit", "-q", "--no-edit")
    assert set(guids((repo / "notes" / "vault2anki.lock").read_text())) == {
        "good.md",
        "new name.md",
        "side.md",
        "main.md",
    }
