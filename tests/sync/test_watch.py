"""`vault2anki sync --watch` as a user runs it: a subprocess next to a real Anki desktop.

Edit, rename, add, a burst of saves, saves that change nothing, Anki closed and opened again,
Ctrl-C and SIGTERM. Each step polls Anki until the notes follow (with a deadline) and checks
that no note was added twice; `-s` prints how long each change took to reach Anki.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vault2anki.cli import main
from vault2anki.identities.lock import LOCK_NAME
from vault2anki.sync.ankiconnect import AnkiConnect
from vault2anki.sync.lock import sync_lock
from vault2anki.sync.read import glance
from vault2anki.sync.record import load_state, lock_path, state_path
from vault2anki.sync.watch import ignored

from .conftest import API_KEY, REPO, anki_base, free_port, launch, stop

DEBOUNCE = 0.5
FOLLOW = 20.0  # seconds a change may take to reach Anki before the test fails
PNG = bytes.fromhex("89504e470d0a1a0a") + b"a diagram"
IMAGE = "Pasted image 20240101120000.png"


def note(question: str, answer: str) -> str:
    return f"# {question}\n\n## Answer\n\n{answer}\n"


def closure(answer: str) -> str:
    """The note with the vault's one image, as Obsidian names a pasted one."""
    return note("What is a closure?", f"{answer}\n\n![[{IMAGE}]]")


def until(what: str, check: Callable[[], Any], timeout: float = FOLLOW) -> float:
    """Seconds until `check()` is truthy; fail after `timeout`."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout:
            pytest.fail(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.05)
    return time.monotonic() - start


class Desk:
    """An Anki desktop of this module's own, which the test may close and open again."""

    def __init__(self, base: Path, port: int) -> None:
        self.base, self.port = base, port
        self.proc: subprocess.Popen[bytes] | None = None
        self.client = AnkiConnect(f"http://127.0.0.1:{port}", timeout=30)

    def start(self) -> float:
        began = time.monotonic()
        self.proc, self.client = launch(self.base, self.port)
        return time.monotonic() - began

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)

    def notes(self, deck: str) -> dict[str, dict[str, Any]]:
        """Source path → {nid, answer, cards} of every note in `deck`."""
        infos = self.client.call(
            "notesInfo", notes=self.client.call("findNotes", query=f'"deck:{deck}"')
        )
        return {
            i["fields"]["Source"]["value"].split(">")[-2].split("<")[0]: {
                "nid": i["noteId"],
                "answer": i["fields"]["Answer"]["value"],
                "cards": i["cards"],
            }
            for i in infos
        }


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    desk = Desk(*anki_base(tmp_path_factory))
    desk.start()
    try:
        yield desk
    finally:
        desk.stop()


class Watch:
    """`vault2anki sync VAULT --watch --json` running; its reports (one JSON line a sync)."""

    def __init__(self, vault: Path, cache: Path, *args: str, as_json: bool = True) -> None:
        self.out, self.err = cache / "watch.out", cache / "watch.err"
        env = dict(os.environ, XDG_CACHE_HOME=str(cache), PYTHONPATH=str(REPO / "src"))
        with open(self.out, "wb") as out, open(self.err, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "vault2anki", "sync", str(vault), "--watch",
                 "--debounce", str(DEBOUNCE), *(["--json"] if as_json else []), *args],
                stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
            )  # fmt: skip

    def reports(self) -> list[dict[str, Any]]:
        lines = self.out.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.endswith("}")]

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8")

    def next_report(self, seen: int, what: str) -> dict[str, Any]:
        until(what, lambda: len(self.reports()) > seen)
        return self.reports()[seen]

    def end(self, signum: int) -> int:
        self.proc.send_signal(signum)
        try:
            return self.proc.wait(20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


def record_path(client: AnkiConnect, cache: Path, vault: Path) -> Path:
    """Where the sync record of `vault` in the profile open in `client`'s Anki is kept."""
    anki = glance(client).anki
    return state_path(cache / "vault2anki", vault, client.url, anki)


WRITES = ("new", "changed", "moved", "media", "note_types", "deleted", "orphaned")


def writes(report: dict[str, Any]) -> dict[str, int]:
    return {k: v for k, v in report["counts"].items() if k in WRITES and v}


def test_watch_follows_the_vault_through_an_anki_restart(desk: Desk, tmp_path: Path) -> None:
    vault, cache = tmp_path / "Моя база", tmp_path / "cache"
    (vault / "Замыкания").mkdir(parents=True)
    (vault / ".obsidian").mkdir()
    cache.mkdir()
    (vault / "Closures.md").write_text(closure("A function."))
    (vault / IMAGE).write_bytes(PNG)
    (vault / "Замыкания" / "Область видимости.md").write_text(note("Что такое scope?", "Область."))
    (vault / "Event Loop.md").write_text(note("What is the event loop?", "A queue."))
    (vault / "vault2anki.toml").write_text(f'deck = "Watch"\nanki-connect = "{desk.client.url}"\n')
    timings: dict[str, float] = {}
    watch = Watch(vault, cache)
    try:
        first = watch.next_report(0, "the first sync")
        assert first["counts"]["new"] == 3 and first["counts"]["media"] == 1
        until("the watching line", lambda: "watching" in watch.stderr())
        ids = {s: n["nid"] for s, n in desk.notes("Watch").items()}
        assert set(ids) == {"Closures.md", "Замыкания/Область видимости.md", "Event Loop.md"}
        _edit_rename_add(vault, desk, watch, ids, timings)
        _saves_that_change_nothing(vault, cache, desk, watch)
        _anki_closed_and_back(vault, desk, watch, ids, timings)
        assert watch.end(signal.SIGINT) == 0, watch.stderr()
        assert "Traceback" not in watch.stderr()
        assert f"stopped watching {vault}" in watch.stderr()
    finally:
        watch.close()
    record = load_state(record_path(desk.client, cache, vault))
    held = desk.notes("Watch")
    assert sorted(record.notes) == sorted(n["nid"] for n in held.values())
    print("\n" + "\n".join(f"{k}: {v:.2f} s" for k, v in timings.items()))


def _edit_rename_add(
    vault: Path, desk: Desk, watch: Watch, ids: dict[str, int], timings: dict[str, float]
) -> None:
    seen = len(watch.reports())
    (vault / "Closures.md").write_text(closure("A function, edited."))
    timings["edit → in Anki"] = until(
        "the edit", lambda: "edited" in desk.notes("Watch")["Closures.md"]["answer"]
    )
    assert desk.notes("Watch")["Closures.md"]["nid"] == ids["Closures.md"]
    assert writes(watch.next_report(seen, "the edit's report")) == {"changed": 1}

    old, new = vault / "Замыкания" / "Область видимости.md", vault / "Замыкания" / "Scope Ё.md"
    old.rename(new)
    timings["rename → in Anki"] = until(
        "the rename", lambda: "Замыкания/Scope Ё.md" in desk.notes("Watch")
    )
    held = desk.notes("Watch")
    assert len(held) == 3  # the renamed note kept its id: no copy, nothing orphaned
    assert held["Замыкания/Scope Ё.md"]["nid"] == ids["Замыкания/Область видимости.md"]

    (vault / "Новая заметка.md").write_text(note("Новый вопрос?", "Новый ответ."))
    timings["add → in Anki"] = until("the add", lambda: len(desk.notes("Watch")) == 4)
    # The add wrote vault2anki.lock: that must not start a sync of its own.
    until("the add's report", lambda: writes(watch.reports()[-1]) == {"new": 1})
    seen = len(watch.reports())
    time.sleep(3 * DEBOUNCE + 1.5)
    assert len(watch.reports()) == seen, "a sync started another"

    for i in range(6):  # a burst of saves, each sooner than the debounce: one sync
        (vault / "Event Loop.md").write_text(note("What is the event loop?", f"Queue, take {i}."))
        time.sleep(DEBOUNCE / 5)
    until("the burst", lambda: "take 5" in desk.notes("Watch")["Event Loop.md"]["answer"])
    time.sleep(3 * DEBOUNCE + 1.0)
    assert len(watch.reports()) == seen + 1, watch.reports()[seen:]
    assert len(desk.notes("Watch")) == 4


def _saves_that_change_nothing(vault: Path, cache: Path, desk: Desk, watch: Watch) -> None:
    """A touch, the same text saved again, Obsidian's own files: no write reaches Anki."""
    env = {"XDG_CACHE_HOME": str(cache)}
    dry = CliRunner(env=env).invoke(main, ["sync", str(vault), "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    reads = json.loads(dry.stdout)["requests"]  # what a sync that changes nothing asks
    before = desk.notes("Watch")
    mods = desk.client.call("cardsModTime", cards=[c for n in before.values() for c in n["cards"]])
    lock_mtime = (vault / LOCK_NAME).stat().st_mtime_ns
    seen = len(watch.reports())
    (vault / "Closures.md").touch()
    quiet = watch.next_report(seen, "the touch's sync")
    text = (vault / "Event Loop.md").read_text()
    (vault / "Event Loop.md").write_text(text)
    (vault / IMAGE).write_bytes(PNG)
    again = watch.next_report(seen + 1, "the same-text save's sync")
    (vault / ".obsidian" / "workspace.json").write_text("{}")
    for report in (quiet, again):
        assert writes(report) == {}, report["counts"]
        assert report["requests"] == reads, "the sync sent more than a dry run reads"
    time.sleep(3 * DEBOUNCE + 1.0)
    assert len(watch.reports()) == seen + 2  # .obsidian is not the vault's content
    assert desk.notes("Watch") == before
    assert desk.client.call("cardsModTime", cards=[m["cardId"] for m in mods]) == mods
    assert (vault / LOCK_NAME).stat().st_mtime_ns == lock_mtime


def _anki_closed_and_back(
    vault: Path, desk: Desk, watch: Watch, ids: dict[str, int], timings: dict[str, float]
) -> None:
    desk.stop()
    (vault / "Closures.md").write_text(closure("Saved while Anki was closed."))
    until("the waiting line", lambda: "is not reachable" in watch.stderr())
    waiting = [line for line in watch.stderr().splitlines() if "is not reachable" in line]
    assert len(waiting) == 1 and desk.client.url in waiting[0]
    (vault / "Event Loop.md").write_text(note("What is the event loop?", "Also while closed."))
    time.sleep(2.0)
    assert len([ln for ln in watch.stderr().splitlines() if "is not reachable" in ln]) == 1
    timings["Anki start (not vault2anki)"] = desk.start()
    began = time.monotonic()
    held: dict[str, dict[str, Any]] = {}

    def followed() -> bool:
        held.update(desk.notes("Watch"))
        return "while Anki" in held["Closures.md"]["answer"] and "Also" in str(held)

    until("the notes saved while Anki was closed", followed)
    timings["Anki ready → both saves in Anki"] = time.monotonic() - began
    assert "Anki is back; syncing" in watch.stderr()
    held = desk.notes("Watch")
    assert len(held) == 4
    assert held["Closures.md"]["nid"] == ids["Closures.md"]
    assert held["Event Loop.md"]["nid"] == ids["Event Loop.md"]


def test_watch_waits_for_an_anki_that_is_not_there_and_stops_on_sigterm(tmp_path: Path) -> None:
    vault, cache = tmp_path / "vault", tmp_path / "cache"
    vault.mkdir()
    cache.mkdir()
    (vault / "a.md").write_text(note("Q?", "A."))
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    watch = Watch(vault, cache, "--anki-connect", url)
    try:
        until("the waiting line", lambda: f"Anki is not reachable at {url}" in watch.stderr())
        assert watch.end(signal.SIGTERM) == 0, watch.stderr()
    finally:
        watch.close()
    err = watch.stderr()
    assert "Traceback" not in err and f"stopped watching {vault}" in err
    assert watch.reports() == []  # no sync happened


def test_watch_prunes_only_after_a_full_read(anki: AnkiConnect, tmp_path: Path) -> None:
    vault, cache = tmp_path / "Prune", tmp_path / "cache"
    vault.mkdir()
    cache.mkdir()
    for name in ("One", "Two", "Three"):
        (vault / f"{name}.md").write_text(note(f"Question {name}?", f"Answer {name}."))
    (vault / "vault2anki.toml").write_text(f'deck = "WatchPrune"\nanki-connect = "{anki.url}"\n')
    count = lambda: len(anki.call("findNotes", query='"deck:WatchPrune"'))  # noqa: E731
    watch = Watch(vault, cache, "--prune")
    try:
        watch.next_report(0, "the first sync")
        assert count() == 3
        (vault / "One.md").unlink()
        until("the prune", lambda: count() == 2)
        seen = len(watch.reports())
        (vault / "Broken.md").write_bytes(b"\x00\x01binary\x00" * 10)  # a note it cannot read
        (vault / "Two.md").unlink()
        watch.next_report(seen, "the sync after the delete")
        until("the last sync", lambda: watch.reports()[-1]["counts"]["orphaned"] == 1)
        report = watch.reports()[-1]
        assert report["prune_refused"] and report["counts"]["deleted"] == 0
        assert count() == 2  # Two is kept: this run did not read every note
        assert watch.end(signal.SIGINT) == 0
    finally:
        watch.close()


def test_ignored_changes(tmp_path: Path) -> None:
    vault = tmp_path / "Vault"
    cache = vault / "cache"
    for rel in (
        ".obsidian/workspace.json",
        ".git/index",
        ".trash/Old.md",
        LOCK_NAME,
        ".vault2anki.lock.k3j2_x.tmp",
        "notes/.Closures.md.swp",
        "cache/sync/ab.json",
    ):
        assert ignored(vault / rel, vault, (cache,)), rel  # fmt: skip
    for rel in (
        "Pasted image 20240101120000.png",
        "Заметки/Диаграмма.PNG",
        "a/B c.md",
        "vault2anki.toml",
        f"notes/{LOCK_NAME}",
    ):
        assert not ignored(vault / rel, vault, (cache,)), rel  # fmt: skip
    assert ignored(tmp_path / "elsewhere.md", vault)


def test_watch_usage_errors(tmp_path: Path) -> None:
    dry = CliRunner().invoke(main, ["sync", str(tmp_path), "--watch", "--dry-run"])
    assert dry.exit_code == 2 and "--dry-run" in dry.output
    alone = CliRunner().invoke(main, ["sync", str(tmp_path), "--debounce", "1"])
    assert alone.exit_code == 2 and "--watch" in alone.output


@pytest.mark.parametrize("signals", [1, 2])
def test_a_signal_during_a_sync(anki: AnkiConnect, tmp_path: Path, signals: int) -> None:
    """Once: the sync finishes (notes in Anki, record saved), then the watch ends, exit 0.
    Twice: the sync is interrupted, exit 130, as for any sync. The test holds the sync lock,
    so the watch's first sync is known to be running (waiting for it) when the signal comes."""
    vault, cache = tmp_path / f"Signal {signals}", tmp_path / "cache"
    vault.mkdir()
    cache.mkdir()
    (vault / "Q.md").write_text(note(f"Signal {signals}?", "Answer."))
    (vault / "vault2anki.toml").write_text(
        f'deck = "WatchSignal{signals}"\nanki-connect = "{anki.url}"\n'
    )
    record = record_path(anki, cache, vault)
    with sync_lock(lock_path(cache / "vault2anki", vault, anki.url)):
        watch = Watch(vault, cache, as_json=False)  # --json would leave out the waiting line
        until("the wait for the lock", lambda: "waiting for the sync" in watch.stderr())
        for _ in range(signals):
            watch.proc.send_signal(signal.SIGINT)
            time.sleep(0.3)
        if signals == 1:
            until("the promise", lambda: "stopping once this sync is done" in watch.stderr())
            assert watch.proc.poll() is None  # it waits for the sync
    try:  # the lock is free: the sync goes on
        code = watch.proc.wait(FOLLOW)
    finally:
        watch.close()
    err = watch.stderr()
    assert "Traceback" not in err
    found = anki.call("findNotes", query=f'"deck:WatchSignal{signals}"')
    if signals == 1:
        assert code == 0, err
        assert len(found) == 1 and "1 added" in watch.out.read_text()
        [nid] = found
        assert load_state(record).notes[nid].mine  # the record was saved
        assert "stopped watching" in err
    else:
        assert code == 130, err
        assert "interrupted; run the sync again to finish it" in err and found == []


def test_warnings_are_printed_once_while_they_last(anki: AnkiConnect, tmp_path: Path) -> None:
    vault, cache = tmp_path / "Warn", tmp_path / "cache"
    vault.mkdir()
    cache.mkdir()
    (vault / "Img.md").write_text(note("Where is it?", "![[Pasted image 20240101120000.png]]"))
    (vault / "Plain.md").write_text(note("Plain?", "Yes."))
    (vault / "vault2anki.toml").write_text(f'deck = "WatchWarn"\nanki-connect = "{anki.url}"\n')
    watch = Watch(vault, cache, as_json=False)
    missing = "Pasted image 20240101120000.png"
    try:
        until("the first sync", lambda: "watching" in watch.stderr())
        (vault / "Plain.md").write_text(note("Plain?", "Yes, edited."))
        until("the second sync", lambda: watch.out.read_text().count("1 updated") == 1)
        assert watch.stderr().count(missing) == 1  # the same warning: not printed again
        (vault / "Img.md").write_text(note("Where is it?", "![[Диаграмма.PNG]]"))
        until("the third sync", lambda: watch.out.read_text().count("1 updated") == 2)
        assert "Диаграмма.PNG" in watch.stderr()  # a new one is
        (vault / "Img.md").write_text(note("Where is it?", f"![[{missing}]]"))
        until("the fourth sync", lambda: watch.out.read_text().count("1 updated") == 3)
        assert watch.stderr().count(missing) == 2  # gone for a sync, then back: printed again
        assert watch.end(signal.SIGINT) == 0
    finally:
        watch.close()


def test_a_missing_api_key_ends_the_watch(keyed_anki: AnkiConnect, tmp_path: Path) -> None:
    """Anki answers but refuses us: waiting would not help, so the first sync's error ends
    the watch (exit 1), as it ends `vault2anki sync`; with the key, the watch syncs."""
    vault, cache = tmp_path / "Keyed", tmp_path / "cache"
    vault.mkdir()
    cache.mkdir()
    (vault / "Q.md").write_text(note("Keyed?", "Yes."))
    (vault / "vault2anki.toml").write_text(
        f'deck = "WatchKey"\nanki-connect = "{keyed_anki.url}"\n'
    )
    watch = Watch(vault, cache)
    try:
        assert watch.proc.wait(FOLLOW) == 1
    finally:
        watch.close()
    assert "asks for an API key" in watch.stderr() and "not reachable" not in watch.stderr()
    watch = Watch(vault, cache, "--anki-connect-key", API_KEY)
    try:
        assert watch.next_report(0, "the sync with the key")["counts"]["new"] == 1
        assert watch.end(signal.SIGTERM) == 0
    finally:
        watch.close()
    assert API_KEY not in watch.stderr() + watch.out.read_text()
