"""Checks on hostile or inconsistent input that no single pipeline stage can see on its own.

- `duplicate_identities`: two card sources with the same GUID (two notes sharing a frontmatter
  `id`) would become one Anki note, each import overwriting the other. The first one (in the
  vault's sorted order) is kept; every later one is an error naming both files.
- `nesting_depth`: Python-Markdown recurses once per nested quote/list level and its time grows
  roughly with the square of the depth; a few hundred levels exhaust the stack after seconds.
  Counting the depth first is cheap and lets the renderer refuse such a card at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .model import Card, CardSource
from .report import Report
from .structure import prose_indexes
from .vault import Vault

# Real notes nest a handful of levels; 100 renders in well under a second, 300 blows the stack.
MAX_NESTING = 100

_LEAD_RE = re.compile(r"^[ \t>]*")


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


def _id_line(path: Path) -> int:
    """File line of the frontmatter `id:` key, else 1 (the frontmatter's first line)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            for number, line in enumerate(fh, 1):
                if re.match(r"^id\s*:", line):
                    return number
                if number > 1 and line.rstrip() in ("---", "---\\"):
                    break
    except OSError:
        pass
    return 1


def duplicate_identities(cards: Iterable[Card], vault: Vault, report: Report) -> list[Card]:
    """`cards` minus every note that reuses a GUID an earlier note has; an error for each.

    The whole later note is skipped, not just its colliding cards: a shared `id` means one of
    the two files is a copy, and half a copy in the deck would be more confusing than none.
    """
    by_note: dict[str, list[Card]] = {}
    for card in cards:
        by_note.setdefault(card.source, []).append(card)
    owners: dict[str, Card] = {}
    kept: list[Card] = []
    for rel, note_cards in by_note.items():
        clash = next((owners[c.guid] for c in note_cards if c.guid in owners), None)
        if clash is not None:
            note_id = _frontmatter_id(vault.abspath(rel)) if clash.pinned else None
            what = f"frontmatter id {note_id!r}" if note_id is not None else "identity"
            report.error(
                rel,
                _id_line(vault.abspath(rel)),
                "duplicate-id",
                f"{what} is already used by {clash.source}:"
                f"{_id_line(vault.abspath(clash.source))}; this note's cards are skipped — "
                "give each note its own id",
            )
            continue
        for card in note_cards:
            if card.guid in owners:  # two cards of one note: question keys make this impossible
                report.error(
                    rel,
                    card.source_line,
                    "duplicate-id",
                    f"same identity as the card at line {owners[card.guid].source_line}; "
                    "the card is skipped — give each question its own answer heading",
                )
                continue
            owners[card.guid] = card
            kept.append(card)
    return kept


def _frontmatter_id(path: Path) -> str | None:
    line = _id_line(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace").split("\n")[line - 1]
    except (OSError, IndexError):
        return None
    value = text.split(":", 1)[1].strip().strip("'\"") if ":" in text else ""
    return value or None
