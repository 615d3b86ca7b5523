"""Obsidian comments: ``%%hidden%%`` inline or spanning several lines/paragraphs, removed
before anything else is read. ``%%`` inside fenced or indented code, inline code spans and
``$$`` math is left alone (vault/lines.py knows where those are). An unclosed ``%%`` hides the
rest of the note, as it does in Obsidian."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from ...vault.lines import Kind, scan
from .source import add_rewrite

# What is left of `> - %%x%%` or `- %%x%%`: markers only, no text.
_BARE_MARKER_RE = re.compile(r"^(?:[ ]{0,3}>[ ]?)*[ \t]*(?:[-*+=]+|\d{1,9}[.)])[ \t]*$")


def strip_comments(lines: list[str]) -> list[str]:
    """`lines` with Obsidian comments removed, code untouched."""
    result: list[str] = []
    for line in scan(lines):
        if line.kind is Kind.COMMENT:
            continue
        if not line.obsidian:
            result.append(line.text)
            continue
        kept, pos = [], 0
        for start, end in line.obsidian:
            kept.append(line.text[pos:start])
            pos = end
        kept.append(line.text[pos:])
        text = "".join(kept)
        # A line that held only comment text vanishes instead of becoming a blank line, so it
        # cannot split a paragraph or loosen a list.
        if not text.strip():
            continue
        if _BARE_MARKER_RE.match(text):
            # `- %%x%%` is a list item with nothing shown; a bare `-` under a line would be a
            # heading underline (or a rule). An empty HTML comment keeps it an item; the
            # sanitizer removes it.
            text = text.rstrip() + " <!---->"
        result.append(text)
    return result


def plugin(md: MarkdownIt) -> None:
    add_rewrite(md, "obsidian_comments", strip_comments, "%%")
