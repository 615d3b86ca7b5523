"""`vault2anki sync`: the command line over sync/run.py (registered on the group in commands.py).

Output follows `export`: problems on stderr, one summary line on stdout, `--json`, `--strict`,
`-q`, a progress bar on a terminal; `--dry-run` lists what would change with the words `diff`
uses. Exit codes: 0 done; 1 an error in a note, `--strict` with warnings, a conflict left
unresolved (edited in Anki and in the vault: cli/conflicts.py lists it; `--prefer` resolves it),
or Anki could not be reached or refused a step (one line says what to do; a re-run finishes
the job) — an API key missing or wrong included; 2 usage. The key comes from
`--anki-connect-key`, else `ANKICONNECT_API_KEY`, else `anki-connect-key` in vault2anki.toml,
and is never printed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from ..apkg.schedule import carried
from ..errors import Vault2AnkiError
from ..export.run import plan_export
from ..identities.lockfile import strict_lock_probe
from ..model import Problem
from ..model import shown as show  # `shown` is a local name here
from ..options import Options
from ..sync.ankiconnect import DEFAULT_URL, AnkiConnect, url_problem
from ..sync.plan import Prefer, SyncOutcome
from ..sync.record import AnkiIdentity
from ..sync.run import SyncJob, apply, dry_outcome, prepare
from ..sync.watch import DEFAULT_DEBOUNCE
from ..vault.sources import prune_blockers
from .common import (
    DELETED,
    SYNC_LABELS,
    fail,
    problem_json,
    progress_bar,
    strict_gate,
)
from .conflicts import conflicts_json, print_conflicts, unresolved
from .help import GroupedCommand
from .options import VAULT, vault_options
from .problems import print_problems
from .watching import Seen, watch_cli


@dataclass(frozen=True)
class SyncFlags:
    """sync's own switches (the export options are in `Options`)."""

    prune: bool  # delete orphaned notes, unless this run skipped one
    dry_run: bool  # plan and print; change nothing, write no record and no lock
    quiet: bool  # print only errors
    as_json: bool  # a JSON report on stdout
    prefer: Prefer | None = None  # who wins a conflict (None: it is skipped, exit 1)

    @property
    def silent(self) -> bool:
        """No bar, no waiting messages: -q, or stdout holds the JSON."""
        return self.quiet or self.as_json


def _groups(job: SyncJob) -> dict[str, list[tuple[str, str]]]:
    """(source, guid) of each note per group, in the order `diff` prints them."""
    plan = job.plan
    return {
        "new": [(c.source, c.guid) for c in plan.add],
        "changed": [(c.source, c.guid) for _, c in plan.update],
        "moved": [(f"{c.source} → {c.deck}", c.guid) for c, _ in plan.move],
        "orphaned": [(r.source, r.guid) for _, r in plan.orphans],
        "kept": [(why, r.guid) for _, r, why in plan.kept],
    }


def _where(url: str, anki: AnkiIdentity | None) -> str:
    return f"{url}, profile {show(anki.profile)}" if anki is not None else url


def _summary(outcome: SyncOutcome, where: str, dry_run: bool) -> str:
    c = outcome.plan.counts()
    n = c["conflicts"]
    clash = f", {n} conflict{'s' if n > 1 else ''}" if n else ""
    if dry_run:
        return (
            f"{c['new']} new, {c['changed']} changed, {c['moved']} moved, "
            f"{c['unchanged']} unchanged, {c['orphaned']} orphaned, {c['kept']} kept, "
            f"{c['media']} media{clash} "
            f"(dry run: nothing changed in Anki at {where})"
        )
    hint = " (--prune refused)" if outcome.prune_refused else " (--prune deletes them)"
    gone = (
        f"{outcome.deleted} deleted"
        if outcome.deleted
        else f"{c['orphaned']} orphaned" + (hint if c["orphaned"] else "")
    )
    if c["kept"]:
        gone += f", {c['kept']} kept (source skipped this run)"
    progress = carried(outcome.plan.add)  # the importer keeps it: apkg/schedule.py
    return (
        f"{c['new']} added{f' ({progress})' if progress else ''}, {c['changed']} updated, "
        f"{c['moved']} moved, {c['unchanged']} unchanged, {gone}, {c['media']} media{clash} → "
        f"Anki at {where}"
    )


def _json(job: SyncJob, outcome: SyncOutcome, url: str, dry_run: bool) -> dict[str, Any]:
    problems = job.result.problems + outcome.report.problems
    return {
        "anki_connect": url,
        "anki_profile": job.anki.profile if job.anki is not None else None,
        "dry_run": dry_run,
        "counts": {**outcome.plan.counts(), "deleted": outcome.deleted},
        "rescanned": outcome.rescanned,  # notes read back from Anki (no record of them)
        "requests": outcome.requests,  # HTTP requests to AnkiConnect
        **{k: [{"source": s, "guid": g} for s, g in v] for k, v in _groups(job).items()},
        "kept": [{"source": r.source, "guid": r.guid, "why": why} for _, r, why in job.plan.kept],
        "conflicts": conflicts_json(job.plan.conflicts),
        "prune_refused": outcome.prune_refused,
        "warnings": [problem_json(p) for p in problems if p.level == "warning"],
        "errors": [problem_json(p) for p in problems if p.level == "error"],
    }


def _print(
    job: SyncJob, outcome: SyncOutcome, url: str, flags: SyncFlags, seen: Seen | None
) -> None:
    if flags.as_json:
        click.echo(json.dumps(_json(job, outcome, url, flags.dry_run), ensure_ascii=False))
        errors = [p for p in job.result.problems if p.level == "error"]
        errors = _fresh(errors, seen) + [p for p in outcome.report.problems if p.level == "error"]
        print_problems(errors, flags.quiet, hint=False)  # as export does
        return
    print_problems(outcome.report.problems, flags.quiet, hint=False)
    groups = _groups(job)
    kinds = groups if flags.dry_run else ("orphaned", "kept")  # as diff orders them
    shown = {k: SYNC_LABELS[k] for k in kinds}
    if outcome.deleted:
        shown["orphaned"] = DELETED
    if not flags.quiet:
        print_conflicts(job.plan.conflicts, err=not flags.dry_run)
        for kind, label in shown.items():
            if groups[kind]:
                click.echo(f"{label}: {len(groups[kind])}", err=not flags.dry_run)
                for source, guid in groups[kind]:
                    click.echo(f"    {show(source)}  [{guid}]", err=not flags.dry_run)
        click.echo(_summary(outcome, _where(url, job.anki), flags.dry_run))


def _run(
    vault: Path,
    options: Options,
    url: str,
    client: Callable[[], AnkiConnect],
    flags: SyncFlags,
    seen: Seen | None = None,
) -> int:
    """One sync; its exit code. `seen`: in a watch, the problems the last sync printed."""
    client().check_version()  # before rendering: no Anki, no reason to wait
    with progress_bar("Rendering", flags.silent) as bar:
        result = plan_export(options, bar)
    # --strict: an export option (options/parts.py)
    strict_gate(result.problems, options.run.strict, "nothing changed in Anki", hint=False)
    if options.run.strict and result.lock is not None and not result.lock.same_as(result.old_lock):
        strict_lock_probe(vault, "nothing changed in Anki", result.problems)
    if not flags.as_json:
        print_problems(_fresh(result.problems, seen), flags.quiet, hint=False)
    blockers = prune_blockers(result.problems) if flags.prune else []
    shown = len(result.problems)
    job = prepare(
        result,
        vault,
        url,
        use_cache=not options.run.no_cache,
        cache_dir=options.run.cache_dir,
        lock=not flags.dry_run,
        on_wait=None if flags.silent else lambda m: click.echo(m, err=True),
        client=client(),
        prefer=flags.prefer,
    )
    try:
        if not flags.as_json:  # the sync record has no home, a record entry was wrong
            print_problems(_fresh(result.problems[shown:], seen), flags.quiet, hint=False)
        outcome = _apply(job, vault, flags, prune=flags.prune and not blockers)
    finally:
        job.close()
    if blockers and job.plan.orphans:
        outcome.prune_refused = _refusal(len(blockers), len(job.plan.orphans), flags.dry_run)
    _print(job, outcome, url, flags, seen)
    if outcome.prune_refused is not None:
        click.echo(f"Error: {outcome.prune_refused}", err=True)
    if clashes := unresolved(job.plan.conflicts):
        click.echo(
            f"Error: {clashes} {'note was' if clashes == 1 else 'notes were'} edited in Anki and "
            "in the vault since the last sync "
            "(listed above; left as they are in Anki) — sync with --prefer vault or --prefer "
            "anki, or make the two agree",
            err=True,
        )
    failed = (
        result.errors
        or clashes
        or outcome.prune_refused is not None
        or any(p.level == "error" for p in outcome.report.problems)
    )
    return 1 if failed else 0


def _fresh(problems: list[Problem], seen: Seen | None) -> list[Problem]:
    return problems if seen is None else seen.fresh(problems)


def _apply(job: SyncJob, vault: Path, flags: SyncFlags, *, prune: bool) -> SyncOutcome:
    if flags.dry_run:
        return dry_outcome(job)
    with progress_bar("Syncing", flags.silent) as bar:
        return apply(job, vault, prune=prune, progress=bar)


def _refusal(problems: int, orphans: int, dry_run: bool) -> str:
    # A note renamed and skipped (or failing) in the same run looks gone under its old name:
    # only a run that read every note can tell an orphan from a note it missed.
    verb = "would delete" if dry_run else "deleted"
    return (
        f"--prune {verb} nothing ({orphans} orphaned kept): this run had {problems} errors or "
        "skipped notes (above), and a note missing from such a run may still be in the vault "
        "— fix them and sync again"
    )


def _key_origin() -> str:
    """Where --anki-connect-key's value came from, for the message when Anki refuses it: the
    flag wins over the environment variable, which wins over the options file."""
    source = click.get_current_context().get_parameter_source("key")
    if source == ParameterSource.COMMANDLINE:
        return "--anki-connect-key"
    if source == ParameterSource.ENVIRONMENT:
        return "ANKICONNECT_API_KEY"
    return "anki-connect-key in the options file"  # config.py fills it in as a default


def _url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A malformed --anki-connect is a usage error (exit 2), said before anything runs."""
    problem = url_problem(value)
    if problem is not None:
        raise click.BadParameter(problem, ctx, param)
    return value


def _checked_watch(watch: bool, dry_run: bool, debounce: float | None) -> bool:
    """Whether to watch. `watch = true` or `debounce` in vault2anki.toml are defaults for
    the days one watches: a `--dry-run` typed on the command line is one look, not a watch,
    and a debounce from the file is only used by a watch. Typed together, they clash."""
    typed = click.get_current_context().get_parameter_source
    if watch and dry_run:
        if typed("watch") is ParameterSource.COMMANDLINE or typed("dry_run") is not (
            ParameterSource.COMMANDLINE
        ):
            raise click.UsageError("--watch changes Anki on every save: leave out --dry-run")
        return False
    if debounce is not None and not watch and typed("debounce") is ParameterSource.COMMANDLINE:
        raise click.UsageError("--debounce is for --watch")
    return watch


@click.command(name="sync", cls=GroupedCommand)
@VAULT
@click.option(
    "--anki-connect",
    "url",
    default=DEFAULT_URL,
    show_default=True,
    metavar="URL",
    callback=_url,
    help="Where AnkiConnect listens (the add-on's webBindAddress and webBindPort).",
)
@click.option(
    "--anki-connect-key",
    "key",
    envvar="ANKICONNECT_API_KEY",
    show_envvar=True,
    metavar="KEY",
    help="AnkiConnect's API key, when its apiKey setting has one.",
)
@click.option("--prune", is_flag=True, help="Delete orphaned notes (gone from the vault).")
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
@click.option(
    "--prefer",
    type=click.Choice(["vault", "anki"]),
    default=None,
    help="Who wins a note edited in Anki and in the vault since the last sync (a conflict): "
    "vault overwrites Anki's edit, anki keeps it. Without it, such notes are skipped and "
    "listed, and sync exits 1. --no-cache --prefer vault restores the vault's text over "
    "every edit made in Anki.",
)
@click.option(
    "--watch", is_flag=True, help="After the sync, sync again whenever the vault changes."
)
@click.option(
    "--debounce",
    type=click.FloatRange(min=0.0),
    default=None,
    metavar="SECONDS",
    help=f"With --watch: sync once the vault is quiet this long [default: {DEFAULT_DEBOUNCE:g}].",
)
@vault_options(writes=True, without=("output",))  # writes no .apkg
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report on stdout.")
def sync(
    vault: Path,
    options: Options,
    url: str,
    key: str | None,
    prune: bool,
    dry_run: bool,
    prefer: Prefer | None,
    watch: bool,
    debounce: float | None,
    quiet: bool,
    as_json: bool,
) -> None:
    """Push VAULT into a running Anki through AnkiConnect: add, update, move, and with --prune
    delete; review history is kept."""
    watch = _checked_watch(watch, dry_run, debounce)
    flags = SyncFlags(prune, dry_run, quiet, as_json, prefer)
    try:
        origin = _key_origin()

        # A key of "" (an empty env var or toml value) is no key. A closure, not a
        # functools.partial: a partial's repr would show the key.
        def client() -> AnkiConnect:
            return AnkiConnect(url, key=key or None, key_origin=origin)

        if watch:
            wait = DEFAULT_DEBOUNCE if debounce is None else debounce
            watch_cli(
                vault,
                options,
                client,
                flags.quiet,
                wait,
                lambda seen: _run(vault, options, url, client, flags, seen),
            )
        elif code := _run(vault, options, url, client, flags):
            sys.exit(code)
    except Vault2AnkiError as exc:  # FrozenLockError, AnkiConnectError included: exit 1
        fail(exc, hint=False)
    except KeyboardInterrupt:
        click.echo("interrupted; run the sync again to finish it", err=True)
        sys.exit(130)
