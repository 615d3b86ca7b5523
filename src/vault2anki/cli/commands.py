"""Command line: parses options and calls the library; library errors become messages here.

Exit codes: 0 success; 1 no deck could be made, an error in a note, `--strict` with warnings,
`--frozen` with a lock that would change, `check` / `preview` finding no card, or `init`
finding a vault2anki.toml (without `--force`); 2 usage
errors (click's own); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import click

from .. import __version__
from ..apkg.diff import Diff, cards_as_notes, diff_notes, read_package
from ..apkg.schedule import carried
from ..errors import Vault2AnkiError
from ..export.limits import mib
from ..export.run import ExportResult, build, check_limits, plan_export, write_export
from ..export.spool import CardSpool
from ..model import shown
from ..options import Options
from ..preview import default_preview_dir, write_preview
from ..render.sanitize import first_line, html_to_text, text_lines
from .common import (
    LABELS,
    fail,
    origins_json,
    print_advice,
    print_origins,
    problem_json,
    progress_bar,
    strict_gate,
)
from .help import GroupedCommands
from .options import VAULT, vault_options
from .problems import print_problems


@click.group(cls=GroupedCommands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vault2anki")
def main() -> None:
    """Turn an Obsidian vault of question notes into an Anki deck (.apkg)."""


@main.command()
@VAULT
@vault_options(writes=True)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print every card exported, and every warning.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print a JSON report on stdout (counts, problems, output, sha256).",
)
def export(vault: Path, options: Options, quiet: bool, verbose: bool, as_json: bool) -> None:
    """Export VAULT to an Anki package that re-imports as updates."""
    to_stdout = options.run.output == Path("-")
    if to_stdout:
        _check_stdout(as_json)
    with tempfile.TemporaryDirectory(prefix="vault2anki-") as tmp:
        if to_stdout:  # written whole, then streamed: a failed export sends no bytes
            options = options.replace(output=Path(tmp) / "deck.apkg")
        result = _run_export(options, quiet or as_json, _to_stdout if to_stdout else None)
    if as_json:
        click.echo(json.dumps(_export_json(result), ensure_ascii=False, indent=2))
        print_problems([p for p in result.problems if p.level == "error"], quiet)
    else:
        print_problems(result.problems, quiet, every=verbose)
        print_advice(result.advice, quiet)
        if result.relinked is not None and not quiet:
            click.echo(str(result.relinked), err=True)
        if verbose:
            for card in result.cards:
                click.echo(f"{card.guid}  {shown(card.source)}:{card.source_line}", err=True)
        if not quiet:
            target = "stdout" if to_stdout else str(result.output)
            click.echo(_summary(result, target, progress=carried(result.cards)), err=to_stdout)
    if result.errors or (options.run.strict and result.warnings):
        # The deck holds everything else; the exit code still tells scripts and CI. A warning
        # under --strict here came after the deck was written: the lock could not be.
        sys.exit(1)


def _to_stdout(deck: Path) -> None:
    """Stream the written deck to stdout; a full disk or a closed pipe is a message."""
    try:
        with deck.open("rb") as fh:
            stdout: BinaryIO = sys.stdout.buffer
            shutil.copyfileobj(fh, stdout)
            stdout.flush()
    except OSError as exc:
        _silence_stdout()
        raise Vault2AnkiError(
            f"cannot write the deck to stdout: {exc.strerror or exc}; the lock is unchanged "
            "— write to a file with -o DECK.apkg, or check what reads stdout"
        ) from exc


def _silence_stdout() -> None:
    """Point stdout at /dev/null: Python flushes it again on exit, which would fail again and
    print "Exception ignored …" after our message."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (tests' captured output): nothing to flush
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _check_stdout(as_json: bool) -> None:
    if as_json:
        raise click.UsageError("-o - writes the deck to stdout; --json cannot share it")
    if sys.stdout.isatty():
        raise click.UsageError(
            "-o - writes a zip file to stdout, which is a terminal; redirect it "
            "(> deck.apkg) or give a file name"
        )


def _run_export(
    options: Options, quiet: bool, deliver: Callable[[Path], None] | None = None
) -> ExportResult:
    """Plan and write; every library failure becomes a message and an exit code here."""
    try:
        # The cards' HTML streams through the spool into the deck (api.export_vault).
        with CardSpool() as spool:
            with progress_bar("Rendering", quiet) as bar:
                result = plan_export(options, bar, spool)
            check_limits(result)
            strict_gate(result.problems, options.run.strict, "nothing written")
            return write_export(result, options, deliver)
    except Vault2AnkiError as exc:  # NoCardsError, FrozenLockError included: exit 1
        fail(exc)
    except KeyboardInterrupt:
        # write_package removes its temporary file on the way out: nothing half-written stays.
        click.echo("interrupted; nothing written (an existing deck is unchanged)", err=True)
        sys.exit(130)


def _anki_cards(result: ExportResult) -> int:
    return sum(len(card.ordinals) for card in result.cards)


def _left_out(result: ExportResult) -> int:
    """Cards not made because their answer is empty (--keep-empty-answers makes them)."""
    return sum(p.kind == "empty-answer-left-out" for p in result.problems)


def _counts(result: ExportResult) -> str:
    """Anki's own counts: the cards the package holds (a reversed note two, a cloze one per
    deletion number genanki writes)."""
    cards = _anki_cards(result)
    empty = _left_out(result)
    left_out = f" ({empty} with an empty answer left out)" if empty else ""
    return f"{cards} cards in {len(result.cards)} notes{left_out}"


def _summary(
    result: ExportResult, target: str, media: int | None = None, progress: str = ""
) -> str:
    """The closing line of export and preview, worded alike (preview counts its own media;
    export says how many cards carry review progress: `apkg.schedule.carried`)."""
    errors = f"{len(result.errors)} errors, " if result.errors else ""
    media = result.media_files if media is None else media
    # The deck's size: what a phone downloads, and what AnkiWeb's limits are about (limits.py).
    size = f" ({mib(result.size_bytes)})" if result.size_bytes is not None else ""
    return (
        f"{_counts(result)} from {result.note_files} note files, "
        f"{media} media files, {errors}{len(result.warnings)} warnings"
        f"{', ' + progress if progress else ''} → {shown(target)}{size}"
    )


def _export_json(result: ExportResult) -> dict[str, Any]:
    assert result.output is not None
    return {
        "output": str(result.output),
        "sha256": hashlib.sha256(result.output.read_bytes()).hexdigest(),
        **_check_json(result),
        "media_files": result.media_files,
        "size_bytes": result.size_bytes,
        "review_progress": sum(len(card.schedule) for card in result.cards),
    }


@main.command()
@VAULT
@vault_options(without=("no_lock",))  # reads no lock: identities are never settled
# Its own help text; the value still lands in options.run.strict, like export's.
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("-v", "--verbose", is_flag=True, help="Print every warning (not grouped).")
@click.option(
    "--json", "as_json", is_flag=True, help="Print a JSON report on stdout (counts, problems)."
)
def check(vault: Path, options: Options, verbose: bool, as_json: bool) -> None:
    """Parse and render VAULT, write nothing; print its problems (grouped by kind) and counts,
    and each setting not at its default with where it came from."""
    if not as_json:
        print_origins(options)
    try:
        result = build(options)
    except Vault2AnkiError as exc:
        fail(exc)
    check_limits(result)
    if as_json:
        report = {**_check_json(result), "settings": origins_json(options)}
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        print_problems(result.errors, quiet=True)
    else:
        print_problems(result.problems, quiet=False, every=verbose)
        print_advice(result.advice, quiet=False)
        click.echo(
            f"{_counts(result)}, {len(result.errors)} errors, {len(result.warnings)} warnings"
        )
    if result.errors or (options.run.strict and result.warnings) or not result.cards:
        sys.exit(1)


def _check_json(result: ExportResult) -> dict[str, Any]:
    return {
        "cards": _anki_cards(result),
        "notes": len(result.cards),
        "note_files": result.note_files,
        "empty_answers_left_out": _left_out(result),
        "warnings": [problem_json(p) for p in result.warnings],
        "errors": [problem_json(p) for p in result.errors],
        "hint": result.advice[0].line() if result.advice else None,
    }


@main.command()
@VAULT
@vault_options(without=("no_lock",))  # reads no lock: identities are never settled
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the site. Default: <vault name>-preview here.",
)
@click.option("--open", "open_site", is_flag=True, help="Open the index in the web browser.")
def preview(vault: Path, options: Options, out_dir: Path | None, open_site: bool) -> None:
    """Write a static site of every card as Anki will show it (offline, no server needed)."""
    try:
        result = build(options)
        site = write_preview(
            result, out_dir or default_preview_dir(vault), vault.resolve().name, vault
        )
    except Vault2AnkiError as exc:
        fail(exc)
    print_problems(result.problems, quiet=False)
    if site.untypeset:
        click.echo(
            f"{site.untypeset} card sides hold math, shown as TeX source: this install carries "
            'no MathJax (it was built without npm; README "Previewing cards")',
            err=True,
        )
    print_advice(result.advice, quiet=False)
    click.echo(_summary(result, str(site.index), media=site.media))
    if open_site:
        click.launch(str(site.index))
    if result.errors or not result.cards:
        sys.exit(1)


@main.command(name="list")
@VAULT
@vault_options(without=("no_lock",))  # reads no lock: identities are never settled
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object per card, in a list (full text)."
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def list_cards(vault: Path, options: Options, as_json: bool, quiet: bool) -> None:
    """List the cards VAULT gives: deck, source and question, one row each.

    Problems (notes skipped, warnings) go to stderr as export prints them; the table shortens
    questions to their first line (a coding task's question is code), --json never does."""
    try:
        result = build(options)
    except Vault2AnkiError as exc:
        fail(exc)
    print_problems(result.problems, quiet)
    print_advice(result.advice, quiet)
    cards = result.rendered()
    if as_json:
        rows = [
            {
                "deck": c.deck,
                "source": c.source,
                "line": c.source_line,
                "question": "\n".join(text_lines(c.question)),  # a code block keeps its lines
            }
            for c in cards
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for c in cards:
        # Its first line: a coding task's question is a block of code. `shown`: a name may
        # hold a tab or a newline.
        cells = (c.deck, f"{c.source}:{c.source_line}", first_line(c.question))
        click.echo("\t".join(shown(cell) for cell in cells))


def _shorten(text: str, limit: int = 100) -> str:
    """A table cell: long text cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@main.command(name="diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@vault_options(vault="new")
@click.option("--json", "as_json", is_flag=True, help="Counts and notes as JSON.")
def diff_command(old: Path, new: Path, options: Options, as_json: bool) -> None:
    """What importing NEW (a vault or an .apkg) over OLD.apkg will do in Anki.

    Counts: new (will be added); changed (will be updated); stale (differs from OLD's copy but
    is not newer, so Anki's importer skips it: re-export the vault, or export NEW again);
    unchanged; orphaned (in OLD only: an .apkg cannot delete it, delete it in Anki by hand);
    kept (its source was not read in full this run: still in the vault, not orphaned)."""
    planned = None
    try:
        before = read_package(old)
        # NEW is a vault folder to plan an export of, or a package written before.
        if new.is_dir():
            planned = plan_export(options)
            after = cards_as_notes(planned.rendered())
        else:
            after = read_package(new)
    except Vault2AnkiError as exc:
        fail(exc, problems=False)
    result = diff_notes(before, after)
    sources = planned.sources() if planned is not None else None
    if planned is not None and sources is not None:  # a note not read in full is not gone
        lock = planned.old_lock
        result.keep_unseen(sources, lock.sources() if lock else {})
    if as_json:
        click.echo(
            json.dumps(
                {
                    "counts": result.counts(),
                    **{
                        k: [
                            {"guid": n.guid, "source": html_to_text(n.label)}
                            for n in getattr(result, k)
                        ]
                        for k in ("new", "changed", "stale", "orphaned")
                    },
                    "kept": [
                        {"guid": n.guid, "source": html_to_text(n.label), "why": why}
                        for n, why in result.kept
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    _print_diff(result)


def _print_diff(result: Diff) -> None:
    """diff's human report: each kind with its notes, then one line of counts."""
    for kind in ("new", "changed", "stale", "orphaned"):
        label, notes = LABELS[kind], getattr(result, kind)
        if notes:
            click.echo(f"{label}: {len(notes)}")
            for n in notes:
                click.echo(f"    {_shorten(html_to_text(n.label))}  [{n.guid}]")
    if result.kept:
        click.echo(f"{LABELS['kept']}: {len(result.kept)}")
        for n, why in result.kept:
            click.echo(f"    {shown(why)}  [{n.guid}]")
    c = result.counts()
    click.echo(
        f"{c['new']} new, {c['changed']} changed, {c['stale']} stale, "
        f"{c['unchanged']} unchanged, {c['orphaned']} orphaned"
        + (f", {c['kept']} kept" if c["kept"] else "")
    )


# Defined in its own module (it imports nothing from this one): the group only registers it.
from .init_vault import init_command  # noqa: E402
from .sync import sync  # noqa: E402

main.add_command(init_command)
main.add_command(sync)
