"""Review progress the Spaced Repetition plugin keeps next to its cards, as Anki schedules.

The plugin (st3v3nmw/obsidian-spaced-repetition) writes one HTML comment after each question,
with one `!` group per sibling card — each cloze deletion, each side of a reversed card, in order:

    <!--SR:!2024-01-10,3,250-->                   due day, interval in days, ease ×100
    <!--SR:!2024-01-10,3,250!2000-01-01,1,250-->  a reversed card whose back is not yet scheduled
    <!--SR:2021-08-10,3,250-->                    the older form, without `!` (one card)
    <!--SR:!fsrs,2024-05-01T08:00:00.000Z,13,5.1,5.5,2,7,1,0,2024-04-18T08:00:00.000Z-->
        its FSRS scheduler: due time, interval, stability, difficulty, state, reps, lapses,
        learning steps, last review (`-` when none)

`2000-01-01` is the plugin's placeholder for a sibling never reviewed (and so is a date it cannot
read): that card stays new. Dates may also be written `DD-MM-YYYY` or `Mon Jan 01 2024`, as the
plugin reads them. Its newer versions can move the comment into a `> [!sr|card-metadata]` callout
under the card (`> <!--SR:…-->` on the next line): read the same, and neither line is part of the
card. A `^sr-data-id-…` block id names a schedule kept in the plugin's own data instead; that store
is unfinished in the plugin (it returns no schedule), so such a card comes in as new, and the id
never shows on it.

Dates are local: the plugin writes the day a card is due in the time zone of the machine it runs
on, and the card is due at the start of that day wherever Anki runs (Anki's days start at its
"next day starts at" hour). An FSRS due time is an instant: its day is the machine's local day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..model import FsrsMemory, NoteFile, Schedule
from ..options import LayoutOptions
from ..report import Report
from .srtopics import Span

# Stops short of the next `<!--SR:`, as srlines.SR_COMMENT_RE does: a line of 10,000 unclosed
# comments stays linear.
_COMMENT_RE = re.compile(r"<!--SR:((?:(?!<!--SR:).)*?)-->")
# Lines that hold nothing but the plugin's data: a comment alone, the metadata callout's header
# and its `> <!--SR:…-->` line, a `^sr-data-id-…` line. Never part of a card.
_DATA_LINE_RE = re.compile(
    r"^[ \t]*(?:>[ \t]*)?(?:<!--SR:.*?-->|\[!sr\|card-metadata\][^\n]*|\^sr-data-id-[\w-]+)[ \t]*$"
)
_PLACEHOLDER = dt.date(2000, 1, 1)
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%a %b %d %Y")  # the plugin's ALLOWED_DATE_FORMATS
# Anki's lowest ease (130%): a card below it would be reset by Anki's own checks.
_MIN_FACTOR = 1300
_MAX_INTERVAL = 36500
_FSRS_STATES = {1, 2, 3}  # ts-fsrs: 0 new, 1 learning, 2 review, 3 relearning


def is_data_line(text: str) -> bool:
    """Whether a note line holds only the plugin's data (never a card's content)."""
    return ("SR:" in text or "sr" in text) and _DATA_LINE_RE.match(text) is not None


@dataclass(frozen=True)
class _Sibling:
    due: dt.date
    interval: int
    factor: int
    fsrs: FsrsMemory | None = None
    reps: int = 1
    lapses: int = 0


def _date(text: str) -> dt.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _instant(text: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.astimezone()


def _sm2(fields: list[str]) -> _Sibling | None:
    """`date,interval,ease`: None for the placeholder; ValueError when unreadable."""
    if len(fields) < 3:
        raise ValueError("needs a date, an interval and an ease")
    due = _date(fields[0])
    if due is None:
        raise ValueError(f"no date in {fields[0]!r}")
    if due == _PLACEHOLDER:
        return None
    interval, ease = int(float(fields[1])), int(float(fields[2]))  # as the plugin's parseInt
    return _Sibling(due, _days(interval), max(_MIN_FACTOR, ease * 10))


def _days(interval: int) -> int:
    """An interval Anki keeps: 1 day to its 100 years."""
    return min(_MAX_INTERVAL, max(1, interval))


def _ease_of(difficulty: float) -> int:
    """The plugin's own mapping of an FSRS difficulty (1–10) to an ease (130–370 %)."""
    d = min(10.0, max(1.0, difficulty))
    return round(130 + (10 - d) / 9 * 240)


def _fsrs(fields: list[str]) -> _Sibling | None:
    """`fsrs,due,interval,stability,difficulty,state,reps,lapses,…,last review`."""
    if len(fields) < 8:
        raise ValueError("an FSRS schedule needs 8 values or more")
    when = _instant(fields[1])
    if when is None:
        raise ValueError(f"no time in {fields[1]!r}")
    interval, stability, difficulty = (float(v) for v in fields[2:5])
    state, reps, lapses = (int(v) for v in fields[5:8])
    if state not in _FSRS_STATES:
        return None  # new in FSRS: nothing learnt yet
    last = _instant(fields[9]) if len(fields) > 9 and fields[9].strip() != "-" else None
    memory = FsrsMemory(stability, difficulty, int(last.timestamp()) if last else None)
    factor = max(_MIN_FACTOR, _ease_of(difficulty) * 10)
    due = when.astimezone().date()  # the machine's local day, as for the plugin's own dates
    return _Sibling(due, _days(round(interval)), factor, memory, max(1, reps), lapses)


def _segments(comment: str) -> list[str]:
    if "!" not in comment:
        return [comment]  # the older single-card form
    return [s.strip() for s in comment.split("!") if s.strip()]


def parse_comment(comment: str) -> Iterator[_Sibling | ValueError | None]:
    """Each sibling card's progress in the text of one `<!--SR:…-->` comment, in order: None
    when it is not scheduled, the error when it cannot be read."""
    for segment in _segments(comment):
        fields = segment.split(",")
        try:
            yield _fsrs(fields) if fields[0].strip() == "fsrs" else _sm2(fields)
        except ValueError as exc:
            yield exc


def _comments(
    lines: list[str], first: int, last: int, end_marker: str
) -> Iterator[tuple[int, str]]:
    """(line index, text) of each comment on the card's lines `first`..`last` and on the lines
    of plugin data right below them — before or after the card's end marker, if it has one."""
    end = last + 1
    while end < len(lines) and is_data_line(lines[end]):
        end += 1
    if end_marker and end < len(lines) and lines[end].strip() == end_marker:
        end += 1
        while end < len(lines) and is_data_line(lines[end]):
            end += 1
    for index in range(first, end):
        for m in _COMMENT_RE.finditer(lines[index]):
            yield index, m.group(1)


def _ordinals(kind: str, question: str, count: int) -> list[int]:
    """The Anki card each sibling is: a cloze's deletions by number, else the templates."""
    if kind == "cloze":
        numbers = sorted({int(n) for n in re.findall(r"\{\{c(\d+)::", question)})
        return [n - 1 for n in numbers if n > 0]
    return list(range(2 if kind == "reversed" else 1))[:count]


def card_schedules(
    body_lines: list[str],
    span: Span,
    card: tuple[str, str],
    note: NoteFile,
    report: Report,
    end_marker: str = "",
) -> tuple[Schedule, ...]:
    """The progress the plugin wrote for the card (`kind`, `question`) on lines `span` of the
    note's `body_lines`, one `Schedule` per Anki card that has one (none when `body_lines` is
    empty: not read). `end_marker`: the multi-line end marker, when the plugin has one."""
    kind, question = card
    if not body_lines:
        return ()
    rel, body_line = note.rel, note.body_line
    siblings: list[_Sibling | None] = []
    for index, comment in _comments(body_lines, span.first, span.last, end_marker):
        for found in parse_comment(comment):
            if isinstance(found, ValueError):
                report.warning(
                    rel,
                    body_line + index,
                    "sr-schedule",
                    f"cannot read the review progress <!--SR:{comment}--> ({found}); the card "
                    "comes into Anki as new — fix or remove the comment",
                )
                found = None
            siblings.append(found)
    ords = _ordinals(kind, question, len(siblings))
    return tuple(
        Schedule(o, s.due, s.interval, s.factor, s.fsrs, s.reps, s.lapses)
        for o, s in zip(ords, siblings, strict=False)
        if s is not None
    )


Progress = Callable[[Span, str, str], tuple[Schedule, ...]]


def progress_reader(note: NoteFile, layout: LayoutOptions, report: Report) -> Progress:
    """`card_schedules` for the cards of `note`: (span, kind, question) → their progress; none
    with `--no-sr-schedule`. The note's lines are split once, for all its cards."""
    body_lines = note.body.split("\n") if layout.sr_schedule else []
    marker = layout.sr_multiline_end_marker

    def progress(span: Span, kind: str, question: str) -> tuple[Schedule, ...]:
        return card_schedules(body_lines, span, (kind, question), note, report, marker)

    return progress
