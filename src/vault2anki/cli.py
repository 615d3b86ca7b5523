"""Command line: parses options and calls the library; library errors become messages here."""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .api import ExportOptions, export_vault
from .errors import NoCardsError, Vault2AnkiError
from .layouts import DEFAULT_FLASHCARDS_TAG
from .model import ExportResult
from .srs import SRSyntax


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
    "--question-heading",
    "question_headings",
    multiple=True,
    metavar="TEXT",
    help="Heading text that starts a question section (repeatable; replaces Question, Вопрос).",
)
@click.option(
    "--deck-from-folders",
    is_flag=True,
    help="Put each note's cards in DECK::Folder::Sub after its folder. "
    "A note's frontmatter 'deck:' still wins.",
)
@click.option(
    "--frontmatter-question",
    metavar="KEY",
    help="Frontmatter key (e.g. title) whose value is the question; the note's answer section, "
    "or its whole body, is the answer. Applies to every note carrying KEY unless "
    "--frontmatter-folder/--frontmatter-tag narrow it.",
)
@click.option(
    "--frontmatter-folder",
    "frontmatter_folders",
    multiple=True,
    metavar="GLOB",
    help="Only notes in folders matching GLOB use --frontmatter-question (repeatable).",
)
@click.option(
    "--frontmatter-tag",
    "frontmatter_tags",
    multiple=True,
    metavar="TAG",
    help="Only notes tagged TAG use --frontmatter-question (repeatable; OR'd with folders).",
)
@click.option(
    "--flashcards-tag",
    default=DEFAULT_FLASHCARDS_TAG,
    show_default=True,
    metavar="TAG",
    help="Notes with this tag are read as Spaced Repetition plugin cards (Q::A, ?, ==cloze==). "
    "Empty: off.",
)
@click.option(
    "--sr-inline",
    default=SRSyntax.inline,
    show_default=True,
    metavar="SEP",
    help="Spaced Repetition: one-line card separator.",
)
@click.option(
    "--sr-inline-reversed",
    default=SRSyntax.inline_reversed,
    show_default=True,
    metavar="SEP",
    help="Spaced Repetition: one-line reversed card separator.",
)
@click.option(
    "--sr-multiline",
    default=SRSyntax.multiline,
    show_default=True,
    metavar="SEP",
    help="Spaced Repetition: line between a multi-line question and its answer.",
)
@click.option(
    "--sr-multiline-reversed",
    default=SRSyntax.multiline_reversed,
    show_default=True,
    metavar="SEP",
    help="Spaced Repetition: the same for a reversed multi-line card.",
)
@click.option(
    "--sr-highlight-cloze/--no-sr-highlight-cloze",
    default=True,
    show_default=True,
    help="Spaced Repetition: ==highlights== are cloze deletions.",
)
def export(
    vault: Path,
    output: Path | None,
    deck: str | None,
    answer_headings: tuple[str, ...],
    question_headings: tuple[str, ...],
    deck_from_folders: bool,
    frontmatter_question: str | None,
    frontmatter_folders: tuple[str, ...],
    frontmatter_tags: tuple[str, ...],
    flashcards_tag: str,
    sr_inline: str,
    sr_inline_reversed: str,
    sr_multiline: str,
    sr_multiline_reversed: str,
    sr_highlight_cloze: bool,
) -> None:
    """Export VAULT to an Anki package that re-imports as updates."""
    if (frontmatter_folders or frontmatter_tags) and not frontmatter_question:
        raise click.UsageError("--frontmatter-folder/--frontmatter-tag need --frontmatter-question")
    try:
        sr_syntax = SRSyntax(
            sr_inline, sr_inline_reversed, sr_multiline, sr_multiline_reversed, sr_highlight_cloze
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    options = ExportOptions(
        vault=vault,
        output=output,
        deck=deck,
        frontmatter_question=frontmatter_question or None,
        frontmatter_folders=frontmatter_folders,
        frontmatter_tags=frontmatter_tags,
        flashcards_tag=flashcards_tag.strip().lstrip("#") or None,
        sr_syntax=sr_syntax,
        deck_from_folders=deck_from_folders,
    )
    if answer_headings:
        options.answer_markers = answer_headings
    if question_headings:
        options.question_markers = question_headings
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
