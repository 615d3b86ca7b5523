"""`vault2anki sync --watch`, the command line side: sync/watch.py decides when to sync, the
sync is cli/sync.py's own (`run`), and this module prints what the watch says between syncs —
and, through `Seen`, keeps each sync from printing again the warnings the one before it did."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..errors import Vault2AnkiError
from ..export.cache import default_cache_dir
from ..model import Problem
from ..model import shown as show
from ..options import Options
from ..sync.ankiconnect import AnkiConnect
from ..sync.watch import watch_vault
from .common import fail


@dataclass
class Seen:
    """A watch's syncs replay every note's warnings from the cache: each prints only those
    the sync before it did not have (a warning fixed and back is printed again)."""

    last: set[str] = field(default_factory=set)  # the previous sync's
    now: set[str] = field(default_factory=set)  # this sync's, so far

    def fresh(self, problems: list[Problem]) -> list[Problem]:
        self.now.update(map(str, problems))
        return [p for p in problems if str(p) not in self.last]

    def next(self) -> None:
        self.last, self.now = self.now, set()


def watch_cli(
    vault: Path,
    options: Options,
    client: Callable[[], AnkiConnect],
    quiet: bool,
    debounce: float,
    run: Callable[[Seen], int],
) -> None:
    """sync/watch.py runs `run` (one sync as cli/sync.py runs it, printing as it prints)
    again after each burst of changes, until stopped."""
    seen = Seen()

    def once() -> None:
        try:
            run(seen)
        except click.ClickException as exc:  # --strict stopped this one: the next save retries
            exc.show()
        finally:
            seen.next()

    def on_error(exc: Vault2AnkiError) -> None:  # as a sync run by hand says it; then go on
        try:
            fail(exc, hint=False)
        except click.ClickException as shown:
            shown.show()

    def say(line: str) -> None:
        if not quiet:
            click.echo(line, err=True)

    end = watch_vault(
        vault,
        client,
        once,
        debounce=debounce,
        ignore=_cache_dirs(options),
        say=say,
        on_error=on_error,
    )
    left = len(end.pending)
    say(
        f"stopped watching {show(str(vault))}"
        + (f"; {left} changed files not synced yet: run the sync again" if left else "")
    )


def _cache_dirs(options: Options) -> tuple[Path, ...]:
    """The cache folder, when it is inside the vault: what a sync writes never starts one."""
    try:
        return (options.run.cache_dir or default_cache_dir(),)
    except (RuntimeError, KeyError):  # no home folder: the record is not kept anywhere
        return ()
