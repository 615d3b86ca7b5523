"""The `layout` part of the options: how a note's Markdown becomes questions and answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from .fields import (
    DEFAULT_ANSWER_MARKERS,
    DEFAULT_FLASHCARDS_TAG,
    DEFAULT_QUESTION_MARKERS,
    OptionsError,
    cli,
    set_field,
    strings,
)


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
            set_field(self, name, strings(getattr(self, name)))
        set_field(self, "frontmatter_question", self.frontmatter_question or None)
        set_field(self, "flashcards_tag", (self.flashcards_tag or "").strip().lstrip("#") or None)
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
