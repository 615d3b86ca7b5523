"""Cloze deletions revealed the way Anki's `{{cloze:Field}}` filter reveals them.

Written from the behaviour of Anki's backend (rslib `cloze.rs`), which `card.question()` runs:
`{{cN::text::hint}}` may nest; the active deletion becomes `[...]` (or `[hint]`) on the front
and its text on the back, each in a `<span class="cloze">`; the others keep their text in a
`<span class="cloze-inactive">`. tests/preview/test_anki_equal.py compares the result with the real
backend for every card of the example and gallery vaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# `{{c` + digits + `::` opens a deletion, `}}` closes one; everything else is text.
_TOKEN_RE = re.compile(r"\{\{c(\d+)::|\}\}")
# Anki keeps at most this many deletions open; deeper openers are read as nothing.
_MAX_OPEN = 10
# MathJax spans, whose inner HTML Anki strips after revealing (`\(…\)` and `\[…\]`).
_MATHJAX_RE = re.compile(r"(\\[(\[])(.*?)(\\[)\]])", re.S | re.I)
_TAG_RE = re.compile(r"<!--.*?-->|<[^>]*>", re.S)


@dataclass
class _Cloze:
    ordinal: int
    nodes: list[str | _Cloze] = field(default_factory=list)
    hint: str | None = None


def _parse(text: str) -> list[str | _Cloze]:
    output: list[str | _Cloze] = []
    open_: list[_Cloze] = []

    def add_text(piece: str) -> None:
        if not piece:
            return
        if open_:
            head, sep, tail = piece.partition("::")
            if sep:  # the first `::` in a text run starts the hint
                piece, open_[-1].hint = head, tail
            open_[-1].nodes.append(piece)
        else:
            output.append(piece)

    pos = 0
    for m in _TOKEN_RE.finditer(text):
        add_text(text[pos : m.start()])
        pos = m.end()
        if m.group(1) is not None:
            ordinal = int(m.group(1))
            if ordinal > 0xFFFF:  # not a u16 in Anki: the opener is plain text
                add_text(m.group(0))
            elif len(open_) < _MAX_OPEN:
                open_.append(_Cloze(ordinal))
        elif open_:
            done = open_.pop()
            (open_[-1].nodes if open_ else output).append(done)
        else:
            output.append("}}")
    add_text(text[pos:])
    return output  # deletions never closed are dropped, as Anki drops them


_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def _attribute(text: str) -> str:
    """Anki's attribute encoding (htmlescape's `encode_attribute`): `&<>"` as named entities,
    every other character below U+0100 but ASCII letters and digits as a numeric one."""
    return "".join(
        _NAMED.get(ch)
        or (ch if (ch.isascii() and ch.isalnum()) or ord(ch) > 0xFF else f"&#x{ord(ch):X};")
        for ch in text
    )


class _Reveal:
    def __init__(self, ordinal: int, question: bool) -> None:
        self.ordinal, self.question, self.found = ordinal, question, False

    def nodes(self, nodes: list[str | _Cloze]) -> str:
        return "".join(n if isinstance(n, str) else self.cloze(n) for n in nodes)

    def cloze(self, cloze: _Cloze) -> str:
        active = cloze.ordinal == self.ordinal
        self.found |= active
        inner = self.nodes(cloze.nodes)
        if active and self.question:
            hint = cloze.hint if cloze.hint is not None else "..."
            return (
                f'<span class="cloze" data-cloze="{_attribute(inner)}" '
                f'data-ordinal="{cloze.ordinal}">[{hint}]</span>'
            )
        kind = "cloze" if active else "cloze-inactive"
        return f'<span class="{kind}" data-ordinal="{cloze.ordinal}">{inner}</span>'


def reveal(text: str, ordinal: int, question: bool) -> str:
    """`{{cloze:Field}}` for card `ordinal` (1-based); "" when that deletion is not in `text`."""
    reveal = _Reveal(ordinal, question)
    out = reveal.nodes(_parse(text))
    if not reveal.found:
        return ""
    return _MATHJAX_RE.sub(lambda m: m.group(1) + _TAG_RE.sub("", m.group(2)) + m.group(3), out)


def ordinals(text: str) -> list[int]:
    """The deletion numbers in `text` (nested ones included, 0 ignored), in ascending order."""
    found: set[int] = set()

    def walk(nodes: list[str | _Cloze]) -> None:
        for node in nodes:
            if isinstance(node, _Cloze) and node.ordinal:
                found.add(node.ordinal)
                walk(node.nodes)

    walk(_parse(text))
    return sorted(found)


__all__ = ["ordinals", "reveal"]
