"""Command line: parses options and calls the library; library errors become messages here."""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .api import ExportOptions, export_vault
from .errors import NoCardsError, Vault2AnkiError
from .model import ExportResult


def _summary(result: ExportResult) -> str:
    return (
        f"{len(result.cards)} cards from {result.note_files} note files, "
        f"{result.media_files} media files, {len(result.warnings)} warnings"
        f" → {result.output}"
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vault2anki")
def main() -> None:
    """Turn an Obsidian vault of question notes into an Anki deck (.apkg)."""


@main.command()
@click.argument("vault", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the deck. Default: <vault name>.apkg here.",
)
@click.option("--deck", help="Deck name. Default: the vault folder's name.")
@click.option(
    "--answer-heading",
    "answer_headings",
    multiple=True,
    metavar="TEXT",
    help="Heading text that starts an answer (repeatable; replaces Answer, Ответ).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Render with N processes. Default: one per CPU core (small vaults: one).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Render every note again; neither read nor fill ~/.cache/vault2anki.",
)
def export(
    vault: Path,
    output: Path | None,
    deck: str | None,
    answer_headings: tuple[str, ...],
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Export VAULT to an Anki package that re-imports as updates."""
    options = ExportOptions(
        vault=vault, output=output, deck=deck, jobs=jobs, use_cache=not no_cache
    )
    if answer_headings:
        options.answer_markers = answer_headings
    try:
        result = export_vault(options)
    except NoCardsError as exc:
        raise click.ClickException(str(exc)) from exc
    except Vault2AnkiError as exc:
        raise click.ClickException(str(exc)) from exc
    for problem in result.problems:
        click.echo(str(problem), err=True)
    click.echo(_summary(result))
    if result.errors:
        # The deck holds everything else; the exit code still tells scripts and CI.
        raise SystemExit(1)
