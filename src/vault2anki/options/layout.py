"""The `layout` part of the options: how a note's Markdown becomes questions and answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .clozepattern import DEFAULT_CLOZE_PATTERN, cloze_pattern_problem
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
    # A note whose answer is empty (a coding task with an empty solution block) is not a card:
    # a blank back teaches nothing, and 41 of the seed vault's 233 cards were such.
    keep_empty_answers: bool = field(
        default=False,
        metadata=cli(
            is_flag=True,
            help="Keep cards whose answer is empty (an empty back, with a warning); by "
            "default they are left out and counted.",
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
    flashcards_tag: tuple[str, ...] = field(  # `#` optional; none (or only ""): SR syntax off
        default=(DEFAULT_FLASHCARDS_TAG,),
        metadata=cli(
            multiple=True,
            show_default=True,
            metavar="TAG",
            help="Notes with this tag are read as Spaced Repetition plugin cards (Q::A, ?, "
            "==cloze==); repeatable (replaces the default flashcards). Empty: off. These "
            "options default to the vault's .obsidian/plugins/obsidian-spaced-repetition/"
            "data.json settings when it has them.",
        ),
    )
    flashcards_tag_ignore: tuple[str, ...] = field(  # the plugin's flashcardTagsToIgnore
        default=(),
        metadata=cli(
            multiple=True,
            metavar="TAG",
            help="Spaced Repetition: notes with this tag (or one nested under it) make no "
            "cards (repeatable).",
        ),
    )
    # The Spaced Repetition plugin's separators, as configured in its settings (its defaults);
    # an empty one (or only blanks) turns that card type off, as in the plugin.
    sr_inline: str = field(
        default="::",
        metadata=cli(
            show_default=True,
            metavar="SEP",
            help="Spaced Repetition: one-line card separator (empty: no such cards).",
        ),
    )
    sr_inline_reversed: str = field(
        default=":::",
        metadata=cli(
            show_default=True,
            metavar="SEP",
            help="Spaced Repetition: one-line reversed card separator (empty: no such cards).",
        ),
    )
    sr_multiline: str = field(
        default="?",
        metadata=cli(
            show_default=True,
            metavar="SEP",
            help="Spaced Repetition: line between a multi-line question and its answer "
            "(empty: no such cards).",
        ),
    )
    sr_multiline_reversed: str = field(
        default="??",
        metadata=cli(
            show_default=True,
            metavar="SEP",
            help="Spaced Repetition: the same for a reversed multi-line card (empty: none).",
        ),
    )
    # The plugin's multilineCardEndMarker: "" ends a multi-line card at a blank line.
    sr_multiline_end_marker: str = field(
        default="",
        metadata=cli(
            metavar="MARKER",
            help="Spaced Repetition: a line that ends a multi-line card or cloze, which may "
            "then hold blank lines. Default: none (a blank line ends it).",
        ),
    )
    # The plugin's clozePatterns (cards/srpatterns.py compiles them).
    sr_cloze_pattern: tuple[str, ...] = field(
        default=(DEFAULT_CLOZE_PATTERN,),
        metadata=cli(
            multiple=True,
            show_default=True,
            metavar="PATTERN",
            help="Spaced Repetition: a cloze pattern as the plugin writes them "
            "(==[123;;]answer[;;hint]==, **[123;;]answer[;;hint]**, "
            "{{[123::]answer[::hint]}}, …); repeatable, replaces the default. Empty: only "
            "Anki's own {{c1::…}}.",
        ),
    )
    sr_highlight_cloze: bool = field(  # off: the `==…==` patterns are dropped
        default=True,
        metadata=cli(
            decls=("--sr-highlight-cloze/--no-sr-highlight-cloze",),
            show_default=True,
            help="Spaced Repetition: ==highlights== are cloze deletions (off: the ==…== "
            "cloze patterns are dropped).",
        ),
    )
    sr_schedule: bool = field(  # the plugin's `<!--SR:…-->` review progress (srschedule.py)
        default=True,
        metadata=cli(
            decls=("--sr-schedule/--no-sr-schedule",),
            show_default=True,
            help="Spaced Repetition: cards new to Anki keep the review progress of the "
            "plugin's <!--SR:…--> comments (due date, interval, ease).",
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
            "flashcards_tag_ignore",
            "sr_cloze_pattern",
        ):
            set_field(self, name, strings(getattr(self, name)))
        set_field(self, "frontmatter_question", self.frontmatter_question or None)
        set_field(self, "flashcards_tag", _tags(self.flashcards_tag))
        set_field(self, "flashcards_tag_ignore", _tags(self.flashcards_tag_ignore))
        set_field(self, "sr_cloze_pattern", tuple(p for p in self.sr_cloze_pattern if p.strip()))
        if (self.frontmatter_folder or self.frontmatter_tag) and not self.frontmatter_question:
            raise OptionsError("--frontmatter-folder/--frontmatter-tag need --frontmatter-question")
        for name in SEPARATORS:
            if not getattr(self, name).strip():  # blanks only: that card type is off
                set_field(self, name, "")
        set_field(self, "sr_multiline_end_marker", self.sr_multiline_end_marker.strip())
        if self.sr_inline and self.sr_inline == self.sr_inline_reversed:
            raise OptionsError("the inline and inline reversed separators must differ")
        multi, multi_reversed = self.sr_multiline.strip(), self.sr_multiline_reversed.strip()
        if multi and multi == multi_reversed:
            raise OptionsError("the multi-line and multi-line reversed separators must differ")
        for pattern in self.sr_cloze_pattern:
            if (problem := cloze_pattern_problem(pattern)) is not None:
                raise OptionsError(f"cloze pattern {pattern!r}: {problem}")

    def cloze_patterns(self) -> tuple[str, ...]:
        """The cloze patterns in force: `sr_cloze_pattern` less the `==…==` ones when
        highlights are no deletions."""
        if self.sr_highlight_cloze:
            return self.sr_cloze_pattern
        return tuple(p for p in self.sr_cloze_pattern if not p.startswith("=="))


SEPARATORS = ("sr_inline", "sr_inline_reversed", "sr_multiline", "sr_multiline_reversed")


def _tags(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """Tags as given (`#` optional, blanks around), without `#` and without empty ones."""
    given = strings(value or ())
    return tuple(t for t in (tag.strip().lstrip("#").strip() for tag in given) if t)
