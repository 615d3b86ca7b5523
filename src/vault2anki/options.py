"""Every option of an export, in one validated object: `Options`.

`Options` holds the vault and four frozen parts — `layout` (how notes become questions and
answers), `render` (how Markdown becomes HTML), `deck` (where cards go) and `run` (how the
export runs: output, lock, cache, processes). Every field is named exactly like its
command-line option (`--answer-heading` → `layout.answer_heading`, `--no-lock` →
`run.no_lock`), and so like its `vault2anki.toml` key (`answer-heading = [...]`). The library
receives the whole object; the render cache is keyed by `Options.cards_key()`, derived from
the parts that shape cards.

Built in one of two ways, both through `Options.of(vault, **fields)`, which routes each field
to its part by name:

- the command line: `cli_options.vault_options` declares a click option per field (from the
  field's `cli(...)` metadata below), applies `vault2anki.toml`, and builds the object;
- the library and tests: `Options.of(vault, output=out, no_lock=True)`.

Adding an option is a change in one place here, plus the code that uses it:

1. add a field to the part it belongs to, named like the option (`my_option` for
   `--my-option`), with its default and `metadata=cli(help=..., ...)` (click's keyword
   arguments; `decls=("-m", "--my-option")` only when the spelling differs from the name;
   `writes=True` for options of commands that write a deck, as `--output`);
2. validate it in the part's `__post_init__` (raise `OptionsError`: exit 2 on the command line);
3. read it where it acts (`options.layout.my_option`) and name it in the README.

Every command declared with `@vault_options` (`check`, `list`, `diff`) or
`@vault_options(writes=True)` (`export`) then takes it, from the command line and the toml
file alike, and cached cards are re-rendered when it changes (if it is in `layout`, `render`
or `deck`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import click

from .budget import DEFAULT_BUDGET

DEFAULT_ANSWER_MARKERS = ("Answer", "Ответ")
DEFAULT_QUESTION_MARKERS = ("Question", "Вопрос")
DEFAULT_FLASHCARDS_TAG = "flashcards"  # the Spaced Repetition plugin's default

LinkMode = Literal["text", "obsidian"]


class OptionsError(ValueError):
    """Options that cannot go together or hold a bad value; a usage error (exit 2)."""


def cli(*, decls: tuple[str, ...] = (), writes: bool = False, **click_kwargs: Any) -> Any:
    """Field metadata: this field is a command-line option, declared with `click_kwargs`."""
    return {"cli": (decls, click_kwargs), "writes": writes}


def _strings(value: Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _set(part: Any, name: str, value: Any) -> None:
    object.__setattr__(part, name, value)  # normalising a frozen dataclass in __post_init__


@dataclass(frozen=True)
class LayoutOptions:
    """How a note's Markdown becomes questions and answers (layouts.py, questions.py, srs.py)."""

    answer_heading: tuple[str, ...] = field(
        default=DEFAULT_ANSWER_MARKERS,
        metadata=cli(
            multiple=True,
            metavar="TEXT",
            help="Heading text that starts an answer (repeatable; replaces the "
            "defaults Answer, Ответ).",
        ),
    )
    question_heading: tuple[str, ...] = field(
        default=DEFAULT_QUESTION_MARKERS,
        metadata=cli(
            multiple=True,
            metavar="TEXT",
            help="Heading text of a question section in bilingual notes (repeatable; "
            "replaces the defaults Question, Вопрос).",
        ),
    )
    # A frontmatter key whose value is the question (e.g. "title"), for the notes below.
    frontmatter_question: str | None = field(
        default=None,
        metadata=cli(
            metavar="KEY",
            help="Frontmatter key (e.g. title) whose value is the question; the note's answer "
            "section, or its whole body, is the answer. Applies to every note carrying KEY "
            "unless --frontmatter-folder/--frontmatter-tag narrow it.",
        ),
    )
    frontmatter_folder: tuple[str, ...] = field(  # folder globs ("Topics/*"), OR'd with tags
        default=(),
        metadata=cli(
            multiple=True,
            metavar="GLOB",
            help="Only notes in folders matching GLOB use --frontmatter-question (repeatable).",
        ),
    )
    frontmatter_tag: tuple[str, ...] = field(
        default=(),
        metadata=cli(
            multiple=True,
            metavar="TAG",
            help="Only notes tagged TAG use --frontmatter-question (repeatable; OR'd with "
            "folders).",
        ),
    )
    # Notes that are no questions (indexes, templates, daily notes); glob rules: vault.excluded.
    exclude: tuple[str, ...] = field(
        default=(),
        metadata=cli(
            multiple=True,
            metavar="GLOB",
            help="Leave out notes matching GLOB (repeatable): a name anywhere (Templates, "
            "*.excalidraw.md) or a path from the vault root (Daily/2024-*). Links and "
            "embeds still reach them.",
        ),
    )
    flashcards_tag: str | None = field(  # `#` optional; None or "": SR syntax off
        default=DEFAULT_FLASHCARDS_TAG,
        metadata=cli(
            show_default=True,
            metavar="TAG",
            help="Notes with this tag are read as Spaced Repetition plugin cards (Q::A, ?, "
            "==cloze==). Empty: off.",
        ),
    )
    # The Spaced Repetition plugin's separators, as configured in its settings (its defaults).
    sr_inline: str = field(
        default="::",
        metadata=cli(
            show_default=True, metavar="SEP", help="Spaced Repetition: one-line card separator."
        ),
    )
    sr_inline_reversed: str = field(
        default=":::",
        metadata=cli(
            show_default=True,
            metavar="SEP",
            help="Spaced Repetition: one-line reversed card separator.",
        ),
    )
    sr_multiline: str = field(
        default="?",
        metadata=cli(
            show_default=True,
            metavar="SEP",
            help="Spaced Repetition: line between a multi-line question and its answer.",
        ),
    )
    sr_multiline_reversed: str = field(
        default="??",
        metadata=cli(
            show_default=True,
            metavar="SEP",
            help="Spaced Repetition: the same for a reversed multi-line card.",
        ),
    )
    sr_highlight_cloze: bool = field(  # `==text==` is a deletion (the plugin's default)
        default=True,
        metadata=cli(
            decls=("--sr-highlight-cloze/--no-sr-highlight-cloze",),
            show_default=True,
            help="Spaced Repetition: ==highlights== are cloze deletions.",
        ),
    )
    # A deck option kept here because the card finder (srs.py) decides it, card by card.
    deck_from_flashcards_tags: bool = field(
        default=False,
        metadata=cli(
            is_flag=True,
            help="Spaced Repetition: put each card in the deck its flashcards tag names, as "
            "the plugin does (#flashcards/course/lecture-1 → DECK::course::lecture-1), below "
            "the note's deck.",
        ),
    )

    def __post_init__(self) -> None:
        for name in (
            "answer_heading",
            "question_heading",
            "frontmatter_folder",
            "frontmatter_tag",
            "exclude",
        ):
            _set(self, name, _strings(getattr(self, name)))
        _set(self, "frontmatter_question", self.frontmatter_question or None)
        _set(self, "flashcards_tag", (self.flashcards_tag or "").strip().lstrip("#") or None)
        if (self.frontmatter_folder or self.frontmatter_tag) and not self.frontmatter_question:
            raise OptionsError("--frontmatter-folder/--frontmatter-tag need --frontmatter-question")
        for name in ("sr_inline", "sr_inline_reversed", "sr_multiline", "sr_multiline_reversed"):
            if not getattr(self, name).strip():
                what = name.removeprefix("sr_").replace("_", " ")
                raise OptionsError(f"the {what} separator must not be empty")
        if self.sr_inline == self.sr_inline_reversed:
            raise OptionsError("the inline and inline reversed separators must differ")
        if self.sr_multiline.strip() == self.sr_multiline_reversed.strip():
            raise OptionsError("the multi-line and multi-line reversed separators must differ")


@dataclass(frozen=True)
class RenderOptions:
    """How card fields are rendered (render.py); plain values, so worker processes get them."""

    links: LinkMode = field(
        default="text",
        metadata=cli(
            type=click.Choice(["text", "obsidian"]),
            show_default=True,
            help="[[Wikilinks]] on cards: their text, or links that open the note in Obsidian.",
        ),
    )
    vault_name: str | None = field(  # None: the vault folder's name
        default=None,
        metadata=cli(
            metavar="NAME",
            help="The vault's name in Obsidian, for obsidian:// links. Default: the folder's name.",
        ),
    )
    # Obsidian's "Strict line breaks" setting; off (its default) makes a single newline inside
    # a paragraph a line break.
    strict_line_breaks: bool = field(
        default=False,
        metadata=cli(
            is_flag=True,
            help="A single newline inside a paragraph is a space, not a line break "
            "(for vaults with Obsidian's 'Strict line breaks' on).",
        ),
    )

    def __post_init__(self) -> None:
        if self.links not in ("text", "obsidian"):
            raise OptionsError(f"--links must be 'text' or 'obsidian', not {self.links!r}")


@dataclass(frozen=True)
class DeckOptions:
    """Which deck cards go to (decks.py); a note's frontmatter `deck:` still wins."""

    deck: str | None = field(  # None: the vault folder's name
        default=None, metadata=cli(help="Deck name. Default: the vault folder's name.")
    )
    deck_from_folders: bool = field(
        default=False,
        metadata=cli(
            is_flag=True,
            help="Put each note's cards in DECK::Folder::Sub after its folder. "
            "A note's frontmatter 'deck:' still wins.",
        ),
    )


@dataclass(frozen=True)
class RunOptions:
    """How the export runs; nothing here changes a card's content."""

    output: Path | None = field(  # None: <vault name>.apkg in the current folder
        default=None,
        metadata=cli(
            decls=("-o", "--output"),
            writes=True,
            type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
            help="Where to write the deck ('-': to stdout). Default: <vault name>.apkg here.",
        ),
    )
    no_lock: bool = field(  # True: GUIDs from paths, mods from mtimes, no vault2anki.lock
        default=False,
        metadata=cli(
            is_flag=True, help="Ignore vault2anki.lock: identities from paths, mod from mtimes."
        ),
    )
    frozen: bool = field(  # fail instead of changing the lock (CI)
        default=False,
        metadata=cli(
            is_flag=True,
            writes=True,
            help="Fail (exit 1) instead of changing vault2anki.lock; for CI.",
        ),
    )
    relink: Path | None = field(  # a previous .apkg: identities from it, not from the lock
        default=None,
        metadata=cli(
            writes=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            metavar="OLD.apkg",
            help="Lost or damaged vault2anki.lock: take the identities from a deck you "
            "imported before, matching cards by content as the lock does; the lock is then "
            "rewritten.",
        ),
    )
    strict: bool = field(  # export: any warning (a lock that cannot be written too) is exit 1
        default=False,
        metadata=cli(
            is_flag=True, writes=True, help="Treat warnings as errors: write nothing, exit 1."
        ),
    )
    jobs: int | None = field(  # None: one process per usable core; 1: no pool
        default=None,
        metadata=cli(
            type=click.IntRange(min=1),
            metavar="N",
            help="Render with N processes. Default: one per CPU core (small vaults: one).",
        ),
    )
    no_cache: bool = field(
        default=False,
        metadata=cli(
            is_flag=True,
            help="Render every note again; neither read nor fill ~/.cache/vault2anki.",
        ),
    )
    time_budget: float = field(  # seconds one note may render; 0: no limit (budget.py)
        default=DEFAULT_BUDGET,
        metadata=cli(
            type=click.FloatRange(min=0),
            metavar="SECONDS",
            show_default=True,
            help="Skip (with an error) a note whose reading or any one card takes longer to "
            "render; 0: no limit.",
        ),
    )
    # Library only: tests and benchmarks point the cache at a folder of their own.
    cache_dir: Path | None = None  # None: $XDG_CACHE_HOME/vault2anki or ~/.cache/vault2anki

    def __post_init__(self) -> None:
        if self.frozen and self.no_lock:
            raise OptionsError("--frozen checks the lock; it cannot be used with --no-lock")
        if self.relink is not None and (self.frozen or self.no_lock):
            raise OptionsError(
                "--relink rewrites the lock; it cannot be used with --frozen or --no-lock"
            )


PARTS: dict[str, type[Any]] = {
    "layout": LayoutOptions,
    "render": RenderOptions,
    "deck": DeckOptions,
    "run": RunOptions,
}


@dataclass(frozen=True)
class Options:
    """The vault and every option of an export, validated; see the module docstring."""

    vault: Path
    layout: LayoutOptions = field(default_factory=LayoutOptions)
    render: RenderOptions = field(default_factory=RenderOptions)
    deck: DeckOptions = field(default_factory=DeckOptions)
    run: RunOptions = field(default_factory=RunOptions)

    @classmethod
    def of(cls, vault: Path, **fields: Any) -> Options:
        """Options from fields named like the command-line options, each routed to its part.

        Raises OptionsError for a bad value or combination, TypeError for an unknown name.
        """
        unknown = set(fields) - set(FIELD_PART)
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        parts = {
            part: kind(**{k: v for k, v in fields.items() if FIELD_PART[k] == part})
            for part, kind in PARTS.items()
        }
        return cls(vault=Path(vault), **parts)

    def replace(self, **fields: Any) -> Options:
        """A copy with some fields (named like the options) changed, validated again."""
        current = {
            f.name: getattr(getattr(self, FIELD_PART[f.name]), f.name)
            for kind in PARTS.values()
            for f in dataclasses.fields(kind)
        }
        return Options.of(self.vault, **{**current, **fields})

    def cards_key(self) -> str:
        """Everything besides the note itself that shapes its cards: what the render cache
        is keyed by (with the vault's location). `run` changes how, never what."""
        return repr((self.layout, self.render, self.deck))


# Option name → the part holding it ("answer_heading" → "layout"); names are unique.
FIELD_PART: dict[str, str] = {
    f.name: part for part, kind in PARTS.items() for f in dataclasses.fields(kind)
}


def cli_fields() -> list[tuple[str, dataclasses.Field[Any]]]:
    """(part, field) of every command-line option, in declaration order."""
    return [
        (part, f)
        for part, kind in PARTS.items()
        for f in dataclasses.fields(kind)
        if "cli" in f.metadata
    ]
