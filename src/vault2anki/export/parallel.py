"""Render a vault's notes: each note read, split into cards and rendered, cached, across cores.

The unit of work is one note file (`NoteWorker.process`): read it, find its cards, render
each with `render.render_card` and give it its identity (`identity.identify`), within a time
budget (`budget.time_budget`), and pack the result (`packed.Packed`). The main process looks
the notes up in the cache a batch at a time and takes the hits; the misses go, with more than
one job, in chunks to forked worker processes (`pool.run_pool`: each builds its `Renderer`
once and inherits the walked vault) as soon as they are found, and the main process checks
and stores what they rendered in the cache as chunks arrive. Results come back in vault
order, so the output is the same whatever the number of jobs. Small vaults, `jobs=1` and
platforms without `fork` run serially.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, count, islice
from typing import TypeVar

from ..cards.signals import Signals
from ..chunks import chunks, usable_cores
from ..model import Problem
from ..options import Options
from ..pipeline import one_note
from ..render.imagestore import ImageStore
from ..render.renderer import Renderer
from ..report import Report
from ..vault.walk import Vault
from .budget import NoteTimeout, time_budget
from .cache import RenderCache
from .deps import RecordingVault, file_stat
from .packed import Entry, Packed
from .pool import Task, run_pool

# Below this many notes per job a pool costs more (fork, start-up, pickling) than it saves.
MIN_NOTES_PER_JOB = 150
CHUNK_NOTES = 40
LOOKUP_BATCH = 500  # cache keys fetched per query

T = TypeVar("T")
Miss = tuple[str, str | None]  # a note to render, and the cache key to store it under
Progress = Callable[[int, int], None]  # (notes done, notes in all), called as notes finish


@dataclass(slots=True)  # one per note, held until every note is done: no __dict__ each
class Outcome:
    """One note's result, and whether it came from the cache."""

    note_problems: Sequence[Problem]  # reading it, finding its cards
    card_problems: Sequence[Problem]  # rendering them
    note: Packed | None  # its cards, packed; None once spooled
    hit: bool
    store: str | None = None  # the cache key to store a rendered (missed) note under
    stored: bool = False  # its cards went into the export's card store (store.py)
    signals: Signals | None = None  # what it shows of other layouts (cards/signals.py)


class NoteWorker:
    def __init__(
        self,
        vault: Vault,
        options: Options,
        cache: RenderCache | None,
        images: ImageStore | None = None,
    ) -> None:
        self.vault = vault
        self.options = options
        self.cache = cache
        self.images = images  # --images optimize: where the copies go (render/imagestore.py)
        self.budget = options.run.time_budget  # CPU seconds per step (reading, each card); 0: none
        self._renderer: Renderer | None = None
        # rel → _stamp of the file when its cache key was taken. One int, not a (mtime, size)
        # tuple: a cold export holds one per note when it forks its workers.
        self._read_stat: dict[str, int] = {}

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:  # built on first miss: a fully cached run never needs it
            self._renderer = Renderer(self.options.render, self.images)
        return self._renderer

    def note_key(self, rel: str) -> str | None:
        """The cache key of a note as it is now (None without a cache or if unreadable)."""
        if self.cache is None:
            return None
        path = os.path.join(self.vault.root, rel)  # str: pathlib costs more than the lookup
        try:
            st, raw = _stat_and_read(path)
        except OSError:
            return None  # read_note reports it
        # Keyed by what was read now; stored only if the file is still that after rendering.
        self._read_stat[rel] = _stamp((st.st_mtime_ns, st.st_size))
        return self.cache.key(rel, raw)

    def cached(self, rel: str, key: str | None) -> Outcome | None:
        """The cached outcome under `key`, if there is one and all it depended on still holds."""
        if key is None or self.cache is None:
            return None
        stamp = self._read_stat.get(rel)
        mtime = (stamp >> _SIZE_BITS) // 1_000_000_000 if stamp is not None else 0
        found = self.cache.get(key, self.vault, mtime)
        if found is None:
            return None
        meta, note = found
        return Outcome(meta.note_problems, meta.card_problems, note, True, signals=meta.signals)

    def process(self, rel: str, key: str | None = None) -> Outcome:
        """Render a note (a cache miss), packed here (in the worker: the main process only
        passes the bytes on); the caller stores it under `store` (may be None)."""
        try:
            entry, store = self.render(rel), key
        except NoteTimeout:
            # Interrupted mid-conversion, a Markdown instance keeps broken state: build anew.
            self._renderer = None
            # Not stored: with a larger budget the same note may render.
            entry, store = _over_budget(rel, self.budget), None
        problems = (entry.note_problems, entry.card_problems)
        return Outcome(*problems, Packed.of(entry), False, store, signals=entry.signals)

    def storable(self, rel: str, outcome: Outcome) -> Outcome:
        """`outcome` as the cache may keep it: keyed by the bytes read at lookup, stored only
        if the file is still that now, after rendering. In the main process: a worker forked
        before the note was looked up does not know what was read then."""
        if outcome.store is not None:
            stat = file_stat(os.path.join(self.vault.root, rel))
            if stat is None or _stamp(stat) != self._read_stat.get(rel):
                outcome.store = None
        return outcome

    def render(self, rel: str) -> Entry:
        """`pipeline.one_note`, recording what it read from the rest of the vault (for the
        cache). Raises NoteTimeout if reading the note, or rendering any one of its cards,
        takes longer than the budget: per step, so a note of 10,000 quick cards still renders."""
        recorder = RecordingVault(self.vault)
        budget = self.budget
        done = one_note(rel, recorder, self.options, self.renderer, lambda: time_budget(budget))
        deps = recorder.deps()
        return Entry(done.reading, done.cards, done.rendering, deps, done.mtime, done.signals)


def _stat_and_read(path: str) -> tuple[os.stat_result, bytes]:
    """A file's stat and bytes through one descriptor: half the cost of `os.stat` and
    `open().read()` (a warm export does this for every note)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        raw = os.read(fd, st.st_size + 1)
        if len(raw) > st.st_size:  # it grew since: read on to the end, like read() would
            parts = [raw]
            while part := os.read(fd, 1 << 20):
                parts.append(part)
            raw = b"".join(parts)
        return st, raw
    finally:
        os.close(fd)


_SIZE_BITS = 48  # sizes below 256 TiB: (mtime, size) packed into one int without loss


def _stamp(stat: tuple[int, int]) -> int:
    mtime_ns, size = stat
    return mtime_ns << _SIZE_BITS | (size & ((1 << _SIZE_BITS) - 1))


def _over_budget(rel: str, budget: float) -> Entry:
    message = (
        f"rendering took longer than {budget:g} s, so this note is skipped — look for a very "
        "long line (thousands of brackets or backticks), split the note, or raise --time-budget"
    )
    report = Report()
    report.error(rel, None, "note-too-slow", message)
    return Entry(report.problems, [], [])


def default_jobs() -> int:
    return usable_cores()


def _as_is(rel: str, outcome: Outcome) -> Outcome:
    return outcome


def process_notes(
    worker: NoteWorker,
    rels: list[str],
    jobs: int | None,
    progress: Progress | None = None,
    keep: Callable[[str, Outcome], Outcome] = _as_is,
) -> list[Outcome]:
    """Every note's outcome as `keep` makes it when it arrives, in the order of `rels`.

    Cache hits are taken here, in this process (a hit costs less than sending its cards back
    from a worker); only the misses are rendered, over `jobs` processes when there are enough.
    The notes are looked up while the workers render the misses found so far: looking up a
    whole vault first kept both cores idle (benchmarks/README.md).
    `keep(rel, outcome)` sees each outcome once, as it arrives (an export puts its cards in
    its card store there: with a spool, nothing holds every rendered card at once).
    """
    outcomes: dict[str, Outcome] = {}
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, len(rels))

    def finished(chunk: list[tuple[str, Outcome]]) -> None:
        chunk = [(rel, worker.storable(rel, outcome)) for rel, outcome in chunk]
        # Stored as they arrive (a batch at a time): holding every pickled note until the end
        # doubled peak memory.
        if worker.cache is not None:
            stored = [(o.store, o.note) for _, o in chunk if o.store is not None and o.note]
            worker.cache.put_many(stored)
        outcomes.update((rel, keep(rel, outcome)) for rel, outcome in chunk)
        advance(len(chunk))

    advance(0)
    found = _misses(worker, rels, finished)
    jobs = default_jobs() if jobs is None or jobs < 1 else jobs
    # Enough misses for every job, or all there are: the same choice as counting them all.
    first = list(islice(found, MIN_NOTES_PER_JOB * jobs))
    jobs = min(jobs, len(first) // MIN_NOTES_PER_JOB)
    misses = chain(first, found)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for group in chunks(misses, CHUNK_NOTES):
            finished([(rel, worker.process(rel, key)) for rel, key in group])
    else:
        _in_pool(worker, misses, jobs, finished)
    if worker.cache is not None:
        worker.cache.flush()
    return [outcomes[rel] for rel in rels]


def _misses(
    worker: NoteWorker, rels: list[str], hits: Callable[[list[tuple[str, Outcome]]], None]
) -> Iterator[Miss]:
    """The notes the cache cannot give, looked up a batch at a time; `hits(found)` with the
    (note, outcome) of each batch's notes it can give."""
    for batch in chunks(rels, LOOKUP_BATCH):
        keys = [worker.note_key(rel) for rel in batch]
        if worker.cache is not None:
            worker.cache.prefetch([k for k in keys if k is not None])
        found, missed = [], []
        for rel, key in zip(batch, keys, strict=True):
            outcome = worker.cached(rel, key)
            if outcome is not None:
                found.append((rel, outcome))
            else:
                missed.append((rel, key))
        if found:
            hits(found)
        yield from missed


def _in_pool(
    worker: NoteWorker,
    misses: Iterable[Miss],
    jobs: int,
    finished: Callable[[list[tuple[str, Outcome]]], None],
) -> None:
    def arrived(tasks: list[Task], chunk: list[Outcome]) -> None:
        finished([(rel, outcome) for (_, rel, _), outcome in zip(tasks, chunk, strict=True)])

    # Made a chunk at a time, as the lookups find misses: never a task per note all at once.
    tasks = (
        [(i, rel, key) for i, (rel, key) in enumerate(group, start)]
        for start, group in zip(count(0, CHUNK_NOTES), chunks(misses, CHUNK_NOTES))
    )
    run_pool(worker.process, tasks, jobs, arrived)
