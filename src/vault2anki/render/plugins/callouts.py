"""Obsidian callouts: ``> [!type][+-] Optional title``.

* non-foldable → ``<div class="callout callout-TYPE"><div class="callout-title">…``
* ``+`` → ``<details class="callout callout-TYPE" open><summary class="callout-title">…``
* ``-`` → the same ``<details>`` without ``open``

The body is ordinary Markdown (lists, code, nested callouts…); the title is inline Markdown,
the type capitalised when there is none. A blockquote whose first line is not ``[!type]``
stays a ``<blockquote>``. A core rule between block and inline parsing turns the blockquote's
tokens into the callout's.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

CALLOUT_RE = re.compile(r"^[ ]{0,3}\[!(?P<type>[^\]\s]+)\](?P<fold>[+-]?)(?:[ \t]+(?P<title>.*))?$")


def _css_type(kind: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", kind.lower())


def _close_of(tokens: list[Token], start: int) -> int:
    depth = 0
    for j in range(start, len(tokens)):
        if tokens[j].type == "blockquote_open":
            depth += 1
        elif tokens[j].type == "blockquote_close":
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def _callout(tokens: list[Token], i: int) -> list[Token] | None:
    """The callout's opening tokens for the blockquote at `i`, or None if it is a quote."""
    if i + 2 >= len(tokens) or tokens[i + 1].type != "paragraph_open":
        return None
    inline = tokens[i + 2]
    first, _, rest = inline.content.partition("\n")
    header = CALLOUT_RE.match(first)
    if header is None:
        return None
    kind, fold = header.group("type"), header.group("fold")
    quote = tokens[i]
    box = Token("callout_open", "details" if fold else "div", 1, map=quote.map, block=True)
    box.attrSet("class", f"callout callout-{_css_type(kind)}")
    if fold == "+":
        box.attrSet("open", "")
    head = Token("callout_title_open", "summary" if fold else "div", 1, block=True)
    head.attrSet("class", "callout-title")
    title = Token("inline", "", 0, map=inline.map, content="", children=[])
    title.content = (header.group("title") or "").strip() or kind.capitalize()
    tail = Token("callout_title_close", head.tag, -1, block=True)
    opening = [box, head, title, tail]
    if rest.strip():
        inline.content = rest
        return opening
    del tokens[i + 1 : i + 4]  # the paragraph held only the header line
    return opening


def callouts(state: StateCore) -> None:
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        if tokens[i].type == "blockquote_open":
            opening = _callout(tokens, i)
            if opening is not None:
                close = _close_of(tokens, i)  # after _callout: the paragraph may be gone
                tokens[close] = Token("callout_close", opening[0].tag, -1, block=True)
                tokens[i : i + 1] = opening
        i += 1


def plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "obsidian_callouts", callouts)
