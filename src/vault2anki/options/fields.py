"""What every options part is made of: defaults, the `cli(...)` field metadata, the error."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

DEFAULT_ANSWER_MARKERS = ("Answer", "Ответ")
DEFAULT_QUESTION_MARKERS = ("Question", "Вопрос")
DEFAULT_FLASHCARDS_TAG = "flashcards"  # the Spaced Repetition plugin's default
# Seconds of CPU per step (export/budget.py). The slowest note of the shared corpora renders in
# well under a second; hostile inputs take minutes (timings: benchmarks/README.md).
DEFAULT_BUDGET = 10.0

LinkMode = Literal["text", "obsidian"]


class OptionsError(ValueError):
    """Options that cannot go together or hold a bad value; a usage error (exit 2)."""


def cli(*, decls: tuple[str, ...] = (), writes: bool = False, **click_kwargs: Any) -> Any:
    """Field metadata: this field is a command-line option, declared with `click_kwargs`."""
    return {"cli": (decls, click_kwargs), "writes": writes}


def strings(value: Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def set_field(part: Any, name: str, value: Any) -> None:
    object.__setattr__(part, name, value)  # normalising a frozen dataclass in __post_init__
