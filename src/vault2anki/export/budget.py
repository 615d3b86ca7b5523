"""A time budget per rendering step (reading a note, then each of its cards): a note with a
step over it is given up, the export goes on.

A Markdown engine can be super-linear on inputs nobody has found yet (Python-Markdown, the
engine before this one, took minutes over 20,000 `[` in one paragraph), and no bound on input
size alone catches every such case. An interval timer on the process's own
CPU time (ITIMER_VIRTUAL, SIGVTALRM) interrupts the rendering wherever it is — Python code and
`re` matching both check for signals — by raising `NoteTimeout`, a BaseException so that no
`except Exception` on the way swallows it.

Signals reach only the main thread of a process: the pool's workers render there, and so does a
serial export from the CLI. Elsewhere (a library caller's thread, no interval timers on the
platform) there is no budget.

CPU time, not wall-clock time: a release deck built on a loaded CI runner must hold the same
cards as one built on an idle laptop. A note waiting for a core is not a slow note.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class NoteTimeout(BaseException):
    """The note being rendered used up its time budget."""


class _Armed:
    on = False  # the handler raises only while a budget is running


def _expired(signum: int, frame: FrameType | None) -> None:
    if _Armed.on:
        raise NoteTimeout


# After the budget, the timer fires again every REPEAT seconds until the block is left: an
# exception raised where Python cannot pass it on (a gc callback, a __del__) is only printed,
# and the next one lands elsewhere.
REPEAT = 0.05


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise NoteTimeout inside the block once it has run `seconds` (0 or less: no limit)."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGVTALRM, _expired)
    _Armed.on = True
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds, REPEAT)
    try:
        yield
    finally:
        # Disarmed first: a signal landing between the two lines is then ignored, not raised.
        _Armed.on = False
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


@contextmanager
def paused() -> Iterator[None]:
    """The running budget stopped inside the block and resumed after it, with the time it had
    left (render/imagestore.py: making an image is not rendering the card)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    left, repeat = signal.setitimer(signal.ITIMER_VIRTUAL, 0)
    try:
        yield
    finally:
        if left or repeat:
            signal.setitimer(signal.ITIMER_VIRTUAL, max(left, 1e-6), repeat)
