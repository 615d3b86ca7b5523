"""`-o -` when stdout cannot take the deck (a full disk, a reader that went away): one line
naming what failed, exit 1, no traceback — and the lock is not written, since the deck it
describes reached nobody."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from helpers import cli_argv

from vault2anki.identities.lock import LOCK_NAME


def _export_to(vault: Path, stdout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cli_argv("export", str(vault), "-o", "-", "--no-cache"),
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
        check=False,
    )


def _closed_pipe() -> int:
    """A pipe nobody reads any more: writing to it fails with EPIPE."""
    read, write = os.pipe()
    os.close(read)
    return write


@pytest.mark.parametrize(
    ("where", "reason"),
    [("/dev/full", "No space left on device"), ("a closed pipe", "Broken pipe")],
)
def test_a_failed_stdout_is_one_line_exit_1_and_no_lock(
    vault: Path, where: str, reason: str
) -> None:
    if where == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system; the closed pipe covers the rest")
    if where == "/dev/full":
        with open("/dev/full", "wb") as full:
            run = _export_to(vault, full.fileno())
    else:
        fd = _closed_pipe()
        try:
            run = _export_to(vault, fd)
        finally:
            os.close(fd)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and "Exception ignored" not in run.stderr
    assert run.stderr.splitlines() == [
        f"Error: cannot write the deck to stdout: {reason}; the lock is unchanged — "
        "write to a file with -o DECK.apkg, or check what reads stdout"
    ]
    assert not (vault / LOCK_NAME).exists()


def test_a_failed_stdout_leaves_an_existing_lock_as_it_was(vault: Path, tmp_path: Path) -> None:
    fd = _closed_pipe()
    try:
        with open(tmp_path / "first.apkg", "wb") as first:
            assert _export_to(vault, first.fileno()).returncode == 0
        lock = (vault / LOCK_NAME).read_bytes()
        (vault / "second.md").write_text("# Second?\n## Answer\nYes.\n")  # the lock would change
        run = _export_to(vault, fd)
    finally:
        os.close(fd)
    assert run.returncode == 1
    assert (vault / LOCK_NAME).read_bytes() == lock
