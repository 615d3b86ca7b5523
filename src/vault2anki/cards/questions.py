"""Find the question/answer pairs in a note (the README's "Layouts it understands").

An *answer heading* (`### Ответ`, `## Answer (EN)`, `Answer:`) makes one card. Its question is
the nearest preceding non-marker heading above it, else the content before it (a video link, a
task's code block), else the file name. Bilingual notes pair `# Question (EN)` sections with
`## Answer (EN)` by qualifier, else by order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from ..model import CardSource, NoteFile
from ..options import LayoutOptions
from ..report import Report
from .headings import BOLD_LEVEL, HEADING_RE, Heading, find_headings, has_qualifier
from .tags import TAG_RE, is_tag_line, note_tags

_DEFAULT = LayoutOptions()

_BREAK_RE = re.compile(r"^\s{0,3}([-_*])(\s*\1){2,}\s*$")
# Navigation: wikilinks alone on a line, maybe as a heading or after `links:` (not embeds).
_LINK_LINE_RE = re.compile(
    r"^\s*(?:#{1,6}\s+)?(?:(?:links?|related|see also|назад|ссылки)\s*:\s*)?"
    r"(?:(?<!!)\[\[[^\]]*\]\][\s,|·•—–-]*)+$",
    re.IGNORECASE,
)


def is_footer_line(line: str) -> bool:
    """Navigation and tag lines at the end of an answer: `___`, `#tags`, `### [[Index|Назад]]`."""
    return (
        not line.strip()
        or bool(_BREAK_RE.match(line))
        or is_tag_line(line)  # `### #git-clone` is a heading of the answer, not a footer
        or bool(_LINK_LINE_RE.match(line))
    )


def _trim(lines: list[str]) -> list[str]:
    """A question's block without the navigation, tag, rule and blank lines at either end:
    a rule there separates it from what follows, it is not part of the question."""
    start, end = 0, len(lines)
    while end > start and is_footer_line(lines[end - 1]):
        end -= 1
    while start < end and is_footer_line(lines[start]):
        start += 1
    return lines[start:end]


def _trim_answer(lines: list[str], last: bool) -> list[str]:
    """An answer without its navigation footer and the tag, rule and blank lines before it.
    At the end of the note (`last`) a closing rule with no links after it is the answer's
    own; before the next section it separates the two (the bilingual `---` between `## Ответ
    (RU)` and `## Answer (EN)`). A heading underline is always content."""
    start, end = 0, _footer_start(lines) if last else _separator_start(lines)
    while start < end and is_footer_line(lines[start]):
        start += 1
    return lines[start:end]


def _footer_start(lines: list[str]) -> int:
    """Where the answer's end matter starts: its footer — from the first of the rules that
    end the answer, when tags or links to other notes follow it (the seed vault's `___`,
    `#tags`, `___`, `### [[Index|Назад]]`, or `___`, `tags: #hh`) — else its trailing tag and
    blank lines. A closing rule with nothing after it is content, and so is `---` under a
    line of text (a heading)."""
    end = len(lines)
    zone, metadata = end, False
    while zone > 0 and is_footer_line(lines[zone - 1]):
        line = lines[zone - 1]
        metadata = metadata or bool(_LINK_LINE_RE.match(line)) or is_tag_line(line)
        zone -= 1
    end = _without_tags(lines, end)
    if metadata:
        for i in range(zone, end):
            if _BREAK_RE.match(lines[i]) and not (i > 0 and _is_text(lines[i - 1], lines[i])):
                return _without_tags(lines, i)
    return end


def _separator_start(lines: list[str]) -> int:
    """Where the trailing rules, tags, links and blank lines before the next section start,
    a heading underline left alone."""
    end = len(lines)
    while end > 0 and is_footer_line(lines[end - 1]):
        if _BREAK_RE.match(lines[end - 1]) and end > 1 and _is_text(lines[end - 2], lines[end - 1]):
            break
        end -= 1
    return end


def _without_tags(lines: list[str], end: int) -> int:
    while end > 0 and (not lines[end - 1].strip() or is_tag_line(lines[end - 1])):
        end -= 1
    return end


def _is_text(above: str, rule: str) -> bool:
    return bool(above.strip()) and rule.strip()[0] in "-=" and not is_footer_line(above)


def _unquote(lines: list[str]) -> list[str]:
    """`> question` → `question` when the whole block is one quote (bilingual layout)."""
    body = [ln for ln in lines if ln.strip()]
    if body and all(ln.lstrip().startswith(">") for ln in body):
        return [re.sub(r"^\s*>\s?", "", ln) for ln in lines]
    return lines


def _plain_heading(text: str) -> str:
    """A heading used as a question, its inline `#tags` shown as written (Obsidian shows them):
    escaped, so that a question made only of tags is not dropped as a tag line."""
    return TAG_RE.sub(lambda m: "\\" + m.group(0), text).strip()


def _sectioned_answer_end(headings: list[Heading], answer: Heading, total: int) -> int:
    """End of an answer written as same-level sections (`## Ответ (RU)` then `## Краткая
    Версия`, `## Подробная Версия`): up to the next marker, a shallower heading, or a heading
    with its own qualifier (`## Follow-ups (RU)`), which belongs to the note, not the answer."""
    for h in headings:
        if h.index <= answer.index:
            continue
        if h.role is not None or h.level < answer.level:
            return h.index
        if h.level == answer.level and has_qualifier(h.text):
            return h.index
    return total


_NUMBERING_RE = re.compile(r"^(?:\d+[.)_-]?)+\s+")


def title_from_file(stem: str) -> str:
    """A file name as a question: without the ordering number notes are often named with
    (`050 Какой опыт работы с React` → `Какой опыт работы с React`)."""
    return _NUMBERING_RE.sub("", stem).strip() or stem


@dataclass
class _Outline:
    """A note body's lines and headings, searched from bisected positions: scanning from the
    first heading for every answer made a note with 10,000 questions take most of a minute."""

    lines: list[str]
    headings: list[Heading]

    def __post_init__(self) -> None:
        self.starts = [h.index for h in self.headings]

    def position(self, h: Heading) -> int:
        """Where `h` is in `headings`."""
        return bisect_left(self.starts, h.index)

    def next_heading(self, after: int, stop: int) -> int:
        """Line index of the first heading after `after` at level <= stop, or a marker."""
        for h in self.headings[bisect_right(self.starts, after) :]:
            if h.level <= stop or h.role is not None:
                return h.index
        return len(self.lines)

    def section(self, h: Heading) -> list[str]:
        return self.lines[h.index + 1 : self.next_heading(h.index, h.level)]

    def title_above(self, answer: Heading, since: int) -> Heading | None:
        """The nearest heading above `answer` (from line `since`) that can be its question."""
        for i in range(self.position(answer) - 1, bisect_left(self.starts, since) - 1, -1):
            h = self.headings[i]
            if h.level < answer.level and h.role is None:
                return h
        return None

    def next_marker(self, answer: Heading) -> int:
        """Line index of the next answer or question heading after `answer`, else the end."""
        for h in self.headings[self.position(answer) + 1 :]:
            if h.role is not None:
                return h.index
        return len(self.lines)


def _bilingual_question(
    outline: _Outline,
    answer: Heading,
    n: int,
    asked: list[Heading],
    by_qualifier: dict[str, Heading],
) -> tuple[list[str], int]:
    """(question lines, answer end) of the `n`th answer in a note with question sections:
    `# Question (EN)` pairs with `## Answer (EN)` (`by_qualifier`: the first question of each
    qualifier), else by order."""
    match = by_qualifier.get(answer.qualifier)
    if match is None and n < len(asked):
        match = asked[n]
    question_lines = _unquote(_trim(_own_lines(outline, match))) if match else []
    end = outline.next_heading(answer.index, answer.level)
    if not _trim(outline.lines[answer.index + 1 : end]):
        end = _sectioned_answer_end(outline.headings, answer, len(outline.lines))
    return question_lines, end


def _own_lines(outline: _Outline, question: Heading) -> list[str]:
    """A question section's lines, up to a heading with its own qualifier at any level
    (`### Prompt (RU)` under `# Question (EN)`): as for an answer, such a heading belongs to
    the note, not to this language's question."""
    end = outline.next_heading(question.index, question.level)
    for h in outline.headings[outline.position(question) + 1 :]:
        if h.index >= end or has_qualifier(h.text):
            return outline.lines[question.index + 1 : min(h.index, end)]
    return outline.lines[question.index + 1 : end]


def _heading_question(
    outline: _Outline, answer: Heading, since: int, note: NoteFile, report: Report
) -> tuple[list[str], int]:
    """(question lines, answer end) of an answer heading: the title above it and the text in
    between, else the content since the previous card (unless that holds headings)."""
    lines = outline.lines
    title = outline.title_above(answer, since)
    if title is not None:
        between = _trim(lines[title.index + 1 : answer.index])
        return [_plain_heading(title.text), "", *between], outline.next_heading(
            answer.index, title.level
        )
    question_lines = _trim(lines[since : answer.index])
    if any(since <= h.index < answer.index for h in outline.headings[: outline.position(answer)]):
        # Sections before the answer (an article, a table of contents) are not a question:
        # the file name is a better one.
        report.warning(
            note.rel,
            note.body_line + answer.index,
            "no-question",
            "no question above this answer heading (only other sections); the file name is "
            "used — put the question in a heading above it",
        )
        question_lines = []
    return question_lines, outline.next_marker(answer)


def _card(
    note: NoteFile, lines: list[str], answer: Heading, end: int, question: str, report: Report
) -> CardSource:
    """The card of `answer` (its section ends at line index `end`); key and tags are set later."""
    first = answer.index + 1
    while first < end and not lines[first].strip():
        first += 1
    answer_md = "\n".join(_trim_answer(lines[answer.index + 1 : end], end == len(lines)))
    line = note.body_line + answer.index
    return CardSource(note, "", question, answer_md, line, note.body_line + first, ())


def _warn_repeated_questions(cards: list[CardSource], report: Report) -> None:
    seen: dict[str, int] = {}
    for card in cards:
        if card.question in seen:
            report.warning(
                card.note.rel,
                card.line,
                "duplicate-question",
                f"same question as the card at line {seen[card.question]}; "
                "give each answer its own question heading",
            )
        seen.setdefault(card.question, card.line)


def extract_cards(
    note: NoteFile,
    layout: LayoutOptions = _DEFAULT,
    report: Report | None = None,
    tags: tuple[str, ...] | None = None,
) -> list[CardSource]:
    """Every card of one note, in file order. Notes without an answer heading give none.

    `tags`: the note's tags when the caller has them already (`note_tags` otherwise).
    """
    report = report if report is not None else Report()
    lines = note.body.split("\n")
    outline = _Outline(lines, find_headings(lines, layout.answer_heading, layout.question_heading))
    answers = [h for h in outline.headings if h.role == "answer"]
    if not answers:
        return []
    asked = [h for h in outline.headings if h.role == "question"]
    first_asked: dict[str, Heading] = {}
    for q in asked:
        first_asked.setdefault(q.qualifier, q)
    tags = note_tags(note.meta, note.body) if tags is None else tags
    qualifiers = [a.qualifier for a in answers]
    # Qualifiers as keys only when every answer has its own: a card keeps its key (and GUID)
    # when a language is added or the sections are reordered.
    by_qualifier = all(qualifiers) and len(set(qualifiers)) == len(qualifiers)
    cards: list[CardSource] = []
    previous_end = 0
    for n, answer in enumerate(answers):
        if asked:
            question_lines, end = _bilingual_question(outline, answer, n, asked, first_asked)
        else:
            question_lines, end = _heading_question(outline, answer, previous_end, note, report)
        question = "\n".join(_trim(question_lines)).strip() or title_from_file(note.stem)
        card = _card(note, lines, answer, end, question, report)
        key = answer.qualifier if by_qualifier else str(n)
        cards.append(replace(card, key=key, tags=tags))
        previous_end = end
    _warn_repeated_questions(cards, report)
    return cards


def frontmatter_card(
    note: NoteFile,
    question: str,
    layout: LayoutOptions = _DEFAULT,
    report: Report | None = None,
    tags: tuple[str, ...] | None = None,
) -> CardSource:
    """The one card of a note whose question is given in its frontmatter.

    The answer is the note's first answer section when it has an answer heading, else its
    whole body; navigation footers are trimmed as in the heading layout. The key is "0", the
    key the note's first card has in the heading layout, so adding `question:` to a note that
    already exports keeps its card (and review history) in Anki.
    """
    report = report if report is not None else Report()
    lines = note.body.split("\n")
    headings = find_headings(lines, layout.answer_heading, layout.question_heading)
    answers = [h for h in headings if h.role == "answer"]
    if answers:
        first = answers[0]
        end = _section_end(headings, first, len(lines))
        start, line = first.index + 1, note.body_line + first.index
        question = _front_question(question, lines[: first.index])
        if len(answers) > 1:
            report.warning(
                note.rel,
                note.body_line + answers[1].index,
                "frontmatter-question",
                "the frontmatter gives this note one question, so only its first answer "
                "section is exported; split the note or remove the frontmatter question",
            )
    else:
        start, end = 0, len(lines)
        line = note.body_line
    while start < end and is_footer_line(lines[start]):
        start += 1
    answer_md = "\n".join(_trim_answer(lines[start:end], end == len(lines)))
    if not answers:
        line = note.body_line + start if start < end else note.body_line
    return CardSource(
        note=note,
        key="0",
        question=question.strip(),
        answer=answer_md,
        line=line,
        answer_line=note.body_line + start if start < end else line,
        tags=note_tags(note.meta, note.body) if tags is None else tags,
    )


def _section_end(headings: list[Heading], answer: Heading, total: int) -> int:
    """Where an answer section ends: at the next marker, or the next heading as high as the
    section it opens — a heading marker's own level; for a bold marker, the level of the
    heading it stands under (none: only a marker ends it)."""
    level = answer.level
    if level == BOLD_LEVEL:
        above = [h.level for h in headings if h.index < answer.index and h.role is None]
        level = above[-1] if above else 0
    return next(
        (
            h.index
            for h in headings
            if h.index > answer.index and (h.level <= level or h.role is not None)
        ),
        total,
    )


def _front_question(question: str, before: list[str]) -> str:
    """A frontmatter question with what the note writes above its answer marker (a coding
    task's statement and code): those lines are part of the question, never dropped. A first
    heading that only repeats the question is not repeated."""
    kept = _trim(before)
    title = HEADING_RE.match(kept[0]) if kept else None
    if title and title.group(2).strip().casefold() == question.strip().casefold():
        kept = _trim(kept[1:])
    return "\n\n".join(part for part in (question.strip(), "\n".join(kept)) if part)
