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
from dataclasses import dataclass

from .model import CardSource, NoteFile
from .options import LayoutOptions
from .questions import empty_answer
from .report import Report
from .structure import code_indexes, code_spans

_SR_COMMENT_RE = re.compile(r"[ \t]*<!--SR:.*?-->")
# An Anki deletion: {{c1::text}} or {{c1::text::hint}} (text may hold single braces).
CLOZE_RE = re.compile(r"\{\{c(\d+)::(.+?)\}\}")
# Obsidian's highlight: no space just inside the marks, so `a == b == c` stays text.
_HIGHLIGHT_RE = re.compile(r"==(?![\s=])(.+?)(?<![\s=])==")
_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


@dataclass(frozen=True)
class _Line:
    index: int  # line index in the note body
    text: str  # SR comments removed
    code: bool  # inside a fenced block (fence lines included)

    @property
    def blank(self) -> bool:
        return not self.code and not self.text.strip()


def _blank_spans(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _mask_code(text: str) -> str:
    chars = list(text)
    for start, end in code_spans(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def mask(text: str) -> str:
    """`text` with inline code and cloze deletions blanked (same length): no separators there."""
    return _blank_spans(CLOZE_RE, _mask_code(text))


def _lines(body: str) -> list[_Line]:
    raw = body.split("\n")
    code = code_indexes(raw)
    out: list[_Line] = []
    for i, text in enumerate(raw):
        if i in code:
            out.append(_Line(i, text, True))
            continue
        cleaned = _SR_COMMENT_RE.sub("", text)
        if cleaned.strip() or not text.strip():  # a line holding only a comment is gone
            out.append(_Line(i, cleaned.rstrip() if cleaned != text else cleaned, False))
    return out


def _text(lines: list[_Line]) -> str:
    return "\n".join(line.text for line in lines).strip("\n")


def _outside_inline_code(
    text: str, convert: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> str:
    """Apply `convert` to the parts of one line that are not inline code."""
    out, last = [], 0
    for start, end in code_spans(text):
        out.append(convert.sub(repl, text[last:start]))
        out.append(text[start:end])
        last = end
    out.append(convert.sub(repl, text[last:]))
    return "".join(out)


def to_cloze(lines: list[_Line], highlight_cloze: bool) -> tuple[str, int]:
    """The paragraph with `==x==` turned into `{{cN::x}}` (numbered in order after the highest
    `{{cN::` already written), and how many deletions it holds outside code."""
    existing = [
        int(n) for ln in lines if not ln.code for n, _ in CLOZE_RE.findall(_mask_code(ln.text))
    ]
    counter = max(existing, default=0)
    converted: list[str] = []
    found = len(existing)
    for line in lines:
        text = line.text
        if not line.code and highlight_cloze:

            def number(m: re.Match[str]) -> str:
                nonlocal counter, found
                counter += 1
                found += 1
                return f"{{{{c{counter}::{m.group(1)}}}}}"

            text = _outside_inline_code(text, _HIGHLIGHT_RE, number)
        converted.append(text)
    return "\n".join(converted).strip("\n"), found


def _normalize(text: str) -> str:
    return " ".join(text.split())


def cloze_key(text: str) -> str:
    """A cloze's identity: its text with each deletion's content blanked (`{{c1}}`), so fixing
    what is hidden updates the card; rewording the sentence around it makes a new one."""
    return _normalize(CLOZE_RE.sub(lambda m: f"{{{{c{m.group(1)}}}}}", text))


@dataclass(frozen=True)
class _Found:
    kind: str
    question: str
    answer: str
    line: int  # body index of the separator / the card's line
    answer_line: int  # body index where the answer starts
    key: str


def _segments_and_cards(
    lines: list[_Line], syntax: LayoutOptions, rel: str, body_line: int, report: Report
) -> Iterator[_Found]:
    n = len(lines)
    start = 0  # first line of the current paragraph not taken by a card
    i = 0

    def cloze(segment: list[_Line]) -> Iterator[_Found]:
        if not segment:
            return
        text, count = to_cloze(segment, syntax.sr_highlight_cloze)
        if count:
            yield _Found("cloze", text, "", segment[0].index, segment[0].index, cloze_key(text))

    while i < n:
        line = lines[i]
        if line.code:
            i += 1
            continue
        if line.blank:
            yield from cloze(lines[start:i])
            i += 1
            start = i
            continue
        stripped = line.text.strip()
        if stripped in (syntax.sr_multiline, syntax.sr_multiline_reversed):
            kind = "reversed" if stripped == syntax.sr_multiline_reversed else "basic"
            question = _text(lines[start:i])
            j = i + 1
            while j < n and not lines[j].blank:
                j += 1
            answer = _text(lines[i + 1 : j])
            if not question.strip():
                report.warning(
                    rel,
                    body_line + line.index,
                    "sr-no-question",
                    f"'{stripped}' separator with no question above it; no card made — "
                    "write the question on the lines right above it",
                )
            else:
                answer_at = lines[i + 1].index if i + 1 < j else line.index
                yield _Found(kind, question, answer, line.index, answer_at, _normalize(question))
            i = start = j
            continue
        masked = mask(line.text)
        sep = next(
            (s for s in (syntax.sr_inline_reversed, syntax.sr_inline) if s in masked),
            None,
        )
        if sep is not None:
            yield from cloze(lines[start:i])
            at = masked.index(sep)
            question = _BULLET_RE.sub("", line.text[:at]).strip()
            answer = line.text[at + len(sep) :].strip()
            kind = "reversed" if sep == syntax.sr_inline_reversed else "basic"
            if question:
                yield _Found(kind, question, answer, line.index, line.index, _normalize(question))
            else:
                report.warning(
                    rel,
                    body_line + line.index,
                    "sr-no-question",
                    f"nothing before '{sep}'; no card made — write the question before it",
                )
            i += 1
            start = i
            continue
        i += 1
    yield from cloze(lines[start:n])


def extract_sr_cards(
    note: NoteFile,
    tags: tuple[str, ...],
    syntax: LayoutOptions | None = None,
    report: Report | None = None,
) -> list[CardSource]:
    """Every Spaced Repetition card of a note, in file order (separators: `syntax.sr_*`)."""
    report = report if report is not None else Report()
    syntax = syntax or LayoutOptions()
    found = list(_segments_and_cards(_lines(note.body), syntax, note.rel, note.body_line, report))
    cards: list[CardSource] = []
    seen: dict[str, int] = {}
    for card in found:
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
                tags=tags,
                kind=card.kind,
            )
        )
    return cards
