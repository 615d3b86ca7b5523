"""Inline `#tags` are metadata as well as text: they become Anki tags (cards/tags.py).

- A line holding only tags (`#softskills`, `tags: #js #task`) is dropped; a heading made of
  tags (`### #git-clone`) is a heading, as in Obsidian, showing `#git-clone`.
- Any other tag is shown where it is written, `#` included, as Obsidian's reading view shows
  it ("methods #get or #post." stays so). The inline rule only shields the tag from the other
  inline rules (`#_private_` is no emphasis). No word is ever lost.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from ...cards.tags import TAG_RE, is_tag_line
from ...vault.lines import prose_indexes
from .source import add_rewrite


def drop_tag_lines(lines: list[str]) -> list[str]:
    drop = {i for i in prose_indexes(lines) if is_tag_line(lines[i])}
    return [line for i, line in enumerate(lines) if i not in drop] if drop else lines


def inline_tag(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "#":
        return False
    m = TAG_RE.match(state.src, state.pos)  # its look-behind sees the text before `pos`
    if m is None:
        return False
    if not silent:
        state.push("text", "", 0).content = m.group(0)
    state.pos = m.end()
    return True


def plugin(md: MarkdownIt) -> None:
    add_rewrite(md, "obsidian_tag_lines", drop_tag_lines, "#")
    md.inline.ruler.before("emphasis", "obsidian_tag", inline_tag)
