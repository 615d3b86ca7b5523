"""Options shared by every command that reads a vault, and how they become ExportOptions.

One definition per option, so `export`, `check`, `list` and `diff` read a vault the same way
and `vault2anki.toml` (see config.py) can hold any of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .api import ExportOptions
from .config import apply_config
from .layouts import DEFAULT_FLASHCARDS_TAG
from .srs import SRSyntax

VAULT = click.argument("vault", type=click.Path(exists=True, file_okay=False, path_type=Path))

F = TypeVar("F", bound=Callable[..., Any])


def vault_options(func: F) -> F:
    """Options that say how to read a vault, shared by every command that reads one."""
    decorators = [
        click.option("--deck", help="Deck name. Default: the vault folder's name."),
        click.option(
            "--answer-heading",
            "answer_headings",
            multiple=True,
            metavar="TEXT",
            help="Heading text that starts an answer (repeatable; replaces the "
            "defaults Answer, Ответ).",
        ),
        click.option(
            "--question-heading",
            "question_headings",
            multiple=True,
            metavar="TEXT",
            help="Heading text of a question section in bilingual notes (repeatable; "
            "replaces the defaults Question, Вопрос).",
        ),
        click.option(
            "--deck-from-folders",
            is_flag=True,
            help="Put each note's cards in DECK::Folder::Sub after its folder. "
            "A note's frontmatter 'deck:' still wins.",
        ),
        click.option(
            "--frontmatter-question",
            metavar="KEY",
            help="Frontmatter key (e.g. title) whose value is the question; the note's answer "
            "section, or its whole body, is the answer. Applies to every note carrying KEY "
            "unless --frontmatter-folder/--frontmatter-tag narrow it.",
        ),
        click.option(
            "--frontmatter-folder",
            "frontmatter_folders",
            multiple=True,
            metavar="GLOB",
            help="Only notes in folders matching GLOB use --frontmatter-question (repeatable).",
        ),
        click.option(
            "--frontmatter-tag",
            "frontmatter_tags",
            multiple=True,
            metavar="TAG",
            help="Only notes tagged TAG use --frontmatter-question (repeatable; OR'd with "
            "folders).",
        ),
        click.option(
            "--flashcards-tag",
            default=DEFAULT_FLASHCARDS_TAG,
            show_default=True,
            metavar="TAG",
            help="Notes with this tag are read as Spaced Repetition plugin cards (Q::A, ?, "
            "==cloze==). Empty: off.",
        ),
        click.option(
            "--sr-inline",
            default=SRSyntax.inline,
            show_default=True,
            metavar="SEP",
            help="Spaced Repetition: one-line card separator.",
        ),
        click.option(
            "--sr-inline-reversed",
            default=SRSyntax.inline_reversed,
            show_default=True,
            metavar="SEP",
            help="Spaced Repetition: one-line reversed card separator.",
        ),
        click.option(
            "--sr-multiline",
            default=SRSyntax.multiline,
            show_default=True,
            metavar="SEP",
            help="Spaced Repetition: line between a multi-line question and its answer.",
        ),
        click.option(
            "--sr-multiline-reversed",
            default=SRSyntax.multiline_reversed,
            show_default=True,
            metavar="SEP",
            help="Spaced Repetition: the same for a reversed multi-line card.",
        ),
        click.option(
            "--sr-highlight-cloze/--no-sr-highlight-cloze",
            default=True,
            show_default=True,
            help="Spaced Repetition: ==highlights== are cloze deletions.",
        ),
        click.option(
            "--links",
            type=click.Choice(["text", "obsidian"]),
            default="text",
            show_default=True,
            help="[[Wikilinks]] on cards: their text, or links that open the note in Obsidian.",
        ),
        click.option(
            "--vault-name",
            metavar="NAME",
            help="The vault's name in Obsidian, for obsidian:// links. Default: the folder's name.",
        ),
        click.option(
            "--no-lock",
            is_flag=True,
            help="Ignore vault2anki.lock: identities from paths, mod from mtimes.",
        ),
        click.option(
            "--jobs",
            type=click.IntRange(min=1),
            metavar="N",
            help="Render with N processes. Default: one per CPU core (small vaults: one).",
        ),
        click.option(
            "--no-cache",
            is_flag=True,
            help="Render every note again; neither read nor fill ~/.cache/vault2anki.",
        ),
        click.option(
            "--config",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Options file. Default: vault2anki.toml at the vault root.",
        ),
    ]
    func = _configured(func)
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def _configured(func: F) -> F:
    """Complete the parsed options from the vault's config file before the command runs."""

    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        ctx = click.get_current_context()
        vault = kwargs.get("vault", kwargs.get("new"))
        if isinstance(vault, Path) and vault.is_dir():
            apply_config(ctx, vault, kwargs.get("config"))
            kwargs.update({k: v for k, v in ctx.params.items() if k in kwargs})
        return func(**kwargs)

    return wrapper  # type: ignore[return-value]


def make_options(vault: Path, **kw: Any) -> ExportOptions:
    """ExportOptions from the parsed command line (config file already applied)."""
    if (kw["frontmatter_folders"] or kw["frontmatter_tags"]) and not kw["frontmatter_question"]:
        raise click.UsageError("--frontmatter-folder/--frontmatter-tag need --frontmatter-question")
    try:
        sr_syntax = SRSyntax(
            kw["sr_inline"],
            kw["sr_inline_reversed"],
            kw["sr_multiline"],
            kw["sr_multiline_reversed"],
            kw["sr_highlight_cloze"],
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    options = ExportOptions(
        vault=vault,
        deck=kw.get("deck"),
        lock=not kw.get("no_lock"),
        frontmatter_question=kw["frontmatter_question"] or None,
        frontmatter_folders=kw["frontmatter_folders"],
        frontmatter_tags=kw["frontmatter_tags"],
        flashcards_tag=kw["flashcards_tag"].strip().lstrip("#") or None,
        sr_syntax=sr_syntax,
        deck_from_folders=kw["deck_from_folders"],
        links="obsidian" if kw["links"] == "obsidian" else "text",
        vault_name=kw["vault_name"],
        jobs=kw["jobs"],
        use_cache=not kw["no_cache"],
    )
    if kw.get("answer_headings"):
        options.answer_markers = tuple(kw["answer_headings"])
    if kw.get("question_headings"):
        options.question_markers = tuple(kw["question_headings"])
    return options
