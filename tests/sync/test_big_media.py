"""Issue 24, item 6: big media. A 200 MB image made a sync use 1.06 GB of memory and then fail
every re-run, blocking every other change. Now a local Anki reads each file from its path (a
tiny request), a remote one gets it streamed in base64, a file over AnkiWeb's 100 MiB limit is
refused with a warning that names it, and the notes sync whatever happens to the media.
Checked against a real Anki desktop; memory is the peak RSS of a real `vault2anki sync`."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import PNG
from vault2anki.cli import main
from vault2anki.sync.ankiconnect import AnkiConnect

REPO = Path(__file__).resolve().parents[2]
MIB = 1 << 20


def make_vault(root: Path, media: dict[str, int | bytes]) -> Path:
    """One note per media file (showing it), and one note without media; named after the
    vault (GUIDs follow the path: two tests must not share one)."""
    root.mkdir()
    (root / f"{root.name}-plain.md").write_text(
        f"# Plain {root.name}?\n\n## Answer\n\nNo picture.\n"
    )
    for n, (name, content) in enumerate(media.items()):
        if isinstance(content, int):  # a sparse file of that size (a PNG header, then zeros)
            with open(root / name, "wb") as f:
                f.write(PNG)
                f.truncate(content)
        else:
            (root / name).write_bytes(content)
        (root / f"{root.name}-pic{n}.md").write_text(
            f"# Picture {n} {root.name}?\n\n## Answer\n\n![[{name}]]\n"
        )
    return root


# `python -m vault2anki` that prints its own peak RSS (VmHWM) when it exits: the rusage of a
# child counts the pages it shared with the test process before exec, this does not.
_MEASURED = (
    "import atexit, runpy, sys\n"
    "def peak():\n"
    "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
    "    sys.stderr.write(f'PEAK_RSS_KB {hwm.split()[1]}\\n')\n"
    "atexit.register(peak)\n"
    "sys.argv = ['vault2anki', *sys.argv[1:]]\n"
    "runpy.run_module('vault2anki', run_name='__main__')\n"
)


def sync_process(vault: Path, url: str, deck: str) -> tuple[int, str, str, int]:
    """Run `vault2anki sync` in its own process: exit code, stdout, stderr, peak RSS (bytes)."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    argv = [
        sys.executable,
        "-c",
        _MEASURED,
        "sync",
        str(vault),
        "--anki-connect",
        url,
        "--deck",
        deck,
    ]
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired:  # a base64 upload of a big file takes AnkiConnect ages
        pytest.fail("sync did not finish within 240 s")
    err, _, peak = done.stderr.rpartition("PEAK_RSS_KB ")
    return done.returncode, done.stdout, err, int(peak) * 1024


def stored(anki: AnkiConnect, name: str) -> bytes | None:
    """The bytes of `name` in Anki's media folder (Anki runs on this machine)."""
    path = Path(anki.call("getMediaDirPath")) / name
    return path.read_bytes() if path.is_file() else None


def test_a_big_image_goes_by_path_and_memory_stays_bounded(
    tmp_path: Path, anki: AnkiConnect
) -> None:
    small = make_vault(tmp_path / "Small", {"small.png": PNG})
    code, out, err, base_rss = sync_process(small, anki.url, "Small")
    assert code == 0, err
    vault = make_vault(tmp_path / "Big", {})
    digest = hashlib.sha256()
    with open(vault / "big.png", "wb") as f:  # in pieces: this process stays small too
        for piece in (PNG, *(os.urandom(MIB) for _ in range(60))):
            f.write(piece)
            digest.update(piece)
    (vault / "Big-pic.md").write_text("# The big picture?\n\n## Answer\n\n![[big.png]]\n")
    code, out, err, rss = sync_process(vault, anki.url, "BigMedia")
    assert code == 0, err
    assert out.startswith("2 added") and "1 media" in out, out
    [name] = anki.call("getMediaFilesNames", pattern="big-*.png")
    with open(Path(anki.call("getMediaDirPath")) / name, "rb") as f:
        assert hashlib.file_digest(f, "sha256").hexdigest() == digest.hexdigest()
    print(f"\npeak RSS: small vault {base_rss / MIB:.0f} MiB, 60 MiB image {rss / MIB:.0f} MiB")
    assert rss < base_rss + 30 * MIB  # base64 in the request made it 4-5 times the file


def test_a_file_over_100_mib_is_refused_and_the_notes_still_sync(
    tmp_path: Path, anki: AnkiConnect
) -> None:
    vault = make_vault(tmp_path / "Huge", {"huge.png": 200 * MIB, "ok.png": PNG + b"ok"})
    for run in ("first", "again"):
        code, out, err, rss = sync_process(vault, anki.url, "HugeMedia")
        assert code == 0, err
        lines = [line for line in err.splitlines() if "huge.png" in line]
        assert len(lines) == 1 and "warning: 200 MiB, over AnkiWeb's limit of 100 MiB" in lines[0]
        assert lines[0].startswith(str(vault / "huge.png"))
        assert "Traceback" not in err and "close any dialog" not in err
        added = "3 added" if run == "first" else "0 added"
        media = ", 2 media" if run == "first" else ", 1 media"  # planned: huge.png each time
        assert out.startswith(added) and media in out, out
    assert len(anki.call("findNotes", query='"deck:HugeMedia"')) == 3
    assert anki.call("getMediaFilesNames", pattern="huge-*") == []
    [ok] = anki.call("getMediaFilesNames", pattern="ok-*.png")
    assert stored(anki, ok) == PNG + b"ok"
    assert rss < 80 * MIB  # huge.png is hashed in pieces, never read whole


def test_a_remote_anki_gets_the_bytes_streamed_in_base64(
    tmp_path: Path, anki: AnkiConnect, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`path` only works when Anki can read the file: any other host gets `data`."""
    monkeypatch.setattr(AnkiConnect, "local", property(lambda self: False))
    content = PNG + os.urandom(3 * MIB + 1)  # not a multiple of 3: base64 padding at the end
    vault = make_vault(tmp_path / "Remote", {"far.png": content})
    args = ["sync", str(vault), "--anki-connect", anki.url, "--deck", "Remote"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    [name] = anki.call("getMediaFilesNames", pattern="far-*.png")
    assert stored(anki, name) == content


def test_a_file_anki_cannot_store_is_an_error_and_the_notes_still_sync(
    tmp_path: Path, anki: AnkiConnect, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that vanishes once planned: Anki cannot read its path, nor can the fallback.
    One error naming it (exit 1: a re-run retries it), every note synced."""
    from vault2anki.sync import media as syncmedia

    vault = make_vault(tmp_path / "Gone", {"gone.png": PNG + b"gone", "kept.png": PNG + b"k"})
    real = syncmedia._sendable

    def then_vanish(media: list, report: object) -> list:  # type: ignore[type-arg]
        files = real(media, report)  # type: ignore[arg-type]
        (vault / "gone.png").unlink()
        return files

    monkeypatch.setattr(syncmedia, "_sendable", then_vanish)
    args = ["sync", str(vault), "--anki-connect", anki.url, "--deck", "Gone"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if "gone.png" in line]
    assert len(errors) == 1 and "cannot upload this file" in errors[0], result.stderr
    assert "Traceback" not in result.output
    assert result.stdout.startswith("3 added"), result.stdout
    assert len(anki.call("findNotes", query='"deck:Gone"')) == 3
    [kept] = anki.call("getMediaFilesNames", pattern="kept-*.png")
    assert stored(anki, kept) == PNG + b"k"
