"""A damaged vault2anki.lock never costs a card its identity: every damage is an error naming
`vault2anki.lock:LINE` and what to do, exit 1, nothing written; a lock from format 1 keeps its
identities; `--relink OLD.apkg` rebuilds them when the lock is lost, and Anki adds no copies."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from conftest import AnkiCollection

from vault2anki.identities.lock import LOCK_NAME

from .conftest import Run, export


def fix(lock: Path) -> str:
    """The advice of a damaged lock: its commands name the lock as the command line reaches it
    (git takes paths from the folder it runs in, not from the vault)."""
    return (
        f"restore it with `git checkout -- {lock}`, or rebuild the identities from the "
        "deck you imported last with `vault2anki export VAULT --relink LAST.apkg`"
    )


NOTES = {
    "a.md": "# What is A?\n## Answer\nThe first letter.\n",
    "b.md": "# What is B?\n## Answer\nThe second letter.\n",
    "c.md": "# What is C?\n## Answer\nThe third letter.\n",
}


@pytest.fixture
def locked(tmp_path: Path) -> tuple[Path, Path]:
    """A vault exported once (deck at `first.apkg`, lock written), then a note renamed: the
    case where losing the lock would give that note a new identity."""
    vault = tmp_path / "vault"
    vault.mkdir()
    for name, text in NOTES.items():
        (vault / name).write_text(text, encoding="utf-8")
    first = tmp_path / "first.apkg"
    assert export(vault, first).code == 0
    (vault / "a.md").rename(vault / "renamed a.md")
    return vault, first


def _refused(run: Run, out: Path, lock_before: bytes, lock: Path, message: str) -> None:
    """Exit 1, the message as the last line, no deck, the lock as it was."""
    assert run.code == 1, run.result.output
    assert run.lines[-1] == "Error: " + message
    assert not out.exists()
    assert lock.read_bytes() == lock_before


def _damage(vault: Path, change: str) -> tuple[Path, bytes, int]:
    """Damage the lock; return it, its bytes and the line the error must name."""
    lock = vault / LOCK_NAME
    lines = lock.read_text(encoding="utf-8").splitlines(keepends=True)
    data = [i for i, line in enumerate(lines) if line.startswith("card\t")]
    where = {"extra column": data[1] + 1, "cut at a line end": data[-1] + 1}.get(change, 1)
    where = data[-1] + 1 if change == "cut mid-line" else where
    if change == "extra column":
        lines[data[1]] = lines[data[1]].rstrip("\n") + "\textra\n"
    elif change == "cut at a line end":
        lines = lines[: data[-1]]
    elif change == "cut mid-line":
        lines[data[-1]] = lines[data[-1]][:30]
        lines = lines[: data[-1] + 1]
    elif change == "emptied":
        lines = []
    elif change == "edited":
        lines[data[0]] = lines[data[0]].replace("\t1", "\t2", 1)
    lock.write_text("".join(lines), encoding="utf-8")
    return lock, lock.read_bytes(), where


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ("extra column", "not a lock line (10 columns where a card line has 9)"),
        (
            "cut at a line end",
            "the lock ends after 2 of the 3 cards its header records (cut short)",
        ),
        ("cut mid-line", "not a lock line (4 columns where a card line has 9)"),
        ("emptied", "the lock is empty (a lock is never written empty)"),
        (
            "edited",
            "the lock's lines do not match its header (3 cards, header says 3; edited by hand "
            "or damaged)",
        ),
    ],
)
def test_a_damaged_lock_is_an_error_naming_its_line(
    locked: tuple[Path, Path], tmp_path: Path, change: str, what: str
) -> None:
    vault, _ = locked
    lock, before, where = _damage(vault, change)
    out = tmp_path / "second.apkg"
    run = export(vault, out)
    _refused(run, out, before, lock, f"{lock}:{where}: {what}; nothing written — {fix(lock)}")


def test_merge_conflict_markers_say_how_to_resolve(
    locked: tuple[Path, Path], tmp_path: Path
) -> None:
    vault, _ = locked
    lock = vault / LOCK_NAME
    lines = lock.read_text().splitlines(keepends=True)
    lines[5:5] = ["<<<<<<< HEAD\n", lines[5], "=======\n", ">>>>>>> other\n"]
    lock.write_text("".join(lines))
    out = tmp_path / "second.apkg"
    run = export(vault, out)
    _refused(
        run,
        out,
        lock.read_bytes(),
        lock,
        f"{lock}:6: merge conflict in the lock; nothing written — keep one side (`git checkout "
        f"--ours {lock}` or `--theirs`), export again, then `git add {lock}`: the other side's "
        "cards are found again by their path and content",
    )


def test_a_lock_from_a_newer_vault2anki_says_so(locked: tuple[Path, Path], tmp_path: Path) -> None:
    vault, _ = locked
    lock = vault / LOCK_NAME
    lock.write_text("vault2anki lock format 7: 3 cards, sha256 0123456789abcdef\nsomething new\n")
    out = tmp_path / "second.apkg"
    run = export(vault, out)
    _refused(
        run,
        out,
        lock.read_bytes(),
        lock,
        f"{lock}:1: written by a newer vault2anki (lock format 7; this one reads up to 2); "
        "nothing written — upgrade vault2anki (`pip install -U vault2anki`) and export again",
    )


def test_a_lock_that_is_not_utf8_names_the_line(locked: tuple[Path, Path], tmp_path: Path) -> None:
    vault, _ = locked
    lock = vault / LOCK_NAME
    raw = lock.read_bytes().replace(b"a.md", b"\xff.md")
    lock.write_bytes(raw)
    out = tmp_path / "second.apkg"
    run = export(vault, out)
    line = raw[: raw.index(b"\xff")].count(b"\n") + 1
    _refused(
        run,
        out,
        raw,
        lock,
        f"{lock}:{line}: not UTF-8 text: the lock is damaged; nothing written — {fix(lock)}",
    )


def test_a_folder_named_like_the_lock_is_a_clear_error(
    locked: tuple[Path, Path], tmp_path: Path
) -> None:
    vault, _ = locked
    lock = vault / LOCK_NAME
    lock.unlink()
    lock.mkdir()
    out = tmp_path / "second.apkg"
    run = export(vault, out)
    assert run.code == 1
    assert run.lines[-1] == (
        f"Error: {lock} is a folder, not a lock; nothing written — move it away (the lock is a "
        "file export writes there) and restore the lock file"
    )
    assert not out.exists() and lock.is_dir()


def test_an_unreadable_lock_is_a_clear_error(
    locked: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, _ = locked
    lock = vault / LOCK_NAME
    before = lock.read_bytes()
    if os.geteuid() != 0:
        lock.chmod(0)
    else:  # root reads anything: refuse the read where the lock is read
        real = Path.read_bytes

        def refuse(self: Path) -> bytes:
            if self.name == LOCK_NAME:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)
    out = tmp_path / "second.apkg"
    try:
        run = export(vault, out)
    finally:
        lock.chmod(0o644)
        monkeypatch.undo()
    _refused(
        run,
        out,
        before,
        lock,
        f"cannot read {lock} (Permission denied); nothing written — make it readable "
        "(`chmod u+rw vault2anki.lock`) and export again",
    )


def _v1(lock: Path) -> None:
    """Rewrite a lock as vault2anki before format 2 wrote it: two comment lines, then the same
    tab-separated lines (paths unescaped), no header."""
    data = [line for line in lock.read_text().splitlines(keepends=True) if line[0] != "#"][1:]
    lock.write_text(
        "# vault2anki.lock: identities of the cards exported from this vault. Commit this file.\n"
        "# card\tguid\tmod\trendered\tcontent\tquestion\tkind\tkey\tsource (tab-separated)\n"
        + "".join(data)
    )


@pytest.mark.parametrize("variant", ["format 1", "format 1 with a BOM", "CRLF line ends"])
def test_older_and_re_encoded_locks_keep_identities_in_real_anki(
    locked: tuple[Path, Path], tmp_path: Path, anki: AnkiCollection, variant: str
) -> None:
    vault, first = locked
    lock = vault / LOCK_NAME
    if variant.startswith("format 1"):
        _v1(lock)
    raw = lock.read_bytes()
    if "BOM" in variant:
        raw = "\ufeff".encode() + raw
    if "CRLF" in variant:
        raw = raw.replace(b"\n", b"\r\n")
    lock.write_bytes(raw)
    assert anki.import_package(first).new == 3
    out = tmp_path / "second.apkg"
    run = export(vault, out)
    assert run.code == 0, run.result.output
    counts = anki.import_package(out)
    assert (counts.new, counts.updated) == (0, 1)  # the renamed note: its Source changed
    text = lock.read_text(encoding="utf-8")
    assert text.startswith("vault2anki lock format 2: 3 cards, sha256 ")  # rewritten, upgraded
    assert "renamed a.md" in text


def test_frozen_accepts_a_format_1_lock_that_says_the_same(
    tmp_path: Path, vault: Path, out: Path
) -> None:
    assert export(vault, out).code == 0
    _v1(vault / LOCK_NAME)
    run = export(vault, tmp_path / "again.apkg", "--frozen")
    assert run.code == 0, run.result.output


def test_relink_rebuilds_identities_from_the_last_deck(
    locked: tuple[Path, Path], tmp_path: Path, anki: AnkiCollection
) -> None:
    vault, first = locked
    (vault / LOCK_NAME).write_text("")  # lost: the advice is --relink, never "delete it"
    (vault / "b.md").write_text("# What is B?\n## Answer\nThe second letter, edited.\n")
    (vault / "d.md").write_text("# What is D?\n## Answer\nNew.\n")
    assert anki.import_package(first).new == 3
    out = tmp_path / "second.apkg"
    run = export(vault, out, "--relink", str(first))
    assert run.code == 0, run.result.output
    counts = anki.import_package(out)
    # a renamed, b edited: both updated in place; c unchanged (skipped, "duplicate" in Anki's
    # log); d is the only new note
    assert (counts.new, counts.updated, counts.duplicate) == (1, 2, 1)
    assert len(anki.notes()) == 4
    assert (vault / LOCK_NAME).read_text().startswith("vault2anki lock format 2: 4 cards")
    again = export(vault, tmp_path / "third.apkg")
    assert again.code == 0
    assert anki.import_package(tmp_path / "third.apkg").updated == 0


def test_relink_with_frozen_is_a_usage_error(locked: tuple[Path, Path], tmp_path: Path) -> None:
    vault, first = locked
    run = export(vault, tmp_path / "x.apkg", "--relink", str(first), "--frozen")
    assert run.code == 2
    assert "--relink rewrites the lock" in run.result.stderr


@pytest.mark.parametrize("strict", [False, True])
def test_a_lock_that_cannot_be_written_is_exit_1_under_strict(
    vault: Path, out: Path, monkeypatch: pytest.MonkeyPatch, strict: bool
) -> None:
    from vault2anki.apkg import atomic

    real = atomic.tempfile.mkstemp

    def refuse(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if kwargs.get("prefix", "").startswith(f".{LOCK_NAME}"):
            raise PermissionError(13, "Permission denied")
        return real(*args, **kwargs)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    run = export(vault, out, *(["--strict"] if strict else []))
    if strict:
        assert run.code == 1
        assert run.lines == [
            f"Error: cannot write {LOCK_NAME} (Permission denied) and --strict: nothing written "
            "— make the vault folder writable"
        ]
        assert not out.exists()
    else:
        assert run.code == 0
        assert run.lines == [
            "vault2anki.lock: warning: cannot write the lock (Permission denied); identities of "
            "renamed notes will not be kept — make the vault folder writable"
        ]
        assert out.is_file()
