"""`vault2anki sync --watch`: one full sync, then another each time the vault changes.

What a sync is stays with the caller (`sync`, a function that runs one, prints, and raises
`AnkiConnectError` when Anki cannot be reached): this module only decides *when*. Each sync
after a change is the whole, ordinary sync — the render cache and the sync record make the
notes that did not change cost a file read and a digest, no request to Anki — so a watch does
exactly what `vault2anki sync` run by hand would, `--prune` and its refusals included.

- Changes come from `watchfiles` (inotify / FSEvents through Rust's `notify`). A burst of them
  ends in one sync: it runs once the vault has been quiet for `debounce` seconds (or, saved
  without a pause, `max_wait` after the first unsynced change).
- Ignored: dot-files and dot-folders (`.obsidian`, `.git`, `.trash`, the temporary files a
  write goes through), `vault2anki.lock` (each sync may write it) and the cache folder when it
  is inside the vault (the render cache, the sync record and its lock): a sync never starts
  another.
- Anki closed: one line, then Anki is asked again every `poll_min` seconds, doubling up to
  `poll_max`; once it answers, one line and a full sync.
- SIGINT / SIGTERM: between syncs the watch ends at once; during one it ends when the sync is
  done (record saved, lock written), a second signal interrupts it (KeyboardInterrupt).
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import watchfiles

from ..errors import Vault2AnkiError
from ..identities.lock import LOCK_NAME
from ..model import shown
from .ankiconnect import AnkiConnect, AnkiConnectError

DEFAULT_DEBOUNCE = 2.0  # seconds of quiet after a save before the sync
POLL_MIN, POLL_MAX = 1.0, 5.0  # seconds between two questions to an Anki that is closed
_TICK_MS = 200  # the loop wakes at least this often: debounce, Anki polls and stops run on it
_PROBE_TIMEOUT = 5.0  # seconds: an Anki that is open answers deckNames in milliseconds


def max_wait(debounce: float) -> float:
    """Seconds after the first unsynced change when a vault saved without pause still syncs."""
    return max(30.0, 3 * debounce)


def ignored(path: Path, vault: Path, also: tuple[Path, ...] = ()) -> bool:
    """A change to `path` that no sync needs: outside the vault, in a dot-folder or a dot-file,
    the lock the sync writes, or under one of `also` (the cache folder)."""
    try:
        rel = path.relative_to(vault)
    except ValueError:
        return True
    if any(part.startswith(".") for part in rel.parts) or rel.parts == (LOCK_NAME,):
        return True
    return any(path == a or a in path.parents for a in also)


@dataclass
class _Stop:
    """Set by the signal handlers; watchfiles polls `is_set` between its steps."""

    requested: bool = False
    busy: bool = False  # a sync is running: the first signal waits for it to end

    def is_set(self) -> bool:
        return self.requested


@dataclass
class WatchEnd:
    syncs: int  # syncs run, the first one included
    pending: list[str] = field(default_factory=list)  # changed files no sync has taken yet


@contextmanager
def _signals(stop: _Stop, say: Callable[[str], None]) -> Iterator[None]:
    """SIGINT and SIGTERM ask the watch to stop (main thread only: elsewhere the caller's
    `stop` is the only way)."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.requested and stop.busy:
            raise KeyboardInterrupt  # the second one: stop now, the sync's record as it is
        stop.requested = True
        if stop.busy:
            # os.write: a print here could re-enter a print the signal interrupted.
            os.write(2, b"stopping once this sync is done (again to stop at once)\n")

    try:
        old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def closed(connect: Callable[[], AnkiConnect]) -> AnkiConnectError | None:
    """Why Anki is closed — not running, starting, closing, busy, between two profiles: waiting
    helps — or None when it answers (with its collection open, or refusing us: a key, an old
    add-on, something else on the port, which waiting does not fix and a sync says)."""
    client = connect()
    client.timeout, client.deadline = _PROBE_TIMEOUT, 2 * _PROBE_TIMEOUT
    try:
        client.call("deckNames")
    except AnkiConnectError as exc:
        if isinstance(exc.__cause__, OSError) or "collection is not available" in str(exc):
            return exc
    return None


@dataclass
class _Loop:
    vault: Path  # resolved: the watcher reports resolved paths
    named: Path  # as the user gave it, for the lines we print
    connect: Callable[[], AnkiConnect]
    sync: Callable[[], None]
    say: Callable[[str], None]
    debounce: float
    stop: _Stop
    pending: dict[str, float] = field(default_factory=dict)  # vault path → when it changed
    first: float | None = None  # when the oldest unsynced change came
    down_since: float | None = None  # Anki is closed (we are waiting for it)
    next_probe: float = 0.0
    interval: float = POLL_MIN
    syncs: int = 0

    def changed(self, changes: set[tuple[watchfiles.Change, str]], now: float) -> None:
        for _, raw in changes:
            self.pending[Path(raw).relative_to(self.vault).as_posix()] = now
        if changes and self.first is None:
            self.first = now

    def due(self, now: float) -> bool:
        if self.down_since is not None:
            if now < self.next_probe:
                return False
            if closed(self.connect) is not None:
                self.interval = min(self.interval * 2, POLL_MAX)
                self.next_probe = now + self.interval
                return False
            self.down_since = None
            self.say("Anki is back; syncing")
            return True
        if not self.pending or self.first is None:
            return False
        quiet = now - max(self.pending.values())
        return quiet >= self.debounce or now - self.first >= max_wait(self.debounce)

    def run_sync(self) -> None:
        """One sync; Anki closed: wait for it (the changes stay pending until a sync takes
        them). Any other failure was said by `sync` itself; the next change tries again."""
        taken = dict(self.pending)
        self.pending.clear()
        self.first = None
        if taken and self.syncs:
            names = sorted(taken)
            more = f" and {len(names) - 3} more" if len(names) > 3 else ""
            self.say(f"changed: {', '.join(map(shown, names[:3]))}{more}; syncing")
        self.stop.busy = True
        try:
            self.sync()
            self.syncs += 1
            if self.syncs == 1:
                self.say(f"watching {shown(str(self.named))} for changes (Ctrl-C to stop)")
        except AnkiConnectError:
            if (why := closed(self.connect)) is None:
                raise  # Anki answers: the sync failed for a reason of its own
            self.pending = {**taken, **self.pending}
            self.first = self.first or time.monotonic()
            self.down_since = self.next_probe = time.monotonic()
            self.interval = POLL_MIN
            self.next_probe += self.interval
            url = self.connect().url
            self.say(f"Anki is not reachable at {url}; waiting for it ({why})")
        finally:
            self.stop.busy = False


def watch_vault(
    vault: Path,
    connect: Callable[[], AnkiConnect],
    sync: Callable[[], None],
    *,
    debounce: float = DEFAULT_DEBOUNCE,
    ignore: tuple[Path, ...] = (),
    say: Callable[[str], None] = lambda line: None,
    on_error: Callable[[Vault2AnkiError], None] | None = None,
    stop: Any = None,
) -> WatchEnd:
    """Sync `vault` once, then after each burst of changes, until SIGINT, SIGTERM or `stop`
    (anything with `is_set()`). `connect`: a client for the Anki `sync` syncs into (its key
    included); `ignore`: folders whose changes never start a sync (the cache folder); `say`:
    the status lines; `on_error`: a sync's own failure (not Anki being closed), after which
    the watch goes on — without it, or when the first sync fails so, the failure ends the
    watch (a wrong key, another sync that holds the lock: as `vault2anki sync` would)."""
    named, vault = vault, vault.resolve()
    also = tuple(p.resolve() for p in ignore)
    own = _Stop()
    halt = own if stop is None else _Either(own, stop)
    loop = _Loop(vault, named, connect, sync, say, debounce, own)
    changes = watchfiles.watch(
        vault,
        watch_filter=lambda _, raw: not ignored(Path(raw), vault, also),
        step=50,
        rust_timeout=_TICK_MS,
        yield_on_timeout=True,
        stop_event=halt,
        raise_interrupt=False,
    )
    with _signals(own, say), closing(changes):
        next(changes, None)  # the watcher starts here: changes during the first sync count
        _guarded(loop, None)  # the first sync: every note, whatever changed
        for batch in changes:
            now = time.monotonic()
            loop.changed(batch, now)
            if halt.is_set():
                break
            if loop.due(now):
                _guarded(loop, on_error)
    return WatchEnd(loop.syncs, sorted(loop.pending))


def _guarded(loop: _Loop, on_error: Callable[[Vault2AnkiError], None] | None) -> None:
    try:
        loop.run_sync()
    except Vault2AnkiError as exc:
        if on_error is None:
            raise
        on_error(exc)


@dataclass
class _Either:
    a: Any
    b: Any

    def is_set(self) -> bool:
        return bool(self.a.is_set() or self.b.is_set())
