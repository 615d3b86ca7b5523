"""Two small things several stages need alike: items in chunks of at most `size` (the worker
pool's chunks and cache lookups, the spool's fetches, AnkiConnect's batches, media uploads),
and how many cores this process may use (the worker pool, the package's deflate threads)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in consecutive lists of at most `size`, taken as they come (an iterator too)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def usable_cores() -> int:
    """The cores this process may run on (its affinity on Linux, else the machine's), ≥ 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
