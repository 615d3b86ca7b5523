"""Inline `#tags` are metadata, not text: they become Anki tags (see `vault2anki.tags`).

- A line holding only tags (`#softskills`, `tags: #js #task`) is dropped; a heading made of
  tags (`### #git-clone`) is a heading, as in Obsidian, showing `#git-clone`.
- Any other tag is shown where it is written, `#` included, as Obsidian's reading view shows
  it ("methods #get or #post." stays so). The pattern only shields the tag from the other
  inline patterns (`#snake_case_tag` is no emphasis). No word is ever lost.
- `#tag` at the start of a line is not a heading: Obsidian needs a space after the hashes, so
  the stock hash-header processor is replaced by one that requires it.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.blockprocessors import HashHeaderProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor

from ...cards.tags import TAG_RE, is_tag_line
from ...vault.lines import prose_indexes


class ObsidianHashHeaderProcessor(HashHeaderProcessor):
    # The stock RE takes `#tag` for a heading; Obsidian requires whitespace after the hashes.
    RE = re.compile(
        r"(?:^|\n)[ ]{0,3}(?P<level>#{1,6})(?:[ \t]+|(?=\n|$))(?P<header>(?:\\.|[^\\])*?)#*(?:\n|$)"
    )


class TagLinePreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        drop = {i for i in prose_indexes(lines) if is_tag_line(lines[i])}
        return [line for i, line in enumerate(lines) if i not in drop]


class InlineTagProcessor(InlineProcessor):
    def handleMatch(self, m: Any, data: str) -> tuple[str, int, int]:  # type: ignore[override]
        return m.group(0), m.start(0), m.end(0)


class ObsidianTagExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        """Registers:

        - block processor `hashheader` at 70: replaces the stock one under its name and
          priority;
        - preprocessor `obsidian_tag_lines` at 25.5: after `obsidian_table_pipes` (26), just
          before superfences' `fenced_code_block` (25); the structure scanner keeps code lines
          out;
        - inline pattern `obsidian_tag` at 65: below `backtick` (190), links, `html` (90) and
          `entity` (80), so a `#` in code, a URL, a tag or `&#123;` is gone by then; above
          `em_strong` (60), so `**#tag**` keeps its word.
        """
        md.registerExtension(self)
        md.parser.blockprocessors.register(ObsidianHashHeaderProcessor(md.parser), "hashheader", 70)
        md.preprocessors.register(TagLinePreprocessor(md), "obsidian_tag_lines", 25.5)
        md.inlinePatterns.register(InlineTagProcessor(TAG_RE.pattern, md), "obsidian_tag", 65)


def makeExtension(**kwargs: Any) -> ObsidianTagExtension:
    return ObsidianTagExtension(**kwargs)
