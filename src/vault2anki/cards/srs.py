"""Cards written in the Obsidian "Spaced Repetition" plugin's syntax (notes tagged #flashcards).

    Question::Answer            one line, basic          Question:::Answer   one line, reversed
    Question lines              multi-line, basic        (`??` instead of `?`: reversed)
    ?
    Answer lines
    A paragraph with ==a highlight== or {{c1::a deletion}}: a cloze card per deletion

A multi-line question is the lines before the separator back to the previous blank line or card;
its answer the lines after it up to the next blank line. Blank lines inside fenced code do not
end either, and separators inside fenced or inline code, or inside a `{{c1::…}}` deletion, do
not count. The plugin's `<!--SR:…-->` scheduling comments are no part of a card: each card
carries the review progress they hold into Anki (srschedule.py).

A card's key — what its GUID is made of besides the note — is its question text (a cloze: its
text with the deletions blanked), so editing an answer updates the card in Anki, while inserting
or reordering cards moves nothing. Editing a question makes a new card.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from ..model import CardSource, NoteFile
from ..options import LayoutOptions
from ..report import Report
from .srcheck import missed_cards, plugin_cards, report_plugin_card
from .srcloze import cloze_key, mask, normalize, to_cloze
from .srlines import Line, lines_text, note_lines
from .srschedule import progress_reader
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


def _trimmed(segment: list[Line]) -> list[Line]:
    """`segment` without the blank lines it ends with (a card before an end marker)."""
    end = len(segment)
    while end and segment[end - 1].blank:
        end -= 1
    return segment[:end]


def _cloze(
    segment: list[Line], syntax: LayoutOptions, warn: Callable[[Line], None]
) -> Iterator[_Found]:
    """The paragraph `segment` as a cloze card, if it holds a deletion that makes a card;
    `warn` is told of a paragraph whose deletions all make none (`{{c0::…}}`, `== ==`)."""
    segment = _trimmed(segment)
    if not segment:
        return
    text, count, written = to_cloze(segment, syntax.cloze_patterns())
    if count:
        at = segment[0].index
        span = Span(at, segment[-1].index)
        yield _Found("cloze", text, "", at, at, cloze_key(text), span)
    elif written:
        warn(segment[0])


def _has_deletion(segment: list[Line], syntax: LayoutOptions) -> bool:
    return bool(segment) and to_cloze(segment, syntax.cloze_patterns())[1] > 0


def _is_end_marker(line: Line, syntax: LayoutOptions) -> bool:
    marker = syntax.sr_multiline_end_marker
    return bool(marker) and not line.code and line.text.strip() == marker


def _paragraph_end(lines: list[Line], i: int, syntax: LayoutOptions) -> int:
    """Where a card's lines from `i` end: the next blank line, or with an end marker set, the
    next marker line (blank lines then belong to the card)."""
    marked = bool(syntax.sr_multiline_end_marker)
    while i < len(lines) and not (
        _is_end_marker(lines[i], syntax) or (not marked and lines[i].blank)
    ):
        i += 1
    return i


def _multiline_card(
    above: list[Line], separator: Line, below: list[Line], syntax: LayoutOptions
) -> _Found | None:
    """The card a `?` line makes of the lines above and below it; None without a question."""
    stripped = separator.text.strip()
    kind = "reversed" if stripped == syntax.sr_multiline_reversed.strip() else "basic"
    question = lines_text(above)
    if not question.strip():
        return None
    below = _trimmed(below)
    answer_at = below[0].index if below else separator.index
    span = Span(above[0].index, (below[-1] if below else separator).index)
    key = normalize(question)
    return _Found(kind, question, lines_text(below), separator.index, answer_at, key, span)


def _inline_card(line: Line, syntax: LayoutOptions) -> tuple[str, _Found | None] | None:
    """(separator, card) of a `Q::A` line, the card None without a question; None for a line
    without a separator (outside code and deletions). The longer separator is looked for
    first, as in the plugin (`:::` before `::`, `<:>` before `:>`)."""
    masked = mask(line.text, syntax.cloze_patterns())
    separators = sorted(filter(None, (syntax.sr_inline_reversed, syntax.sr_inline)), key=len)
    sep = next((s for s in reversed(separators) if s in masked), None)
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


def _is_separator(line: Line, syntax: LayoutOptions) -> bool:
    separators = (syntax.sr_multiline.strip(), syntax.sr_multiline_reversed.strip())
    return line.text.strip() in filter(None, separators)


def _segments_and_cards(
    lines: list[Line], syntax: LayoutOptions, rel: str, body_line: int, report: Report
) -> Iterator[_Found]:
    """Every card of the note's lines, in order: multi-line, one-line and cloze."""

    def no_question(line: Line, message: str) -> None:
        report.warning(rel, body_line + line.index, "sr-no-question", message)

    def no_deletion(line: Line) -> None:
        report.warning(rel, body_line + line.index, "sr-cloze-empty", EMPTY_CLOZE)

    start = i = 0  # start: first line of the current paragraph not taken by a card
    while i < len(lines):
        line = lines[i]
        if line.code:
            i += 1
        elif line.blank or _is_end_marker(line, syntax):
            end = i
            if (
                line.blank
                and syntax.sr_multiline_end_marker
                and _has_deletion(lines[start:i], syntax)
            ):
                end = _paragraph_end(lines, i, syntax)  # a cloze runs to the end marker
            yield from _cloze(lines[start:end], syntax, no_deletion)
            i = start = end + 1
        elif _is_separator(line, syntax):
            end = _paragraph_end(lines, i + 1, syntax)
            found = _multiline_card(lines[start:i], line, lines[i + 1 : end], syntax)
            if found is None:
                no_question(
                    line,
                    f"'{line.text.strip()}' separator with no question above it; no card made "
                    "— write the question on the lines right above it",
                )
            else:
                yield found
            i = start = end + (1 if syntax.sr_multiline_end_marker else 0)
        elif (inline := _inline_card(line, syntax)) is not None:
            yield from _cloze(lines[start:i], syntax, no_deletion)
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
    yield from _cloze(lines[start:], syntax, no_deletion)


EMPTY_CLOZE = (
    "a cloze paragraph whose deletions make no card (number 0, or nothing hidden); no card "
    "made — number the deletion from 1 and put the hidden text inside it"
)


def _own_topic(card: _Found, wanted: Sequence[str]) -> tuple[_Found, list[str]]:
    """A card whose text starts with flashcards tags is filed under them, and they are not
    part of its question (as in the plugin)."""
    tags, question = split_leading_tag(card.question, wanted)
    if not tags:
        return card, []
    key = cloze_key(question) if card.kind == "cloze" else normalize(question)
    return replace(card, question=question, key=key), tags


def _filed(
    note: NoteFile,
    found: list[_Found],
    tags: tuple[str, ...],
    wanted: Sequence[str],
    decks: bool,
) -> tuple[list[_Found], list[tuple[tuple[str, ...], str | None]]]:
    """The cards with leading flashcards tags taken off, and each card's (tags, deck): only its
    own flashcards tags (the nearest above it), and `::sub::deck` under the note's deck."""
    if not wanted:
        return found, [(tags, None)] * len(found)
    own = [_own_topic(card, wanted) for card in found]
    found = [card for card, _ in own]
    nearest = card_topics(note.body, note.meta, [c.span for c in found], wanted)
    filed = []
    for (_, mine), near in zip(own, nearest, strict=True):
        topic = mine or near
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
    plugin = plugin_cards(note.body, layout)
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
    progress = progress_reader(note, layout, report)  # each card's <!--SR:…--> comments
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
                schedule=progress(card.span, card.kind, card.question),
            )
        )
    return cards
