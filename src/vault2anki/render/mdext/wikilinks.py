"""`[[Note]]`, `[[Note|alias]]`, `[[Note#Heading]]` → their text, or a link that opens the note
in Obsidian when the note's `LinkContext` gives one (`obsidian://open?…`, option `links`).

Python-Markdown's own `wikilinks` extension makes `<a>` links to URLs that do not exist in
Anki, and does not know aliases or headings.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor

from ...vault.lines import code_spans, prose_indexes
from .context import ContextSlot

WIKILINK_RE = r"\[\[([^\[\]\n]+?)\]\]"
# A (embed) link with a `|` in it.
_PIPED_LINK_RE = re.compile(r"!?\[\[[^\[\]\n]*\|[^\[\]\n]*\]\]")


def link_inner(processor: InlineProcessor, raw: str) -> str:
    """The text between `[[` and `]]` as written: code spans stashed by `backtick` put back,
    and an escaped `\\|` (Obsidian's form inside tables) back to the `|` separator. (Links
    are read before `escape` runs, so no backslash escape has been turned into a placeholder.)"""
    return processor.unescape(raw).replace("\\|", "|")


def escape_table_pipes(line: str) -> str:
    """`| [[Note|alias]] |` → `| [[Note\\|alias]] |`: a table row must not split a link.

    Obsidian asks for the `\\|` form in tables; the bare one would cut the link in two and
    leave raw brackets on the card. Code spans are left alone.
    """

    code = code_spans(line) if "`" in line else []
    out, pos, k = [], 0, 0
    for m in _PIPED_LINK_RE.finditer(line):
        while k < len(code) and code[k][1] <= m.start():
            k += 1
        if k < len(code) and code[k][0] <= m.start():
            continue  # inside a code span (matches and spans both run left to right)
        out.append(line[pos : m.start()])
        out.append(re.sub(r"(?<!\\)\|", r"\\|", m.group(0)))
        pos = m.end()
    out.append(line[pos:])
    return "".join(out)


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
        inner = link_inner(self, m.group(1))
        url = self.slot.current.link_url(inner.partition("|")[0].strip())
        if url is None:
            el = etree.Element("span", {"class": "wikilink"})
        else:
            el = etree.Element("a", {"class": "wikilink", "href": url})
        el.text = link_text(inner)
        return el, m.start(0), m.end(0)


class TablePipePreprocessor(Preprocessor):
    """Escape `|` inside links on table rows (lines with a `|` outside any link)."""

    def run(self, lines: list[str]) -> list[str]:
        out = list(lines)
        for i in prose_indexes(lines):
            line = lines[i]
            if "[[" in line and "|" in re.sub(WIKILINK_RE, "", line):
                out[i] = escape_table_pipes(line)
        return out


class WikilinkExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"slot": [ContextSlot(), "ContextSlot giving the note being rendered"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        """Registers:

        - inline pattern `obsidian_wikilink` at 182: below `backtick` (190) so code spans keep
          their brackets, and `obsidian_math` (185); above `escape` (180), so `[[a\\|b]]` is
          read as written, and above `footnote` (175), `reference` (170) and `link` (160), so
          `[[x]]` is never read as a footnote or a reference link;
        - preprocessor `obsidian_table_pipes` at 26: after `obsidian_embed_lines` (26.5), before
          superfences' `fenced_code_block` (25) — the structure scanner keeps code lines out —
          and long before the table block parser splits rows at `|`.
        """
        md.registerExtension(self)
        slot = self.getConfig("slot")
        processor = WikilinkProcessor(WIKILINK_RE, md, slot)
        md.inlinePatterns.register(processor, "obsidian_wikilink", 182)
        md.preprocessors.register(TablePipePreprocessor(md), "obsidian_table_pipes", 26)


def makeExtension(**kwargs: Any) -> WikilinkExtension:
    return WikilinkExtension(**kwargs)
