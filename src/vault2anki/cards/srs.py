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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from ..model import CardSource, NoteFile
from ..options import LayoutOptions
from ..report import Report
from ..vault.lines import Kind, code_spans, scan, without_html_comments
from .questions import empty_answer
from .srcheck import missed_cards, plugin_cards, report_plugin_card
from .srtopics import Span, card_tags, card_topics, split_leading_tag, subdeck

# Starts only where a run of blanks starts and stops short of the next `<!--SR:`, so that
# long indentation or 10,000 unclosed comments stay linear (tests/bad_input/test_stalls.py).
_SR_COMMENT_RE = re.compile(r"(?<![ \t])[ \t]*<!--SR:(?:(?!<!--SR:).)*?-->")
# An Anki deletion: {{c1::text}} or {{c1::text::hint}} (text may hold single braces).
CLOZE_RE = re.compile(r"\{\{c(\d+)::(.+?)\}\}")
# A highlight opens with `==` and a non-space (so `a == b == c` stays text) and closes at the
# next `==`, a space before it allowed, as the plugin reads `==answer ==`.
_HIGHLIGHT_RE = re.compile(r"==(?![\s=])(.+?)==")
# A list bullet, and a task's box after it (`- [ ] `, `- [x] `): not part of the question.
_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[.\]\s+)?")


@dataclass(frozen=True)
class _Line:
    index: int  # line index in the note body
    text: str  # SR comments removed
    code: bool  # inside a fenced block (fence lines included)

    @property
    def blank(self) -> bool:
        return not self.code and not self.text.strip()


def _mask_code(text: str) -> str:
    chars = list(text)
    for start, end in code_spans(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def clozes(text: str) -> Iterator[re.Match[str]]:
    """CLOZE_RE's matches, line by line up to the line's last `}}`: past it no deletion can
    close, and trying every `{{c1::` there would read the rest of the line again and again
    (minutes on a hostile line; tests/bad_input/test_stalls.py)."""
    pos = 0
    while pos <= len(text):
        eol = text.find("\n", pos)
        eol = len(text) if eol < 0 else eol
        last = text.rfind("}}", pos, eol)
        if last >= 0:
            yield from CLOZE_RE.finditer(text, pos, last + 2)
        pos = eol + 1


def _replace_clozes(text: str, repl: Callable[[re.Match[str]], str]) -> str:
    out, pos = [], 0
    for m in clozes(text):
        out += [text[pos : m.start()], repl(m)]
        pos = m.end()
    return "".join([*out, text[pos:]])


def mask(text: str) -> str:
    """`text` with inline code and cloze deletions blanked (same length): no separators there."""
    return _replace_clozes(_mask_code(text), lambda m: " " * len(m.group(0)))


def _lines(body: str) -> list[_Line]:
    """The note's lines as cards are read from them: HTML comments (`<!--SR:…-->` scheduling,
    `<!--Q::A-->` kept from an earlier draft, several lines of them) are not content, so
    nothing in one makes a card, a side or a cloze."""
    out: list[_Line] = []
    for line in scan(body.split("\n")):
        text = line.text
        if line.code:
            out.append(_Line(line.index, text, True))
            continue
        if line.kind is Kind.HTML_COMMENT:
            continue  # wholly inside a comment
        cleaned = _SR_COMMENT_RE.sub("", without_html_comments(line))
        if cleaned.strip() or not text.strip():  # a line holding only a comment is gone
            out.append(_Line(line.index, cleaned.rstrip() if cleaned != text else cleaned, False))
    return out


def _text(lines: list[_Line]) -> str:
    return "\n".join(line.text for line in lines).strip("\n")


def highlights(text: str) -> list[tuple[int, int, str]]:
    """(start, end, content) of each `==highlight==` on one line, as the plugin reads them:
    several per line, inline code inside one (`==`code`==`) kept, a space before the closing
    `==` allowed (and dropped); `==` inside inline code never opens or closes one."""
    chars = list(text)
    for start, end in code_spans(text):
        chars[start:end] = "\x01" * (end - start)
    masked = "".join(chars)
    return [
        (m.start(), m.end(), text[m.start(1) : m.end(1)].rstrip())
        for m in _HIGHLIGHT_RE.finditer(masked)
    ]


def _convert_highlights(text: str, number: Callable[[str], str]) -> str:
    out, last = [], 0
    for start, end, content in highlights(text):
        out += [text[last:start], number(content)]
        last = end
    return "".join(out) + text[last:]


# The plugin's own cloze syntax inside a highlight: `==2;;answer==` numbers the deletion
# (the same number hides several at once), `==answer;;hint==` gives a hint.
_NUMBERED_RE = re.compile(r"^(\d+);;")


def _deletion(content: str, number: int) -> str:
    """`answer;;hint` as Anki's `{{cN::answer::hint}}`."""
    answer, _, hint = content.partition(";;")
    return f"{{{{c{number}::{answer}{'::' + hint if hint else ''}}}}}"


def to_cloze(lines: list[_Line], highlight_cloze: bool) -> tuple[str, int]:
    """The paragraph with `==x==` turned into `{{cN::x}}` (numbered as written, `==N;;x==`,
    else in order after the highest number already there), and how many deletions it holds
    outside code."""
    prose = [ln.text for ln in lines if not ln.code]
    existing = [int(m.group(1)) for text in prose for m in clozes(_mask_code(text))]
    given = [
        int(m.group(1))
        for text in (prose if highlight_cloze else [])
        for _, _, content in highlights(text)
        if (m := _NUMBERED_RE.match(content))
    ]
    counter = max(existing + given, default=0)
    found = len(existing)

    def number(content: str) -> str:
        nonlocal counter, found
        found += 1
        if m := _NUMBERED_RE.match(content):
            return _deletion(content[m.end() :], int(m.group(1)))
        counter += 1
        return _deletion(content, counter)

    converted = [
        _convert_highlights(line.text, number) if highlight_cloze and not line.code else line.text
        for line in lines
    ]
    return "\n".join(converted).strip("\n"), found


def _normalize(text: str) -> str:
    return " ".join(text.split())


def cloze_key(text: str) -> str:
    """A cloze's identity: its text with each deletion's content blanked (`{{c1}}`), so fixing
    what is hidden updates the card; rewording the sentence around it makes a new one."""
    return _normalize(_replace_clozes(text, lambda m: f"{{{{c{m.group(1)}}}}}"))


@dataclass(frozen=True)
class _Found:
    kind: str
    question: str
    answer: str
    line: int  # body index of the separator / the card's line
    answer_line: int  # body index where the answer starts
    key: str
    span: Span  # the card's first and last body line (what the plugin files and checks)


def _cloze(segment: list[_Line], syntax: LayoutOptions) -> Iterator[_Found]:
    """The paragraph `segment` as a cloze card, if it holds a deletion."""
    if not segment:
        return
    text, count = to_cloze(segment, syntax.sr_highlight_cloze)
    if count:
        at = segment[0].index
        span = Span(at, segment[-1].index)
        yield _Found("cloze", text, "", at, at, cloze_key(text), span)


def _paragraph_end(lines: list[_Line], i: int) -> int:
    while i < len(lines) and not lines[i].blank:
        i += 1
    return i


def _multiline_card(
    above: list[_Line], separator: _Line, below: list[_Line], syntax: LayoutOptions
) -> _Found | None:
    """The card a `?` line makes of the lines above and below it; None without a question."""
    stripped = separator.text.strip()
    kind = "reversed" if stripped == syntax.sr_multiline_reversed else "basic"
    question = _text(above)
    if not question.strip():
        return None
    answer_at = below[0].index if below else separator.index
    span = Span(above[0].index, (below[-1] if below else separator).index)
    key = _normalize(question)
    return _Found(kind, question, _text(below), separator.index, answer_at, key, span)


def _inline_card(line: _Line, syntax: LayoutOptions) -> tuple[str, _Found | None] | None:
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
    return sep, _Found(kind, question, answer, line.index, line.index, _normalize(question), span)


def _segments_and_cards(
    lines: list[_Line], syntax: LayoutOptions, rel: str, body_line: int, report: Report
) -> Iterator[_Found]:
    """Every card of the note's lines, in order: multi-line, one-line and cloze."""

    def no_question(line: _Line, message: str) -> None:
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
    key = cloze_key(question) if card.kind == "cloze" else _normalize(question)
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
    found = list(_segments_and_cards(_lines(note.body), layout, note.rel, note.body_line, report))
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
