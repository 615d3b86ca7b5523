"""Obsidian block references: a trailing `` ^block-id`` (or a line that is only
``^block-id``) is an anchor for links and is removed from the rendered text.

Runs on the element tree before inline parsing, so code blocks (already
``<pre>``/stashed) are never touched; ``$$…$$`` math inside paragraphs is skipped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# A lead of blanks only where a run of blanks starts: trying every position inside a long run
# of indentation is quadratic.
BLOCK_ID_RE = re.compile(r"(?m)(?P<lead>^[ \t]*|(?<![ \t])[ \t]+)\^[A-Za-z0-9-]+[ \t]*$")
DISPLAY_MATH_RE = re.compile(r"(?s)\$\$.*?\$\$")
SKIP_TAGS = {"pre", "code", "script", "style"}


def strip_block_ids(text: str) -> str:
    """Remove Obsidian block ids from raw (not yet inline-parsed) block text."""
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


class BlockIdTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, parent: etree.Element) -> None:
        for el in list(parent):
            if el.tag in SKIP_TAGS:
                continue
            if el.text and not isinstance(el.text, AtomicString):
                el.text = strip_block_ids(el.text)
                if el.tag == "p" and not el.text.strip() and len(el) == 0:
                    parent.remove(el)  # paragraph held nothing but "^id"
                    continue
            self._walk(el)


class BlockIdsExtension(Extension):
    """Strip Obsidian ``^block-id`` anchors."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Registers treeprocessor `obsidian_block_ids` at 21: just before `inline` (20),
        while paragraph text is still raw Markdown and code is already out of reach (in
        `<pre>` or stashed by superfences)."""
        md.registerExtension(self)
        md.treeprocessors.register(BlockIdTreeprocessor(md), "obsidian_block_ids", 21)


def makeExtension(**kwargs: Any) -> BlockIdsExtension:
    return BlockIdsExtension(**kwargs)
