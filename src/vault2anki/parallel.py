"""Render a vault's notes: each note read, split into cards and rendered, cached, across cores.

The unit of work is one note file (`NoteWorker.process`): read it, find its cards, render
each with `render.render_card`, and store the result in the cache. With more than one job the
notes go, in chunks, to a pool of forked worker processes (each builds its `Renderer` once and
inherits the walked vault); results come back in vault order, so the output is the same
whatever the number of jobs. Small vaults, `jobs=1` and platforms without `fork` run serially.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .cache import Entry, RecordingVault, RenderCache, file_stat
from .decks import note_deck
from .layouts import Layout, note_cards
from .model import Problem
from .notes import read_note
from .render import Renderer, RenderOptions, render_card
from .vault import Vault

# Below this many notes per job a pool costs more (fork, start-up, pickling) than it saves.
MIN_NOTES_PER_JOB = 150
CHUNK_NOTES = 40


@dataclass
class Outcome:
    """One note's result, and whether it came from the cache."""

    entry: Entry
    hit: bool


class NoteWorker:
    def __init__(
        self,
        vault: Vault,
        layout: Layout,
        deck: str,
        deck_from_folders: bool,
        render_options: RenderOptions,
        cache: RenderCache | None,
    ) -> None:
        self.vault = vault
        self.layout = layout
        self.deck = deck
        self.deck_from_folders = deck_from_folders
        self.render_options = render_options
        self.cache = cache
        self._renderer: Renderer | None = None

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:  # built on first miss: a fully cached run never needs it
            self._renderer = Renderer(self.render_options)
        return self._renderer

    def process(self, rel: str) -> Outcome:
        path = os.path.join(self.vault.root, rel)  # str: pathlib costs more than the lookup
        key = None
        if self.cache is not None:
            try:
                st = os.stat(path)
                with open(path, "rb") as fh:
                    raw = fh.read()
            except OSError:
                pass  # read_note reports it
            else:
                key = self.cache.key(rel, raw, int(st.st_mtime))
                entry = self.cache.get(key, self.vault)
                if entry is not None:
                    return Outcome(entry, hit=True)
                before = (st.st_mtime_ns, st.st_size)
        entry = self.render(rel)
        if key is not None and file_stat(Path(path)) == before:  # unchanged while we read it
            self.cache.put(key, entry)  # type: ignore[union-attr]
        return Outcome(entry, hit=False)

    def render(self, rel: str) -> Entry:
        note_problems: list[Problem] = []
        card_problems: list[Problem] = []
        cards = []
        recorder = RecordingVault(self.vault)
        note = read_note(self.vault.abspath(rel), rel, note_problems)
        if note is not None:
            sources = note_cards(note, self.layout, note_problems)
            deck = note_deck(note, self.deck, self.deck_from_folders, note_problems) or self.deck
            for source in sources:
                card, found = render_card(self.renderer, recorder, source, deck)
                card_problems.extend(found)
                if card is not None:
                    cards.append(card)
        return Entry(note_problems, cards, card_problems, recorder.deps())


# The pool's workers inherit this through fork: the walked vault is never pickled.
_WORKER: NoteWorker | None = None


def _work_chunk(rels: list[str]) -> list[Outcome]:
    assert _WORKER is not None
    return [_WORKER.process(rel) for rel in rels]


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def process_notes(worker: NoteWorker, rels: list[str], jobs: int | None) -> list[Outcome]:
    """Every note's outcome, in the order of `rels`."""
    jobs = default_jobs() if jobs is None or jobs < 1 else jobs
    jobs = min(jobs, len(rels) // MIN_NOTES_PER_JOB)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [worker.process(rel) for rel in rels]
    global _WORKER
    _WORKER = worker
    try:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(jobs) as pool:
            out: list[Outcome] = []
            for chunk in pool.imap(_work_chunk, _chunks(rels, CHUNK_NOTES)):
                out.extend(chunk)
            return out
    finally:
        _WORKER = None
