"""What `export`, `check`, `preview` (commands.py) and `sync` (sync.py) print alike: problems on
stderr (grouped by kind: problems.py), their JSON form, the `--strict` stop, and a progress bar
for long runs."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import click

from ..cards.detect import Advice
from ..errors import Vault2AnkiError
from ..kinds import kind_of
from ..model import Problem, shown
from ..options import FIELD_PART, Options
from .problems import print_problems


def problem_json(problem: Problem) -> dict[str, Any]:
    """A problem as `--json` reports it; `not_read`: its note was not read this run (so
    `sync --prune` deletes nothing while it stands)."""
    return {**dataclasses.asdict(problem), "not_read": kind_of(problem.kind).not_read}


def shown_lines(text: str) -> str:
    """A message of one or more lines (a frozen lock lists its changes) with every name in it
    escaped (model.shown): control characters never reach the terminal."""
    return "\n".join(shown(line) for line in text.split("\n"))


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def _origins(options: Options) -> list[tuple[str, Any, str]]:
    """(option, value, where it came from) of each option that shapes cards and is not at its
    built-in default; how the run goes (`--jobs`, `--no-cache`, …) is left out."""
    return [
        (name.replace("_", "-"), getattr(getattr(options, FIELD_PART[name]), name), origin)
        for name, origin in options.origins
        if FIELD_PART[name] != "run"
    ]


def print_origins(options: Options) -> None:
    """`check`: each setting not at its default, its value and where it came from (a flag,
    vault2anki.toml, the Spaced Repetition plugin's data.json), on stderr."""
    for option, value, origin in _origins(options):
        click.echo(shown(f"setting: {option} = {_value(value)} (from {origin})"), err=True)


def origins_json(options: Options) -> list[dict[str, Any]]:
    """`check --json`'s `settings`: the same, as {option, value, from}."""
    return [
        {
            "option": option,
            "value": list(value) if isinstance(value, tuple) else value,
            "from": origin,
        }
        for option, value, origin in _origins(options)
    ]


def print_advice(advice: Sequence[Advice], quiet: bool) -> None:
    """The one `hint:` line of layout detection (cards/detect.py): the layout the options
    miss that gives most cards, with the flags that read it."""
    if advice and not quiet:
        click.echo(advice[0].line(), err=True)


# The words `diff` and `sync` print for each kind of change, in one table: the same kind reads
# the same in both; where they differ, it is what each does about it (an .apkg cannot delete).
LABELS = {
    "new": "+ new (will be added)",
    "changed": "~ changed (will be updated)",
    "stale": "! changed but not newer (Anki will skip; re-export)",
    "moved": "> moved (cards will change deck)",
    "orphaned": "- orphaned (gone from the vault; delete in Anki by hand)",
    "kept": "= kept (source skipped this run; not gone, do not delete)",
}
SYNC_LABELS = {
    **LABELS,
    "orphaned": "- orphaned (gone from the vault; deleted with --prune)",
    "kept": "= kept (source skipped this run; not an orphan, never deleted)",
}
DELETED = "- orphaned (gone from the vault): deleted"  # sync --prune, once it has


def fail(exc: Vault2AnkiError, *, hint: bool = True, problems: bool = True) -> NoReturn:
    """A library failure as click's error (`Error: …` on stderr, exit 1), after the problems
    the run found before it (they may explain it; `diff` leaves them out). Every command turns
    `Vault2AnkiError` and its kinds (no cards, a frozen lock, AnkiConnect) into a message here."""
    if problems:
        print_problems(exc.problems, quiet=False, hint=hint)
    raise click.ClickException(shown_lines(str(exc))) from exc


class Bar:
    """A progress bar on stderr for work that takes a while; only on a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._bar: Any = None

    def update_to(self, done: int, total: int) -> None:
        if self._bar is None:
            if total < 500:  # small vaults finish before a bar could say anything
                return
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._bar.pos)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@contextmanager
def progress_bar(label: str, quiet: bool = False) -> Iterator[Callable[[int, int], None] | None]:
    """`with progress_bar("Rendering", quiet) as bar:` gives the progress callback to pass on
    (None when no bar is drawn); the bar is closed when the block ends, however it ends."""
    # Never in pipes or CI logs: a bar there is just noise.
    if quiet or not sys.stderr.isatty() or os.environ.get("CI"):
        yield None
        return
    bar = Bar(label)
    try:
        yield bar.update_to
    finally:
        bar.close()


def strict_gate(problems: list[Problem], strict: bool, nothing: str, hint: bool = True) -> None:
    """`--strict`: any problem stops the command (exit 1) before it writes or changes anything;
    `nothing` says what was spared ("nothing written")."""
    if strict and problems:
        print_problems(problems, quiet=False, hint=hint)
        raise click.ClickException(f"{len(problems)} problems and --strict: {nothing}")
