"""Nested lists indented the way notes indent them: by tabs (Obsidian's own default) or by 2, 3
or 4 spaces, mixed in one vault and even in one note.

Python-Markdown nests a list only when it is indented by a whole `tab_length` (4 columns); a
list nested by two spaces comes out flat. This preprocessor re-indents every list to 4 columns
per level before the block parser sees it. An item is nested under the item above when it is
indented at least 2 columns more; an item within one column of an open item is its sibling
(so `1.`/`10.` items line up). A list may be indented 1–3 spaces, or by a tab right under a
paragraph line (where it cannot be indented code). Lines belonging to an item — its
continuation paragraphs, fences and their code, quotes — move with it, code keeping its own
inner indentation. Lines inside quotes and callouts are handled behind their `>` markers.

`mdx_truly_sane_lists` was measured and not used: it sets one fixed nesting width per Markdown
instance (as a class attribute, shared by every instance), while real vaults mix 2 and 4 spaces
and tabs in the same deck.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from ...vault.lines import Kind, Line, scan

ITEM_RE = re.compile(r"(?P<indent>[ ]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\S|[ \t]*$)")
HR_RE = re.compile(r"[ ]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})")
PAREN_MARKER_RE = re.compile(r"^(\d{1,9})\)(?=[ \t])")
TAB = 4  # Python-Markdown's tab_length


def _indent(rest: str) -> int:
    return len(rest) - len(rest.lstrip(" "))


@dataclass
class _Lists:
    """Open list items of the current quote level: their source indentation, outermost first."""

    items: list[int] = field(default_factory=list)
    after_blank: bool = False
    after_text: bool = False  # the line above is a paragraph's text
    depth: int = -1  # quote depth the items belong to
    shift: int | None = None  # columns added to the lines of the fence being moved

    def item(self, indent: int) -> int:
        """Nest an item indented `indent` columns; return its new indentation."""
        while self.items and indent < self.items[-1] + 2:
            self.items.pop()
        self.items.append(indent)
        return TAB * (len(self.items) - 1)

    def content(self, indent: int) -> int | None:
        """New indentation of an item's own line indented `indent`, None if it is not one."""
        while self.items and indent <= self.items[-1]:
            self.items.pop()
        return TAB * len(self.items) if self.items else None


def _reindent(line: Line, lists: _Lists) -> str | None:
    """The line re-indented; None for an empty item inside a list (`-` alone), which
    Python-Markdown would read as the underline of a heading made of the item above."""
    rest = line.text[len(line.quote) :]
    if line.quote.count(">") != lists.depth:
        lists.items, lists.depth, lists.shift = [], line.quote.count(">"), None
    if line.kind in (Kind.CODE, Kind.FENCE_END):
        if lists.shift is None:
            return line.text
        if line.kind is Kind.FENCE_END:
            shift, lists.shift = lists.shift, None
        else:
            shift = lists.shift
        return line.quote + _shift(rest, shift)
    if not rest.strip():
        lists.after_blank, lists.after_text = True, False
        return line.text
    indent, after_blank, after_text = _indent(rest), lists.after_blank, lists.after_text
    lists.after_blank, lists.after_text = False, line.kind is Kind.PROSE
    item = ITEM_RE.match(rest)
    if item and not HR_RE.fullmatch(rest.rstrip()) and (lists.items or indent < TAB or after_text):
        # A list indented 4+ right under a paragraph line (a tab, as notes often have it) is
        # a list as its author meant, not the paragraph's text: it cannot be code there.
        if lists.items and rest.strip() in ("-", "*", "+"):
            return None
        new = lists.item(indent)
        # `1)` is CommonMark's other ordered marker; Python-Markdown only knows `1.`.
        rest = indent * " " + PAREN_MARKER_RE.sub(r"\1.", rest[indent:], count=1)
    elif lists.items and (indent > 0 or not after_blank):
        target = lists.content(indent) if indent > 0 else None
        if target is None:
            return line.text  # a lazy continuation line at the margin
        new = target
    else:
        lists.items = []
        return line.text
    if line.kind is Kind.FENCE:
        lists.shift = new - indent
    return line.quote + " " * new + rest[indent:]


def _shift(rest: str, shift: int) -> str:
    if shift >= 0:
        return " " * shift + rest if rest.strip() else rest
    return rest[min(-shift, _indent(rest)) :]


def nest_lists(lines: list[str]) -> list[str]:
    """`lines` with every list re-indented to 4 columns per nesting level."""
    lists = _Lists()
    out = (_reindent(line, lists) for line in scan(lines))
    return [line for line in out if line is not None]


class ListIndentPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return nest_lists(lines)


class ObsidianListsExtension(Extension):
    """Nest lists by tabs or 2–4 spaces, as Obsidian does."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Registers preprocessor `obsidian_lists` at 28: after `normalize_whitespace` (30,
        tabs expanded to 4 columns) and `obsidian_comments` (29), before `obsidian_blocks`
        (27) and superfences' `fenced_code_block` (25), whose fences must already sit at
        their item's new indentation."""
        md.registerExtension(self)
        md.preprocessors.register(ListIndentPreprocessor(md), "obsidian_lists", 28)


def makeExtension(**kwargs: Any) -> ObsidianListsExtension:
    return ObsidianListsExtension(**kwargs)
