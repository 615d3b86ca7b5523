"""`-o` aimed at the vault's own files: the lock, a note, an image. Each is refused with one
line and exit 1, and the file is left byte for byte as it was; a deck written there before is
still replaced (the usual `-o vault/deck.apkg`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from vault2anki.identities.lock import LOCK_NAME

from .conftest import GOOD, export

GOOD_Q = "<p>What is a good note?</p>"


def _refusal(out: Path, what: str) -> str:
    return (
        f"Error: cannot write {out}: it is {what}, not a deck written before; nothing written "
        "— choose another -o path (a new file, or an .apkg)"
    )


def test_output_on_the_vaults_lock_is_refused_and_the_lock_kept(
    vault: Path, tmp_path: Path
) -> None:
    assert export(vault, tmp_path / "first.apkg").code == 0
    lock = vault / LOCK_NAME
    before = lock.read_bytes()
    run = export(vault, lock)
    assert run.code == 1
    assert run.lines == [_refusal(lock, f"the vault's lock ({LOCK_NAME})")]
    assert lock.read_bytes() == before
    assert export(vault, tmp_path / "again.apkg").code == 0  # the lock still reads


def test_output_on_the_lock_before_it_exists_is_refused(vault: Path) -> None:
    lock = vault / LOCK_NAME
    run = export(vault, lock)
    assert run.code == 1
    assert run.lines == [_refusal(lock, f"the vault's lock ({LOCK_NAME})")]
    assert not lock.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("good.md", GOOD.encode()),
        ("img/diagram.png", b"\x89PNG\r\n\x1a\n not really"),
        ("notes.txt", b"plain text"),
        ("other.zip", b"PK\x05\x06" + b"\0" * 18),  # an empty zip: no Anki collection in it
    ],
)
def test_output_on_a_file_of_the_vault_is_refused_and_the_file_kept(
    vault: Path, name: str, data: bytes
) -> None:
    target = vault / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    run = export(vault, target)
    assert run.code == 1
    assert run.lines == [_refusal(target, f"a file of the vault ({name})")]
    assert target.read_bytes() == data
    assert not (vault / LOCK_NAME).exists()  # nothing written at all


def test_a_new_note_path_in_the_vault_is_refused(vault: Path) -> None:
    """A zip named like a note would be read as a (binary) note by the next export."""
    target = vault / "deck.md"
    run = export(vault, target)
    assert run.code == 1
    assert run.lines == [_refusal(target, "a note's path in the vault (deck.md)")]
    assert not target.exists()


def test_a_link_outside_the_vault_to_a_note_inside_is_refused(vault: Path, tmp_path: Path) -> None:
    link = tmp_path / "deck.apkg"
    link.symlink_to(vault / "good.md")
    run = export(vault, link)
    assert run.code == 1
    assert run.lines == [_refusal(link, "a file of the vault (good.md)")]
    assert (vault / "good.md").read_text() == GOOD


def test_a_deck_written_before_inside_the_vault_is_replaced(vault: Path) -> None:
    out = vault / "deck.apkg"
    assert export(vault, out).code == 0
    (vault / "second.md").write_text("# Second?\n## Answer\nYes.\n")
    run = export(vault, out)
    assert run.code == 0, run.result.output
    assert zipfile.is_zipfile(out)
    assert sorted(run.questions()) == ["<p>Second?</p>", GOOD_Q]
