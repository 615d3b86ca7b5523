"""Which layout a note is read with, and what its frontmatter changes about its cards.

In order, for each note:

1. tagged `#flashcards` (`LayoutOptions.flashcards_tag`, any of them, nested `#flashcards/…`
   too): the Spaced Repetition plugin's syntax, and only that (srs.py) — such a note is a list
   of cards; tagged one of `flashcards_tag_ignore` as well, it has none;
2. frontmatter `question:`, or the configured key (`LayoutOptions.frontmatter_question`, e.g.
   `title`) in a note selected by folder glob or tag (all notes when no selector is given): that
   is the question; the answer section, or the whole body when there is no answer heading, the
   answer;
3. else answer headings (questions.py).

Then frontmatter `reverse: true` makes the note's basic cards basic-and-reversed. The deck is
decided apart, in decks.py.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import replace
from fnmatch import fnmatchcase
from pathlib import PurePosixPath
from typing import Any

from ..model import CardSource, NoteFile
from ..options import LayoutOptions
from ..report import Report
from . import questions
from .empty import without_empty_answers
from .headings import find_headings
from .hints import missing_markers
from .signals import Signals, note_signals
from .srs import extract_sr_cards
from .tags import anki_tag, note_tags

QUESTION_KEY = "question"  # frontmatter: the note's question, in every note
REVERSE_KEY = "reverse"  # frontmatter: `reverse: true` → basic-and-reversed cards


_LINK = r"(?:(?<!!)\[\[[^\]]+\]\]|(?<!!)\[[^\]]*\]\([^)]*\)|<?https?://[^\s>]+>?)"
# A line of links only (wikilinks, Markdown links, URLs; not embeds), maybe a list item.
_LINKS_LINE_RE = re.compile(rf"^\s*(?:[-*+]|\d+[.)])?\s*{_LINK}(?:[\s,;|·•—–-]*{_LINK})*[\s,;.]*$")
_HEADING_LINE_RE = re.compile(r"^\s{0,3}#{1,6}\s")


def only_links(answer: str) -> bool:
    """An answer made of links and nothing else (headings grouping them aside): what index
    and navigation notes look like, not an answer a student recalls."""
    lines = [ln for ln in answer.split("\n") if ln.strip() and not _HEADING_LINE_RE.match(ln)]
    return bool(lines) and all(_LINKS_LINE_RE.match(ln) for ln in lines)


def index_note(report: Report, note: NoteFile, card: CardSource) -> None:
    report.warning(
        note.rel,
        card.answer_line,
        "index-note",
        "the answer is only links: this looks like an index or navigation note, not a "
        f"question — leave it out with --exclude {shlex.quote(note.rel)} (or 'exclude' in "
        "vault2anki.toml)",
    )


def has_tag(tags: Sequence[str], wanted: str) -> bool:
    """`wanted` (Obsidian `a/b` or Anki `a::b`, `#` optional) or a tag nested under it."""
    target = anki_tag(wanted.strip().lstrip("#")).casefold()
    if not target:
        return False
    return any(t.casefold() == target or t.casefold().startswith(target + "::") for t in tags)


def in_folders(rel: str, globs: Sequence[str]) -> bool:
    """The note's path, or one of its folders, matches a glob (`*` also crosses `/`)."""
    folders = [str(p) for p in PurePosixPath(rel).parents if str(p) != "."]
    for glob in globs:
        pattern = glob.strip().strip("/")
        if pattern and (
            fnmatchcase(rel, pattern) or any(fnmatchcase(folder, pattern) for folder in folders)
        ):
            return True
    return False


def truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().casefold() in {"true", "yes", "on", "1"}
    return value is True or (isinstance(value, int) and value == 1)


def _text_value(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float)):
        return str(value).strip() or None
    return None


def frontmatter_question(
    note: NoteFile, tags: tuple[str, ...], layout: LayoutOptions, report: Report
) -> str | None:
    """The note's question from its frontmatter, if its layout says there is one."""
    keys = [QUESTION_KEY]
    if layout.frontmatter_question:
        selectors = bool(layout.frontmatter_folder or layout.frontmatter_tag)
        selected = (
            not selectors
            or in_folders(note.rel, layout.frontmatter_folder)
            or any(has_tag(tags, t) for t in layout.frontmatter_tag)
        )
        if selected:
            keys.append(layout.frontmatter_question)
    for key in keys:
        if key not in note.meta:
            continue
        value = _text_value(note.meta[key])
        if value is not None:
            return value
        if note.meta[key] is not None and not isinstance(note.meta[key], str):
            report.warning(
                note.rel,
                1,
                "frontmatter-question",
                f"frontmatter {key!r} is not text; not used as the question",
            )
    return None


def _hint_markers(note: NoteFile, layout: LayoutOptions, report: Report) -> None:
    """A bilingual note's other language under headings that are not markers (hints.py)."""
    if "(" in note.body:  # no qualifier, no hint: most notes skip the second heading scan
        lines = note.body.split("\n")
        headings = find_headings(lines, layout.answer_heading, layout.question_heading)
        missing_markers(note, headings, layout, report)


def note_cards(note: NoteFile, layout: LayoutOptions, report: Report) -> list[CardSource]:
    """Every card of one note, in file order (see the module docstring for the rules)."""
    return found_cards(note, layout, report)[0]


def found_cards(
    note: NoteFile, layout: LayoutOptions, report: Report
) -> tuple[list[CardSource], Signals | None]:
    """`note_cards`, and the note's layout signals (signals.py) for detect.py."""
    tags = note_tags(note.meta, note.body)
    sr_read = any(has_tag(tags, wanted) for wanted in layout.flashcards_tag)
    return _cards(note, layout, report, tags, sr_read), note_signals(note, tags, layout, sr_read)


def _cards(
    note: NoteFile, layout: LayoutOptions, report: Report, tags: tuple[str, ...], sr_read: bool
) -> list[CardSource]:
    cards: list[CardSource]
    if sr_read:
        if any(has_tag(tags, ignored) for ignored in layout.flashcards_tag_ignore):
            return []  # the plugin's flashcardTagsToIgnore: no cards at all
        cards = extract_sr_cards(note, tags, layout, report)
    elif (question := frontmatter_question(note, tags, layout, report)) is not None:
        cards = [questions.frontmatter_card(note, question, layout, report, tags)]
    else:
        cards = questions.extract_cards(note, layout, report, tags)
        _hint_markers(note, layout, report)
    cards = without_empty_answers(cards, layout, report)
    for card in cards:
        if card.kind != "cloze" and only_links(card.answer):
            index_note(report, note, card)
    if truthy(note.meta.get(REVERSE_KEY)):
        cards = [replace(c, kind="reversed") if c.kind == "basic" else c for c in cards]
    return cards
