"""Obsidian callouts: ``> [!type][+-] Optional title``.

* non-foldable -> ``<div class="callout callout-TYPE"><div class="callout-title">…``
* ``+`` -> ``<details class="callout callout-TYPE" open><summary class="callout-title">…``
* ``-`` -> the same ``<details>`` without ``open``

The body is parsed as ordinary Markdown (lists, code, nested callouts…).  A
blockquote whose first line is not ``[!type]`` stays a ``<blockquote>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockQuoteProcessor

CALLOUT_RE = re.compile(r"^[ ]{0,3}\[!(?P<type>[^\]\s]+)\](?P<fold>[+-]?)(?:[ \t]+(?P<title>.*))?$")


def _css_type(kind: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", kind.lower())


class CalloutProcessor(BlockQuoteProcessor):
    """Blockquote processor that turns ``[!type]`` blockquotes into callouts."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks[0]
        m = self.RE.search(block)
        if m is None:
            super().run(parent, blocks)
            return
        before = block[: m.start()]
        quoted = "\n".join(self.clean(line) for line in block[m.start() :].split("\n"))
        quoted = quoted.lstrip("\n")  # RE's (^|\n) may have captured the newline
        first, _, body = quoted.partition("\n")
        header = CALLOUT_RE.match(first)
        if header is None:
            super().run(parent, blocks)
            return
        blocks.pop(0)
        if before:
            self.parser.parseBlocks(parent, [before])

        kind = header.group("type")
        title = (header.group("title") or "").strip() or kind.capitalize()
        classes = f"callout callout-{_css_type(kind)}"
        if header.group("fold"):
            box = etree.SubElement(parent, "details", {"class": classes})
            if header.group("fold") == "+":
                box.set("open", "open")  # serialised as the bare boolean attribute
            title_el = etree.SubElement(box, "summary", {"class": "callout-title"})
        else:
            box = etree.SubElement(parent, "div", {"class": classes})
            title_el = etree.SubElement(box, "div", {"class": "callout-title"})
        title_el.text = title  # inline Markdown in the title is rendered later

        # Same parser state dance as BlockQuoteProcessor: list items inside use <p>.
        self.parser.state.set("blockquote")
        self.parser.parseChunk(box, body)
        self.parser.state.reset()


class CalloutsExtension(Extension):
    """Render Obsidian callouts as styled ``div``/``details`` boxes."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Registers block processor `quote` at 20: replaces the built-in one under its name
        and priority. Callouts are blockquotes, so they must be tried exactly where
        blockquotes are (after lists, headings and code, before `paragraph`), and plain
        quotes fall through to the stock behaviour."""
        md.registerExtension(self)
        md.parser.blockprocessors.register(CalloutProcessor(md.parser), "quote", 20)


def makeExtension(**kwargs: Any) -> CalloutsExtension:
    return CalloutsExtension(**kwargs)
