"""`[[Note]]`, `[[Note|alias]]`, `[[Note#Heading]]` → their text: a card has no vault to link to.

Python-Markdown's own `wikilinks` extension makes `<a>` links to URLs that do not exist in
Anki, and does not know aliases or headings.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor

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
    def handleMatch(  # type: ignore[override]
        self, m: Any, data: str
    ) -> tuple[etree.Element, int, int]:
        el = etree.Element("span", {"class": "wikilink"})
        el.text = link_text(m.group(1))
        return el, m.start(0), m.end(0)


class WikilinkExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Above `reference` (170) and `link` (160) so `[[x]]` is not read as a reference link,
        # below `backtick` (190) so code spans keep their brackets.
        md.inlinePatterns.register(WikilinkProcessor(WIKILINK_RE, md), "obsidian_wikilink", 175)


def makeExtension(**kwargs: Any) -> WikilinkExtension:
    return WikilinkExtension(**kwargs)
