"""Checks on hostile input before it reaches the renderer.

- `nesting_depth`: the engine recurses once per nested quote/list level and stops nesting at
  its own depth (engine.py), which would cut such a card short without a word. Counting the
  depth first is cheap and lets the renderer refuse such a card at once, with an error.
"""

from __future__ import annotations

import re

from ..model import CardSource
from ..report import Report
from ..vault.lines import prose_indexes

# Real notes nest a handful of levels; 100 renders in well under a second, 300 blows the stack.
MAX_NESTING = 100

_LEAD_RE = re.compile(r"^[ \t>]*")
# A lead of L characters is at most 2L levels (a tab: up to four columns, two levels), so a
# card deeper than MAX_NESTING has a line with a lead this long: without one, no scan is needed.
_LONG_LEAD_RE = re.compile(rf"^[ \t>]{{{MAX_NESTING // 2 + 1},}}", re.MULTILINE)


def nesting_depth(markdown: str) -> int:
    """An upper bound of the quote/list nesting of `markdown` (fenced code is not counted).

    Each `>` is one level, and every two columns of indentation may be one (Obsidian nests lists
    by two spaces), so the estimate errs high; MAX_NESTING leaves room for that.
    """
    lines = markdown.split("\n")
    deepest = 0
    for i in prose_indexes(lines):
        lead = _LEAD_RE.match(lines[i])
        if lead is None or not lead.group(0):
            continue
        text = lead.group(0).expandtabs(4)
        depth = text.count(">") + len(text.replace(">", "")) // 2
        deepest = max(deepest, depth)
    return deepest


def too_deep(source: CardSource, report: Report) -> bool:
    """Is the card nested deeper than MAX_NESTING? Reported as an error when it is."""
    if not any(_LONG_LEAD_RE.search(text) for text in (source.question, source.answer)):
        return False
    depth = max(nesting_depth(source.question), nesting_depth(source.answer))
    if depth <= MAX_NESTING:
        return False
    report.error(
        source.note.rel,
        source.line,
        "too-deep",
        f"quotes/lists nested about {depth} levels deep (limit {MAX_NESTING}); "
        "the card is skipped — flatten the nesting",
    )
    return True
