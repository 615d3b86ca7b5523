"""A busy, damaged or homeless render cache costs speed at most: never a card, never a crash,
never another process's file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from vault2anki import Options, export_vault
from vault2anki.export.cache import DB_NAME, FORMAT, TABLE

from .conftest import GOOD, export

HOLD = f"""
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("CREATE TABLE IF NOT EXISTS entry ({TABLE})")
db.execute("BEGIN " + sys.argv[2])
db.execute("INSERT OR REPLACE INTO entry VALUES ('held', x'00', x'00', x'00')")
print("held", flush=True)
sys.stdin.read()  # hold the lock until the test closes our stdin
"""


def _notes(vault: Path, n: int) -> None:
    for i in range(n):
        (vault / f"n{i:02}.md").write_text(GOOD.replace("good", f"good {i}"), encoding="utf-8")


def _db(cache: Path) -> Path:
    return cache / f"v{FORMAT}" / DB_NAME


def _run(vault: Path, cache: Path) -> tuple[int, int, list[str]]:
    result = export_vault(
        Options.of(vault, output=vault.parent / "deck.apkg", cache_dir=cache, no_lock=True, jobs=1)
    )
    return result.cache_hits, result.cache_misses, [p.kind for p in result.problems]


@pytest.mark.parametrize("lock", ["EXCLUSIVE", "IMMEDIATE"])
def test_a_cache_another_process_holds_is_busy_not_corrupt(
    vault: Path, tmp_path: Path, lock: str
) -> None:
    """EXCLUSIVE: not even readable; IMMEDIATE: readable, but every write would wait."""
    _notes(vault, 30)
    cache = tmp_path / "cache"
    db = _db(cache)
    db.parent.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), lock], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        inode = db.stat().st_ino
        hits, misses, kinds = _run(vault, cache)
        assert (hits, misses) == (0, 31)
        assert kinds == ["cache-busy"]  # once, not once per chunk
        assert db.stat().st_ino == inode  # the other process's file is still there
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait()
    # Released: the next export fills the cache and the one after that hits it.
    assert _run(vault, cache)[2] == []
    assert _run(vault, cache)[:2] == (31, 0)


def test_the_cli_warns_once_and_exports_everything_when_the_cache_is_busy(
    vault: Path, tmp_path: Path
) -> None:
    _notes(vault, 5)
    db = tmp_path / "xdg" / "vault2anki" / f"v{FORMAT}" / DB_NAME
    db.parent.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), "EXCLUSIVE"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
            run = export(vault, tmp_path / "deck.apkg")
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait()
    assert run.code == 0
    busy = [line for line in run.lines if "render cache" in line]
    assert busy == [
        f".: warning: the render cache {db} is locked by another process; this export runs "
        "without it (slower) — the next export uses it again"
    ]
    assert len(run.questions()) == 6


def test_a_cache_damaged_inside_is_detected_and_rebuilt(vault: Path, tmp_path: Path) -> None:
    _notes(vault, 40)
    cache = tmp_path / "cache"
    assert _run(vault, cache)[:2] == (0, 41)
    db = _db(cache)
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    assert len(data) > 2 * page
    data[page:] = b"\xa5" * (len(data) - page)  # header and schema intact, every row garbage
    db.write_bytes(bytes(data))

    hits, misses, kinds = _run(vault, cache)
    assert (hits, misses, kinds) == (0, 41, [])  # every card still made
    assert _run(vault, cache)[:2] == (41, 0)  # repaired: hits again, not misses forever


def test_a_cache_table_of_another_layout_is_rebuilt(vault: Path, tmp_path: Path) -> None:
    _notes(vault, 3)
    cache = tmp_path / "cache"
    db = _db(cache)
    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as other:  # what an older layout of the same FORMAT would leave
        other.execute("CREATE TABLE entry (key TEXT PRIMARY KEY, value BLOB)")
        other.execute("INSERT INTO entry VALUES ('k', x'00')")
    other.close()
    assert _run(vault, cache) == (0, 4, [])
    assert _run(vault, cache)[:2] == (4, 0)


def test_a_cache_file_that_is_not_a_database_is_replaced(vault: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    db = _db(cache)
    db.parent.mkdir(parents=True)
    db.write_bytes(b"not sqlite at all" * 100)
    assert _run(vault, cache) == (0, 1, [])
    assert _run(vault, cache)[:2] == (1, 0)


@pytest.mark.parametrize("home", ["file", "unset"])
def test_no_usable_home_means_no_cache_and_one_warning(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    if home == "file":
        (tmp_path / "home").write_text("a file, not a folder")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
    else:
        monkeypatch.delenv("HOME", raising=False)
        import pwd

        def no_entry(uid: int) -> object:
            raise KeyError(f"getpwuid(): uid not found: {uid}")

        monkeypatch.setattr(pwd, "getpwuid", no_entry)
    run = export(vault, tmp_path / "deck.apkg")
    assert run.code == 0, run.lines
    warnings = [line for line in run.lines if "render cache" in line]
    assert len(warnings) == 1, run.lines
    assert "exporting without it" in warnings[0]
    assert "--no-cache" in warnings[0]
    assert len(run.questions()) == 1
    # --no-cache: nothing to warn about
    quiet = export(vault, tmp_path / "deck.apkg", "--no-cache")
    assert not [line for line in quiet.lines if "render cache" in line]
