"""One `vault2anki sync` of a vault into one Anki at a time.

Two syncs at once would both read Anki, both import the same new notes and then each record
the other's note ids as its own (issue 24: 870 of 1,000 notes got another note's content). A
sync holds an exclusive `fcntl.flock` on a file next to its record for as long as it reads
and changes Anki; the kernel drops it when the process ends, however it ends, so a lock is
never left behind. The file holds who has it (pid, host, start time) for the message a
second sync prints when it has waited long enough.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ..errors import Vault2AnkiError

# How long a second sync waits for the first to finish (seconds); VAULT2ANKI_SYNC_WAIT changes
# it (0: do not wait).
DEFAULT_WAIT = 120.0
_POLL = 0.2


class SyncBusyError(Vault2AnkiError):
    """Another sync of the same vault into the same Anki holds the lock."""


def _wait_limit() -> float:
    try:
        return max(0.0, float(os.environ.get("VAULT2ANKI_SYNC_WAIT", DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        return f"pid {int(info['pid'])} on {info['host']}, started {info['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "a process that did not say who it is"


@contextmanager
def sync_lock(path: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the sync lock at `path` for the `with` block; wait a bounded time for it, then
    raise SyncBusyError naming who holds it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise Vault2AnkiError(
            f"cannot create the sync lock {path} ({exc.strerror or exc}); make its folder "
            "writable, or set XDG_CACHE_HOME to a writable folder"
        ) from exc
    try:
        deadline = time.monotonic() + _wait_limit()
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise Vault2AnkiError(
                        f"cannot lock {path} ({exc.strerror or exc}); set XDG_CACHE_HOME to a "
                        "folder on a local disk"
                    ) from exc
            if time.monotonic() >= deadline:
                raise SyncBusyError(
                    f"another vault2anki sync of this vault into this Anki is running "
                    f"({_holder(path)}); wait for it to finish and sync again (lock: {path})"
                )
            if on_wait is not None and not told:
                on_wait(f"waiting for the sync already running ({_holder(path)})")
                told = True
            time.sleep(_POLL)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        info = {"pid": os.getpid(), "host": socket.gethostname(), "started": started}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the file releases the lock
