"""Obsidian comments: ``%%hidden%%`` inline or spanning several lines/paragraphs.

Comments are removed before any other parsing. Where they are comes from
`vault2anki.structure`: ``%%`` inside fenced or indented code (also fences nested in lists and
callouts), inside inline code spans and inside ``$$`` math is left alone. An unclosed ``%%``
hides the rest of the note, as it does in Obsidian. Code spans that wrap over a line break are
not recognised as code.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from ...vault.lines import Kind, scan


def strip_comments(lines: list[str]) -> list[str]:
    """Return ``lines`` with Obsidian comments removed, leaving code untouched."""
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
        if text.strip():
            result.append(text)
    return result


class CommentsPreprocessor(Preprocessor):
    """Drop ``%%…%%`` comments from the source lines."""

    def run(self, lines: list[str]) -> list[str]:
        if not any("%%" in line for line in lines):
            return lines  # no comment anywhere: strip_comments would return the same lines
        return strip_comments(lines)


class CommentsExtension(Extension):
    """Remove Obsidian ``%%comments%%``."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Registers preprocessor `obsidian_comments` at 29: after `normalize_whitespace`
        (30) so line endings and tabs are normalised, before every other Obsidian
        preprocessor (28 … 25.5), superfences' `fenced_code_block` (25) and `html_block`
        (20), so a commented-out fence, list or HTML block disappears first."""
        md.registerExtension(self)
        md.preprocessors.register(CommentsPreprocessor(md), "obsidian_comments", 29)


def makeExtension(**kwargs: Any) -> CommentsExtension:
    return CommentsExtension(**kwargs)
