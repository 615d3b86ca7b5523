"""Fenced code read by CommonMark's rules, which superfences is stricter than.

- The info string's first word is the language; the rest (```` ```tsx app/index.tsx ````,
  ```` ```js title="x.js" ````) is ignored, as Obsidian ignores it. Superfences accepts only
  `lang` plus its own `{…}`/`key=value` options: with a second word it does not see a fence
  at all, and the note's later fences pair with the wrong openers.
- A closing fence may be indented 0–3 spaces whatever the opener's indentation; superfences
  wants it at the opener's. It is moved there (behind the same `>` markers).

Which lines are fences comes from `vault2anki.structure`, so code inside quotes, callouts
and list items is handled alike and a fence inside code is left alone.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from ..structure import FENCE_RE, Kind, scan


def normalize_fences(lines: list[str]) -> list[str]:
    """`lines` with each opener's info cut to its first word and each closer at its opener's
    indentation."""
    out: list[str] = []
    indent = ""
    for line in scan(lines):
        rest = line.text[len(line.quote) :]
        fence = FENCE_RE.fullmatch(rest)
        if fence is None or line.kind not in (Kind.FENCE, Kind.FENCE_END):
            out.append(line.text)
        elif line.kind is Kind.FENCE:
            indent = fence.group("indent")
            words = fence.group("info").split()
            info = words[0] if words else ""
            out.append(f"{line.quote}{indent}{fence.group('fence')}{info}")
        else:
            out.append(f"{line.quote}{indent}{fence.group('fence')}")
    return out


class FencePreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if not any("``" in line or "~~" in line for line in lines):
            return lines  # no fence anywhere
        return normalize_fences(lines)


class CommonMarkFencesExtension(Extension):
    """Fence info strings and closing fences as CommonMark (and Obsidian) read them."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Registers preprocessor `commonmark_fences` at 29.5: after `normalize_whitespace`
        (30, tabs expanded), before `obsidian_comments` (29), `obsidian_lists` (28, which
        moves a fence's lines together with its item) and superfences' `fenced_code_block`
        (25), which must see the normalised fences."""
        md.registerExtension(self)
        md.preprocessors.register(FencePreprocessor(md), "commonmark_fences", 29.5)


def makeExtension(**kwargs: Any) -> CommonMarkFencesExtension:
    return CommonMarkFencesExtension(**kwargs)
