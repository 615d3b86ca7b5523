"""Obsidian block references: a trailing `` ^block-id`` (or a line that is only ``^block-id``)
is an anchor for links and is removed from the rendered text. A core rule between block and
inline parsing strips it from paragraph and heading text (never from code, which is no inline
token); ``$$…$$`` math inside a paragraph is left alone."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

# A lead of blanks only where a run of blanks starts: trying every position inside a long run
# of indentation is quadratic.
BLOCK_ID_RE = re.compile(r"(?m)(?P<lead>^[ \t]*|(?<![ \t])[ \t]+)\^[A-Za-z0-9-]+[ \t]*$")
DISPLAY_MATH_RE = re.compile(r"(?s)\$\$.*?\$\$")


def strip_block_ids(text: str) -> str:
    """`text` (a block's raw inline Markdown) without its block ids."""
    if "^" not in text:  # every block id holds one: most paragraphs need no search
        return text
    math = [m.span() for m in DISPLAY_MATH_RE.finditer(text)]
    out: list[str] = []
    pos = 0
    for m in BLOCK_ID_RE.finditer(text):
        if any(a <= m.start() < b for a, b in math):
            continue
        start, end = m.start(), m.end()
        if m.start() == 0 or text[m.start() - 1] == "\n":
            # The id is alone on its line: drop the whole line including one newline.
            if end < len(text):
                end += 1
            elif start > 0:
                start -= 1
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def block_ids(state: StateCore) -> None:
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "inline" or "^" not in token.content:
            continue
        token.content = strip_block_ids(token.content)
        if not token.content.strip() and i > 0 and tokens[i - 1].type == "paragraph_open":
            tokens[i - 1].hidden = tokens[i + 1].hidden = True  # it held only "^id"


def plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "obsidian_block_ids", block_ids)
