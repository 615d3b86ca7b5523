"""A Spaced Repetition note's body as its cards are read from it: one `Line` per line.

HTML comments (`<!--SR:…-->` scheduling, `<!--Q::A-->` kept from an earlier draft, several lines
of them), Obsidian's `%%…%%` comments and the plugin's other data lines (its
`> [!sr|card-metadata]` callout, `^sr-data-id-…`: srschedule.py) are not content — the card
would show none of it — so nothing in one makes a card, a side or a cloze; fenced code keeps
its blank lines (they end no card).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vault.lines import Kind, code_spans, scan
from ..vault.lines import Line as ScannedLine
from .srschedule import is_data_line

# Starts only where a run of blanks starts and stops short of the next `<!--SR:`, so that
# long indentation or 10,000 unclosed comments stay linear (tests/bad_input/test_stalls.py).
SR_COMMENT_RE = re.compile(r"(?<![ \t])[ \t]*<!--SR:(?:(?!<!--SR:).)*?-->")


@dataclass(frozen=True)
class Line:
    index: int  # line index in the note body
    text: str  # SR comments removed
    code: bool  # inside a fenced block (fence lines included)

    @property
    def blank(self) -> bool:
        return not self.code and not self.text.strip()


def mask_code(text: str) -> str:
    """`text` with inline code blanked (same length)."""
    chars = list(text)
    for start, end in code_spans(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def without_comments(line: ScannedLine) -> str:
    """A prose line without its comments, HTML and `%%` alike (one running on past the line
    ends at its end)."""
    if not line.hidden:
        return line.text
    kept, pos = [], 0
    for start, end in sorted(line.hidden):
        kept.append(line.text[pos:start])
        pos = max(pos, end)
    kept.append(line.text[pos:])
    return "".join(kept)


def note_lines(body: str) -> list[Line]:
    """The note's lines as cards are read from them (see the module docstring): a line wholly
    inside a comment, or holding only one, is gone."""
    out: list[Line] = []
    for line in scan(body.split("\n")):
        text = line.text
        if line.code:
            out.append(Line(line.index, text, True))
            continue
        if line.kind in (Kind.HTML_COMMENT, Kind.COMMENT) or is_data_line(text):
            continue  # wholly inside a comment, or the plugin's data (srschedule.py)
        cleaned = SR_COMMENT_RE.sub("", without_comments(line))
        if cleaned.strip() or not text.strip():  # a line holding only a comment is gone
            out.append(Line(line.index, cleaned.rstrip() if cleaned != text else cleaned, False))
    return out


def lines_text(lines: list[Line]) -> str:
    return "\n".join(line.text for line in lines).strip("\n")
