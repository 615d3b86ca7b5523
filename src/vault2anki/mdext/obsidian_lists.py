"""Lists that start right under a paragraph line, as Obsidian renders them.

``Text:\\n- a\\n- b`` is a paragraph plus a list in Obsidian (CommonMark), but one
paragraph in Python-Markdown, which needs a blank line first.  This preprocessor
inserts that blank line, following CommonMark's interruption rule: any bullet
may interrupt a paragraph, an ordered list only when it starts at ``1``.

Nothing is inserted inside fenced code, after table rows, after indented or
lazy continuation lines of a list, or before a horizontal rule.  Works inside
blockquotes/callouts (the inserted line keeps the ``>`` prefix).  Compatible with
``sane_lists`` (which only changes how list types mix).
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

QUOTE_RE = re.compile(r"^(?P<quote>(?:[ ]{0,3}>[ ]?)*)(?P<rest>.*)$")
ITEM_RE = re.compile(r"^[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
INTERRUPT_RE = re.compile(r"^[ ]{0,3}(?:[-*+]|0*1[.)])[ \t]+\S")
HR_RE = re.compile(r"^[ ]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
FENCE_RE = re.compile(r"^(?:[ \t]|>)*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def split_lists(lines: list[str]) -> list[str]:
    """Insert a blank (or bare-quote) line between a paragraph line and a list."""
    out: list[str] = []
    fence: str | None = None
    prev_quote, prev_rest = "", ""
    para_has_list = False  # current paragraph/list run already contains list items
    for line in lines:
        if fence is not None:
            closing = line.lstrip(" \t>")
            if closing.startswith(fence) and closing.strip(" \t" + fence[0]) == "":
                fence = None
            out.append(line)
            prev_quote, prev_rest, para_has_list = "", "", False
            continue
        fm = FENCE_RE.match(line)
        if fm and not (fm.group("fence")[0] == "`" and "`" in fm.group("info")):
            fence = fm.group("fence")
            out.append(line)
            prev_quote, prev_rest, para_has_list = "", "", False
            continue

        qm = QUOTE_RE.match(line)
        assert qm is not None  # the pattern matches every string
        quote, rest = qm.group("quote"), qm.group("rest")
        if quote.strip() != prev_quote.strip():
            para_has_list = False  # entering/leaving a quote starts a new run
        is_item = bool(ITEM_RE.match(rest)) and not HR_RE.match(rest)
        if (
            is_item
            and INTERRUPT_RE.match(rest)
            and not para_has_list
            and prev_rest.strip()
            and quote.strip() == prev_quote.strip()
            and not prev_rest.startswith((" ", "\t"))  # indented continuation
            and not prev_rest.lstrip().startswith("|")  # table row
        ):
            out.append(quote.rstrip())
        if not rest.strip():
            para_has_list = False
        elif is_item:
            para_has_list = True
        out.append(line)
        prev_quote, prev_rest = quote, rest
    return out


class ListSplitPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return split_lists(lines)


class ObsidianListsExtension(Extension):
    """Let lists interrupt a paragraph like in Obsidian."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # 27: after 'normalize_whitespace' (30) and obsidian_comments (28, so comment-only
        # lines are gone), before superfences' 'fenced_code_block' (25) and 'html_block'
        # (20); fences are tracked here so their content is never changed.
        md.preprocessors.register(ListSplitPreprocessor(md), "obsidian_lists", 27)


def makeExtension(**kwargs: Any) -> ObsidianListsExtension:
    return ObsidianListsExtension(**kwargs)
