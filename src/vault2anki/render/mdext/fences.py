"""Closing fences read by CommonMark's rule, which superfences is stricter than: a closing
fence may be indented 0–3 spaces whatever its opener's indentation, while superfences wants it
exactly at the opener's and otherwise runs the code on to the end of the note (the text after
it shown as code, the next fence opening prose). Each closer is moved to its opener's
indentation, behind the same `>` markers. (The opener's info string is cut to its language
by `blocks.py`.)

Which lines are fences comes from `vault2anki.structure`, so code inside quotes, callouts
and list items is handled alike and a fence inside code is left alone.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from ...vault.lines import FENCE_RE, Kind, scan


def align_closing_fences(lines: list[str]) -> list[str]:
    """`lines` with each closing fence at its opener's indentation."""
    out: list[str] = []
    indent = ""
    for line in scan(lines):
        fence = None
        if line.kind is Kind.FENCE or line.kind is Kind.FENCE_END:
            fence = FENCE_RE.fullmatch(line.text[len(line.quote) :])
        if fence is not None and line.kind is Kind.FENCE:
            indent = fence.group("indent")
        if fence is not None and line.kind is Kind.FENCE_END:
            out.append(f"{line.quote}{indent}{fence.group('fence')}")
        else:
            out.append(line.text)
    return out


class FencePreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if not any("``" in line or "~~" in line for line in lines):
            return lines  # no fence anywhere
        return align_closing_fences(lines)


class CommonMarkFencesExtension(Extension):
    """Closing fences as CommonMark (and Obsidian) read them."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Registers preprocessor `commonmark_fences` at 29.5: after `normalize_whitespace`
        (30, tabs expanded), before `obsidian_comments` (29), `obsidian_lists` (28, which
        moves a fence's lines together with its item) and superfences' `fenced_code_block`
        (25), which must see the aligned fences."""
        md.registerExtension(self)
        md.preprocessors.register(FencePreprocessor(md), "commonmark_fences", 29.5)


def makeExtension(**kwargs: Any) -> CommonMarkFencesExtension:
    return CommonMarkFencesExtension(**kwargs)
