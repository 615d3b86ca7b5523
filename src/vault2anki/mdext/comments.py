"""Obsidian comments: ``%%hidden%%`` inline or spanning several lines/paragraphs.

Comments are removed before any other parsing.  ``%%`` inside fenced code blocks
(also fences nested in lists/callouts) and inside inline code spans is left alone.
An unclosed ``%%`` hides the rest of the note, as it does in Obsidian.
Known limitation: indented (4-space) code blocks and code spans that wrap over a
line break are not recognised as code.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

# A fence opener may sit behind list indentation and/or blockquote markers.
FENCE_OPEN_RE = re.compile(r"^(?:[ \t]|>)*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def _strip_line(line: str, in_comment: bool) -> tuple[str, bool]:
    """Remove comment text from one line; return the kept text and the new state."""
    out: list[str] = []
    i, n = 0, len(line)
    while i < n:
        if in_comment:
            j = line.find("%%", i)
            if j < 0:
                return "".join(out), True
            in_comment, i = False, j + 2
            continue
        c = line[i]
        if c == "\\" and i + 1 < n:
            out.append(line[i : i + 2])
            i += 2
        elif c == "`":
            run = len(line[i:]) - len(line[i:].lstrip("`"))
            close = re.compile(rf"(?<!`)`{{{run}}}(?!`)").search(line, i + run)
            end = close.end() if close else i + run
            out.append(line[i:end])
            i = end
        elif line.startswith("%%", i):
            in_comment, i = True, i + 2
        else:
            out.append(c)
            i += 1
    return "".join(out), in_comment


def strip_comments(lines: list[str]) -> list[str]:
    """Return ``lines`` with Obsidian comments removed, leaving code untouched."""
    result: list[str] = []
    in_comment = False
    fence: str | None = None  # the opening fence run while inside fenced code
    for line in lines:
        if fence is not None:
            result.append(line)
            closing = line.lstrip(" \t>")
            if closing.startswith(fence) and closing.strip(" \t" + fence[0]) == "":
                fence = None
            continue
        if not in_comment:
            m = FENCE_OPEN_RE.match(line)
            if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
                fence = m.group("fence")
                result.append(line)
                continue
        kept, in_comment_after = _strip_line(line, in_comment)
        touched = in_comment or in_comment_after or kept != line
        in_comment = in_comment_after
        if touched and not kept.strip():
            # A line that held only comment text vanishes instead of becoming a
            # blank line, so it cannot split a paragraph or loosen a list.
            continue
        result.append(kept)
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
        md.registerExtension(self)
        # 28: after 'normalize_whitespace' (30) so line endings/tabs are normalised,
        # before pymdownx.superfences' 'fenced_code_block' (25) and 'html_block' (20)
        # so a commented-out fence or HTML block disappears instead of being stashed.
        md.preprocessors.register(CommentsPreprocessor(md), "obsidian_comments", 28)


def makeExtension(**kwargs: Any) -> CommentsExtension:
    return CommentsExtension(**kwargs)
