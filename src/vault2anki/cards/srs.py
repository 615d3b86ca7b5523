"""Cards written in the Obsidian "Spaced Repetition" plugin's syntax (notes tagged #flashcards).

    Question::Answer            one line, basic          Question:::Answer   one line, reversed
    Question lines              multi-line, basic        (`??` instead of `?`: reversed)
    ?
    Answer lines
    A paragraph with ==a highlight== or {{c1::a deletion}}: a cloze card per deletion

A multi-line question is the lines before the separator back to the previous blank line or card;
its answer the lines after it up to the next blank line. Blank lines inside fenced code do not
end either, and separators inside fenced or inline code, or inside a `{{c1::…}}` deletion, do
not count. The plugin's `<!--SR:…-->` scheduling comments are dropped: Anki schedules.

A card's key — what its GUID is made of besides the note — is its question text (a cloze: its
text with the deletions blanked), so editing an answer updates the card in Anki, while inserting
or reordering cards moves nothing. Editing a question makes a new card.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..model import CardSource, NoteFile
from ..options import LayoutOptions
from ..report import Report
from .questions import empty_answer
from .srcheck import missed_cards, plugin_cards, report_plugin_card
from .srcloze import cloze_key, mask, normalize, to_cloze
from .srlines import Line, lines_text, note_lines
from .srtopics import Span, card_tags, card_topics, split_leading_tag, subdeck

# A list bullet, and a task's box after it (`- [ ] `, `- [x] `): not part of the question.
_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[.\]\s+)?")


@dataclass(frozen=True)
class _Found:
    kind: str
    question: str
    answer: str
    line: int  # body index of the separator / the card's line
    answer_line: int  # body index where the answer starts
    key: str
    span: Span  # the card's first and last body line (what the plugin files and checks)


def _cloze(segment: list[Line], syntax: LayoutOptions) -> Iterator[_Found]:
    """The paragraph `segment` as a cloze card, if it holds a deletion."""
    if not segment:
        return
    text, count = to_cloze(segment, syntax.sr_highlight_cloze)
    if count:
        at = segment[0].index
        span = Span(at, segment[-1].index)
        yield _Found("cloze", text, "", at, at, cloze_key(text), span)


def _paragraph_end(lines: list[Line], i: int) -> int:
    while i < len(lines) and not lines[i].blank:
        i += 1
    return i


def _multiline_card(
    above: list[Line], separator: Line, below: list[Line], syntax: LayoutOptions
) -> _Found | None:
    """The card a `?` line makes of the lines above and below it; None without a question."""
    stripped = separator.text.strip()
    kind = "reversed" if stripped == syntax.sr_multiline_reversed else "basic"
    question = lines_text(above)
    if not question.strip():
        return None
    answer_at = below[0].index if below else separator.index
    span = Span(above[0].index, (below[-1] if below else separator).index)
    key = normalize(question)
    return _Found(kind, question, lines_text(below), separator.index, answer_at, key, span)


def _inline_card(line: Line, syntax: LayoutOptions) -> tuple[str, _Found | None] | None:
    """(separator, card) of a `Q::A` line, the card None without a question; None for a line
    without a separator (outside code and deletions)."""
    masked = mask(line.text)
    sep = next((s for s in (syntax.sr_inline_reversed, syntax.sr_inline) if s in masked), None)
    if sep is None:
        return None
    at = masked.index(sep)
    question = _BULLET_RE.sub("", line.text[:at]).strip()
    if not question:
        return sep, None
    answer = line.text[at + len(sep) :].strip()
    kind = "reversed" if sep == syntax.sr_inline_reversed else "basic"
    span = Span(line.index, line.index)
    return sep, _Found(kind, question, answer, line.index, line.index, normalize(question), span)


def _segments_and_cards(
    lines: list[Line], syntax: LayoutOptions, rel: str, body_line: int, report: Report
) -> Iterator[_Found]:
    """Every card of the note's lines, in order: multi-line, one-line and cloze."""

    def no_question(line: Line, message: str) -> None:
        report.warning(rel, body_line + line.index, "sr-no-question", message)

    start = i = 0  # start: first line of the current paragraph not taken by a card
    while i < len(lines):
        line = lines[i]
        if line.code:
            i += 1
        elif line.blank:
            yield from _cloze(lines[start:i], syntax)
            i = start = i + 1
        elif (stripped := line.text.strip()) in (syntax.sr_multiline, syntax.sr_multiline_reversed):
            end = _paragraph_end(lines, i + 1)
            found = _multiline_card(lines[start:i], line, lines[i + 1 : end], syntax)
            if found is None:
                no_question(
                    line,
                    f"'{stripped}' separator with no question above it; no card made — "
                    "write the question on the lines right above it",
                )
            else:
                yield found
            i = start = end
        elif (inline := _inline_card(line, syntax)) is not None:
            yield from _cloze(lines[start:i], syntax)
            sep, found = inline
            if found is None:
                no_question(
                    line, f"nothing before '{sep}'; no card made — write the question before it"
                )
            else:
                yield found
            i = start = i + 1
        else:
            i += 1
    yield from _cloze(lines[start:], syntax)


def _own_topic(card: _Found, wanted: str) -> tuple[_Found, str | None]:
    """A card whose text starts with a flashcards tag is filed under it, and the tag is not
    part of its question (as in the plugin)."""
    tag, question = split_leading_tag(card.question, wanted)
    if tag is None:
        return card, None
    key = cloze_key(question) if card.kind == "cloze" else normalize(question)
    return replace(card, question=question, key=key), tag


def _filed(
    note: NoteFile, found: list[_Found], tags: tuple[str, ...], wanted: str | None, decks: bool
) -> tuple[list[_Found], list[tuple[tuple[str, ...], str | None]]]:
    """The cards with leading flashcards tags taken off, and each card's (tags, deck): only its
    own flashcards tags (the nearest above it), and `::sub::deck` under the note's deck."""
    if not wanted:
        return found, [(tags, None)] * len(found)
    own = [_own_topic(card, wanted) for card in found]
    found = [card for card, _ in own]
    nearest = card_topics(note.body, note.meta, [c.span for c in found], wanted)
    filed = []
    for (_, tag), near in zip(own, nearest, strict=True):
        topic = [tag] if tag else near
        sub = subdeck(topic[0], wanted) if topic and decks else ""
        filed.append((card_tags(tags, topic, wanted), "::" + sub if sub else None))
    return found, filed


def _report_missed(
    note: NoteFile,
    layout: LayoutOptions,
    found: list[_Found],
    told: set[int | None],
    report: Report,
) -> None:
    """Cards the plugin would make where we made none (and said nothing yet)."""
    plugin = plugin_cards(
        note.body,
        layout.sr_inline,
        layout.sr_inline_reversed,
        layout.sr_multiline,
        layout.sr_multiline_reversed,
        layout.sr_highlight_cloze,
    )
    for span, kind in missed_cards(plugin, [c.span for c in found]):
        if note.body_line + span.first not in told:
            report_plugin_card(report, note.rel, note.body_line + span.first, kind)


def extract_sr_cards(
    note: NoteFile,
    tags: tuple[str, ...],
    layout: LayoutOptions | None = None,
    report: Report | None = None,
) -> list[CardSource]:
    """Every Spaced Repetition card of a note, in file order (separators: `layout.sr_*`).

    Each card keeps only its own flashcards tags (srtopics.py), and with
    `layout.deck_from_flashcards_tags` goes to the deck they name, below the note's deck
    (`CardSource.deck` `::course::lecture-1`). Cards the plugin would make and we do not are
    reported.
    """
    report = report if report is not None else Report()
    layout = layout or LayoutOptions()
    before = len(report.problems)
    found = list(
        _segments_and_cards(note_lines(note.body), layout, note.rel, note.body_line, report)
    )
    _report_missed(note, layout, found, {p.line for p in report.problems[before:]}, report)
    found, filed = _filed(
        note, found, tags, layout.flashcards_tag, layout.deck_from_flashcards_tags
    )
    cards: list[CardSource] = []
    seen: dict[str, int] = {}
    for card, (card_tags_, deck) in zip(found, filed, strict=True):
        line = note.body_line + card.line
        # Same question twice in a note: the second gets its own key, and a warning.
        count = seen.get(card.key, 0)
        seen[card.key] = count + 1
        key = "sr:" + card.key + (f"#{count + 1}" if count else "")
        if count:
            report.warning(
                note.rel,
                line,
                "duplicate-question",
                "same question as an earlier card of this note; each is exported, but "
                "reordering them swaps their review history — make the questions differ",
            )
        if card.kind != "cloze" and not card.answer.strip():
            empty_answer(report, note.rel, line)
        cards.append(
            CardSource(
                note=note,
                key=key,
                question=card.question,
                answer=card.answer,
                line=line,
                answer_line=note.body_line + card.answer_line,
                tags=card_tags_,
                kind=card.kind,
                deck=deck,
            )
        )
    return cards
