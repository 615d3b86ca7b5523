"""`[[Note]]`, `[[Note|alias]]`, `[[Note#Heading]]` → their text, or a link that opens the note
in Obsidian when the note's `LinkContext` gives one (`obsidian://open?…`, option `links`).

Python-Markdown's own `wikilinks` extension makes `<a>` links to URLs that do not exist in
Anki, and does not know aliases or headings.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor

from .context import ContextSlot

WIKILINK_RE = r"\[\[([^\[\]\n]+?)\]\]"


def link_text(inner: str) -> str:
    """What a reader sees for `[[inner]]`: the alias, else `Note › Heading`."""
    target, _, alias = inner.partition("|")
    if alias.strip():
        return alias.strip()
    note, _, anchor = target.partition("#")
    note = note.strip().rsplit("/", 1)[-1]
    anchor = anchor.strip().lstrip("^")
    if note and anchor:
        return f"{note} › {anchor}"
    return note or anchor


class WikilinkProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, slot: ContextSlot) -> None:
        super().__init__(pattern, md)
        self.slot = slot

    def handleMatch(  # type: ignore[override]
        self, m: Any, data: str
    ) -> tuple[etree.Element, int, int]:
        url = self.slot.current.link_url(m.group(1).partition("|")[0].strip())
        if url is None:
            el = etree.Element("span", {"class": "wikilink"})
        else:
            el = etree.Element("a", {"class": "wikilink", "href": url})
        el.text = link_text(m.group(1))
        return el, m.start(0), m.end(0)


class WikilinkExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"slot": [ContextSlot(), "ContextSlot giving the note being rendered"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        slot = self.getConfig("slot")
        # Above `reference` (170) and `link` (160) so `[[x]]` is not read as a reference link,
        # below `backtick` (190) so code spans keep their brackets.
        processor = WikilinkProcessor(WIKILINK_RE, md, slot)
        md.inlinePatterns.register(processor, "obsidian_wikilink", 175)


def makeExtension(**kwargs: Any) -> WikilinkExtension:
    return WikilinkExtension(**kwargs)
