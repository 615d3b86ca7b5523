"""Which flashcards tag each Spaced Repetition card is filed under, as the plugin decides it.

The plugin (st3v3nmw/obsidian-spaced-repetition, `note-question-parser.ts`) files a card under:

1. a flashcards tag at the very start of the card's own text (`#flashcards/fr manger::to eat`),
   which is then not part of the question;
2. else the nearest line of flashcards tags above the card, outside every card (tags on one
   line form one group: the card is filed under each);
3. else the note's frontmatter flashcards tags;
4. else the note's first flashcards tag.

A note can so hold sections `#flashcards/course/lecture-1`, `#flashcards/course/lecture-2`,
each card under its own. The plugin's deck tree is the tag's path below the flashcards tag:
`#flashcards/course/lecture-1` is deck `course` › `lecture-1` (`subdeck`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..vault.lines import prose_indexes
from .tags import anki_tag, frontmatter_tags, inline_tags

_LEADING_TAG_RE = re.compile(r"^\s*#([^\s#]+)[ \t]*\n?")


@dataclass(frozen=True)
class Span:
    """Where a card stands in the note body: its first and last line indexes."""

    first: int
    last: int


def _parts(tag: str) -> list[str]:
    return [p.casefold() for p in tag.strip().lstrip("#").split("/") if p]


def _root(tag: str, wanted: Sequence[str]) -> list[str] | None:
    """The flashcards tag of `wanted` that `tag` is or is nested under (the longest), as parts."""
    have = _parts(tag)
    roots = [want for w in wanted if (want := _parts(w)) and have[: len(want)] == want]
    return max(roots, key=len) if roots else None


def is_flashcards_tag(tag: str, wanted: Sequence[str]) -> bool:
    """`tag` (Obsidian `a/b`) is one of the flashcards tags `wanted` or nested under one."""
    return _root(tag, wanted) is not None


def subdeck(tag: str, wanted: Sequence[str]) -> str:
    """The plugin's deck of a flashcards tag, below the tag itself: `course::lecture-1`. With
    several flashcards tags, each is a deck of its own, as in the plugin's deck tree:
    `spanish::verbs`."""
    root = _root(tag, wanted) or []
    parts = [p for p in tag.strip().lstrip("#").split("/") if p]
    keep = len(root) - 1 if len(wanted) > 1 and root else len(root)
    return "::".join(parts[keep:])


def split_leading_tag(question: str, wanted: Sequence[str]) -> tuple[list[str], str]:
    """(the flashcards tags a card's text starts with, the text without them); ([], text) when
    it starts with none — other tags stay words of the question."""
    tags: list[str] = []
    while (m := _LEADING_TAG_RE.match(question)) is not None and is_flashcards_tag(
        m.group(1), wanted
    ):
        tags.append(m.group(1).rstrip("/"))
        question = question[m.end() :]
    return tags, question.strip() if tags else question


def _tag_lines(
    body: str, spans: Sequence[Span], wanted: Sequence[str]
) -> list[tuple[int, list[str]]]:
    """(line index, flashcards tags on it) for each line outside every card that has some."""
    lines = body.split("\n")
    inside = {i for s in spans for i in range(s.first, s.last + 1)}
    found = []
    for i in prose_indexes(lines):
        if i in inside or "#" not in lines[i]:
            continue
        mine = [t for t in inline_tags(lines[i]) if is_flashcards_tag(t, wanted)]
        if mine:
            found.append((i, mine))
    return found


def card_topics(
    body: str, meta: dict[str, object], spans: Sequence[Span], wanted: Sequence[str]
) -> list[list[str]]:
    """The flashcards tags (Obsidian form) each card of `spans` is filed under, in order."""
    groups = _tag_lines(body, spans, wanted)
    front = [t for t in frontmatter_tags(meta) if is_flashcards_tag(t, wanted)]
    first_any = front[:1] or (groups[0][1][:1] if groups else [])
    topics: list[list[str]] = []
    for span in spans:
        above = [tags for line, tags in groups if line < span.first]
        topics.append(above[-1] if above else front or first_any)
    return topics


def card_tags(
    note_tags: Sequence[str], topic: Sequence[str], wanted: Sequence[str]
) -> tuple[str, ...]:
    """The note's Anki tags with only this card's own flashcards tags among them."""
    own = {anki_tag(t).casefold() for t in topic}
    return tuple(
        t
        for t in note_tags
        if not is_flashcards_tag(t.replace("::", "/"), wanted) or t.casefold() in own
    )
