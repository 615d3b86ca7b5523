"""GFM tables (Python-Markdown's `tables`), each wrapped in `<div class="table-wrap">`: on a
phone a wide table scrolls sideways inside that box (styles.py) instead of squeezing its
cells or pushing the card wider than the screen."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor


class TableWrapTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for i, child in enumerate(list(parent)):
                if child.tag == "table":
                    wrap = etree.Element("div", {"class": "table-wrap"})
                    wrap.tail, child.tail = child.tail, None
                    parent.remove(child)
                    wrap.append(child)
                    parent.insert(i, wrap)


class TablesExtension(Extension):
    """Pipe tables, scrolling in their own box."""

    def extendMarkdown(self, md: Markdown) -> None:
        """`tables`' block processor (75); treeprocessor `table_wrap` at 15.5, after the
        inline pass (20), before `prettify` (10) lays out the new `<div>`."""
        TableExtension().extendMarkdown(md)
        md.treeprocessors.register(TableWrapTreeprocessor(md), "table_wrap", 15.5)


def makeExtension(**kwargs: Any) -> TablesExtension:
    return TablesExtension(**kwargs)
