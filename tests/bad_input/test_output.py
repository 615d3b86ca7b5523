"""Where the deck goes: a missing folder is created, an unwritable place is a clear exit 1,
the vault itself works, and a failure or Ctrl-C half-way leaves the previous deck intact and
no temporary file behind."""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from pathlib import Path

import pytest

from vault2anki.apkg import atomic, package, zipwrite

from .conftest import deck_questions, export

GOOD_Q = "<p>What is a good note?</p>"


def test_output_in_a_missing_folder_is_created(vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "c" / "deck.apkg"
    run = export(vault, out)
    assert run.code == 0 and out.is_file()
    assert run.questions() == [GOOD_Q]


def test_output_under_a_file_is_a_clear_error(vault: Path, tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("not a folder")
    out = tmp_path / "file.txt" / "deck.apkg"
    run = export(vault, out)
    assert run.code == 1
    assert run.lines[-1].startswith(f"Error: cannot write {out}: ")
    assert run.lines[-1].endswith(
        "; nothing written (an existing file there is unchanged) — choose another -o path, "
        "or fix its folder's permissions"
    )
    assert (tmp_path / "file.txt").read_text() == "not a folder"


def test_unwritable_output_folder_is_a_clear_error(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    out = folder / "deck.apkg"
    if os.geteuid() != 0:
        folder.chmod(0o555)
    else:  # root writes anywhere: simulate the refusal where the temporary file is made

        def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
            raise PermissionError(errno.EACCES, "Permission denied", str(folder / ".tmp"))

        monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    try:
        run = export(vault, out)
    finally:
        folder.chmod(0o755)
    assert run.code == 1
    assert run.lines == [
        f"Error: cannot write {out}: Permission denied; nothing written (an existing file there "
        "is unchanged) — choose another -o path, or fix its folder's permissions"
    ]
    assert list(folder.iterdir()) == []


def test_output_inside_the_vault_works_and_is_never_packaged(vault: Path) -> None:
    out = vault / "deck.apkg"
    (vault / "embeds.md").write_text("# Embeds the deck?\n## Answer\nsee ![[other.apkg]]\n")
    first = export(vault, out)
    assert first.code == 0, first.result.output
    (vault / "other.apkg").write_bytes(out.read_bytes())  # a deck a note links to, on purpose
    second = export(vault, out)
    assert second.code == 0
    assert sorted(second.questions()) == ["<p>Embeds the deck?</p>", GOOD_Q]
    with zipfile.ZipFile(out) as archive:
        # other.apkg is an attachment the note embeds, so it travels; deck.apkg itself never does
        names = archive.read("media").decode()
        assert "deck" not in names
    assert sorted(p.name for p in vault.iterdir()) == [
        "deck.apkg",
        "embeds.md",
        "good.md",
        "other.apkg",
        "vault2anki.lock",  # the identity lock: the only other file an export writes
    ]


@pytest.fixture
def previous(vault: Path, out: Path) -> bytes:
    """A good deck already at `out`: what every failed export must leave byte for byte."""
    assert export(vault, out).code == 0
    (vault / "second.md").write_text("# Second?\n## Answer\nB\n")
    return out.read_bytes()


def _fail_midway(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    """Make the `media` entry of the package fail: the database (streamed first) is already in
    the temporary file by then."""
    real = zipwrite.ZipWriter.write

    def write(self: zipwrite.ZipWriter, name: str, data: bytes, compress: bool) -> None:
        if name == "media":
            raise exc
        real(self, name, data, compress)

    monkeypatch.setattr(zipwrite.ZipWriter, "write", write)


def test_disk_full_midway_keeps_the_previous_deck_and_no_temp_files(
    vault: Path, out: Path, previous: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_midway(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    run = export(vault, out)
    assert run.code == 1
    assert run.lines == [
        f"Error: cannot write {out}: No space left on device; nothing written (an existing file "
        "there is unchanged) — free some disk space"
    ]
    assert out.read_bytes() == previous
    assert sorted(p.name for p in out.parent.iterdir()) == ["deck.apkg"]


def test_ctrl_c_midway_keeps_the_previous_deck_exit_130(
    vault: Path, out: Path, previous: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_midway(monkeypatch, KeyboardInterrupt())
    run = export(vault, out)
    assert run.code == 130
    assert run.lines == ["interrupted; nothing written (an existing deck is unchanged)"]
    assert out.read_bytes() == previous
    assert sorted(p.name for p in out.parent.iterdir()) == ["deck.apkg"]


def test_an_image_that_vanishes_before_the_write_is_named(
    vault: Path, out: Path, previous: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    (vault / "pic.png").write_bytes(b"\x89PNG fake")
    (vault / "pic.md").write_text("# Pic?\n## Answer\n![[pic.png]]\n")
    real = package.write_package

    def vanish_then_write(*args: object, **kwargs: object) -> None:
        (vault / "pic.png").unlink()
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("vault2anki.export.run.write_package", vanish_then_write)
    run = export(vault, out)
    assert run.code == 1
    assert run.lines == [
        f"Error: cannot read {vault.resolve() / 'pic.png'} (No such file or directory) while "
        f"writing {out}; nothing written — check that file and export again"
    ]
    assert out.read_bytes() == previous
    assert sorted(p.name for p in out.parent.iterdir()) == ["deck.apkg"]


def test_a_vault_without_cards_is_exit_1_and_writes_nothing(tmp_path: Path, out: Path) -> None:
    vault = tmp_path / "plain"
    vault.mkdir()
    (vault / "index.md").write_text("# Index\n\n[[Some note]]\n")
    run = export(vault, out)
    assert run.code == 1
    assert run.lines == [
        f"Error: {vault}: no cards found in 1 notes; nothing written — a card needs a heading "
        "such as '## Answer' under its question (see --answer-heading)"
    ]
    assert not out.exists() and not out.parent.exists()


def test_a_vault_whose_every_card_fails_says_so(tmp_path: Path, out: Path) -> None:
    vault = tmp_path / "broken"
    vault.mkdir()
    deep = "\n".join("    " * i + "- x" for i in range(200))
    (vault / "deep.md").write_text(f"# Deep\n## Answer\n{deep}\n")
    run = export(vault, out)
    assert run.code == 1
    assert run.lines[0].startswith("deep.md:2: error: quotes/lists nested about ")
    assert run.lines[-1] == (
        f"Error: {vault}: no card could be exported (1 errors above); nothing written — fix them "
        "and export again"
    )
    assert not out.exists()


def _not_a_file_message(out: Path, what: str) -> str:
    return (
        f"Error: cannot write {out}: it is {what}, not a regular file; nothing written (an "
        "existing file there is unchanged) — give the path of a file, or `-o -` to write the "
        "deck to stdout"
    )


def test_a_fifo_as_output_is_refused_not_replaced(vault: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    run = export(vault, fifo)
    assert run.code == 1
    assert run.lines == [_not_a_file_message(fifo, "a FIFO")]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "vault"]


def test_a_device_as_output_is_refused_not_replaced(vault: Path, tmp_path: Path) -> None:
    """As root, `-o /dev/null` used to become a zip. A device node of our own stands in."""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD); the FIFO case covers the rest")
    run = export(vault, device)
    assert run.code == 1
    assert run.lines == [_not_a_file_message(device, "a device")]
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_folder_as_output_is_refused(vault: Path, tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    run = export(vault, folder)
    assert run.code == 2  # click's own check of -o: a usage error
    assert "is a directory" in run.result.stderr
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_a_folder_as_output_through_the_library_is_refused(vault: Path, tmp_path: Path) -> None:
    from vault2anki import Options, export_vault
    from vault2anki.errors import Vault2AnkiError

    folder = tmp_path / "decks"
    folder.mkdir()
    with pytest.raises(Vault2AnkiError, match="it is a folder, not a regular file"):
        export_vault(Options.of(vault, output=folder, no_cache=True))
    assert list(folder.iterdir()) == []


def test_a_symlinked_output_is_written_through_and_stays_a_link(
    vault: Path, tmp_path: Path
) -> None:
    real = tmp_path / "builds" / "deck.apkg"
    real.parent.mkdir()
    real.write_bytes(b"old deck")
    link = tmp_path / "deck.apkg"
    link.symlink_to(real)
    run = export(vault, link)
    assert run.code == 0, run.result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert zipfile.is_zipfile(real) and run.questions() == [GOOD_Q]
    assert sorted(p.name for p in real.parent.iterdir()) == ["deck.apkg"]


def test_dash_streams_the_package_to_stdout(vault: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from vault2anki.cli import main

    result = CliRunner().invoke(main, ["export", str(vault), "-o", "-", "--no-cache"])
    assert result.exit_code == 0, result.output
    deck = tmp_path / "streamed.apkg"
    deck.write_bytes(result.stdout_bytes)
    size = round(deck.stat().st_size / 1024)  # the summary says how big (issue 23)
    assert result.stderr.splitlines()[-1].endswith(f"→ stdout ({size} KiB)")
    assert deck_questions(deck) == [GOOD_Q]
    assert not (Path.cwd() / "-").exists()


def test_new_bytes_reach_the_disk_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power loss right after the rename must not leave a renamed, still empty file."""
    target = tmp_path / "deck.apkg"
    target.write_bytes(b"old")
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(
        atomic.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))
    )
    with atomic.replacing(target) as tmp:
        tmp.write_bytes(b"new")
    assert events == ["fsync", "replace"]
    assert target.read_bytes() == b"new"
