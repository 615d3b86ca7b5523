"""Run note rendering on forked worker processes, and know which note a dying worker had.

Not `multiprocessing.Pool`: a worker killed by the OOM killer or a SIGKILL leaves it waiting
forever for a result that never comes. `concurrent.futures` notices a broken pool but cannot say
which note broke it. Here each worker is a forked process with its own pipe; the main process
waits on the pipes and on the processes' sentinels together, so a death is seen at once, and
each worker publishes the note it is on in shared memory, so the error can name that note.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from ..errors import Vault2AnkiError

R = TypeVar("R")
Task = tuple[int, str, str | None]  # (position in the caller's list, note, cache key)
Work = Callable[[str, str | None], R]
IDLE = -1


class WorkerDiedError(Vault2AnkiError):
    """A worker process ended without being asked to (killed, out of memory, crashed)."""

    def __init__(self, rel: str | None, exitcode: int | None) -> None:
        how = _describe_exit(exitcode)
        where = f"{rel}: the worker process rendering this note" if rel else "a worker process"
        super().__init__(
            f"{where} died ({how}); nothing written, an existing package is unchanged — if it "
            "ran out of memory, export again with --jobs 1 or with more memory"
        )
        self.rel = rel
        self.exitcode = exitcode


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}" + (", e.g. by the out-of-memory killer" if code == -9 else "")
    return f"exit status {code}"


def _child(conn: Connection, slot: int, current: Any, work: Work[Any]) -> None:
    """A worker's loop: receive a chunk of tasks, render each, send the results back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process to handle
    while True:
        try:
            tasks = conn.recv()
        except EOFError:
            return
        if tasks is None:
            return
        out = []
        for index, rel, key in tasks:
            current[slot] = index  # read by the main process only if this process dies
            out.append(work(rel, key))
        current[slot] = IDLE
        conn.send(out)


@dataclass
class _Worker(Generic[R]):
    slot: int
    process: BaseProcess
    conn: Connection
    chunk: list[Task] | None = None  # what it is rendering; None: idle


def _rendering(worker: _Worker[Any], current: Any) -> str | None:
    """The note a worker was on: the one it published, else the first of its chunk."""
    if worker.chunk is None:
        return None
    index = current[worker.slot]
    for task in worker.chunk:
        if task[0] == index:
            return task[1]
    return worker.chunk[0][1]


def run_pool(
    work: Work[R],
    chunks: Iterable[list[Task]],
    jobs: int,
    on_chunk: Callable[[list[Task], list[R]], None],
) -> None:
    """Render every chunk on `jobs` forked processes; `on_chunk(tasks, results)` as each ends.

    `work` reaches the workers through fork, never pickled. Raises WorkerDiedError (after
    stopping the other workers) when a worker dies.
    """
    ctx = multiprocessing.get_context("fork")
    current = ctx.RawArray("q", jobs)  # the note each worker is on (a Task index), or IDLE
    workers: list[_Worker[R]] = []
    pending = iter(chunks)
    failed = True
    try:
        for slot in range(jobs):
            current[slot] = IDLE
            parent, child = ctx.Pipe()
            process = ctx.Process(target=_child, args=(child, slot, current, work), daemon=True)
            process.start()
            child.close()
            workers.append(_Worker(slot, process, parent))
        for worker in workers:
            _assign(worker, pending, current)
        _drive(workers, pending, current, on_chunk)
        failed = False
    finally:
        _stop(workers, failed)


def _assign(worker: _Worker[Any], pending: Iterator[list[Task]], current: Any) -> None:
    worker.chunk = next(pending, None)
    if worker.chunk is not None:
        current[worker.slot] = worker.chunk[0][0]
        # A dead worker's pipe refuses the chunk; its sentinel says so on the next wait.
        with contextlib.suppress(OSError):
            worker.conn.send(worker.chunk)


def _drive(
    workers: list[_Worker[R]],
    pending: Iterator[list[Task]],
    current: Any,
    on_chunk: Callable[[list[Task], list[R]], None],
) -> None:
    while True:
        busy = [w for w in workers if w.chunk is not None]
        if not busy:
            return
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
        for worker in busy:
            if worker.conn in ready:
                try:
                    results = worker.conn.recv()
                except (EOFError, OSError):
                    _died(worker, current)
                done = worker.chunk
                assert done is not None
                _assign(worker, pending, current)  # keep it busy while we store the results
                on_chunk(done, results)
            elif worker.process.sentinel in ready:
                _died(worker, current)


def _died(worker: _Worker[Any], current: Any) -> None:
    worker.process.join(5)  # it has ended (sentinel or closed pipe): reap it for its status
    raise WorkerDiedError(_rendering(worker, current), worker.process.exitcode)


def _stop(workers: list[_Worker[Any]], failed: bool) -> None:
    for worker in workers:
        if failed:
            worker.process.kill()  # mid-note perhaps; nothing it does matters any more
        else:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
    for worker in workers:
        worker.process.join()
        worker.conn.close()
