"""Blocks that interrupt a paragraph, as in Obsidian (CommonMark + GFM).

``Text:\\n- a`` is a paragraph and a list in Obsidian, but one paragraph in Python-Markdown,
which wants a blank line before a new block. This preprocessor inserts that blank line (behind
the same ``>`` markers inside quotes and callouts) before

- a list item (any bullet; an ordered item only when it starts at 1, CommonMark's rule), and
  before an ordered list directly after a bullet list or the other way round;
- a fence, a ``$$`` block, an ATX heading, a table (a row followed by a ``|---|`` row);
- a quote or callout (a line with more ``>`` markers than the paragraph above);
- a list, heading, fence or quote that ends a quote (fewer ``>`` markers, not a lazy line),
  and a ``---`` after a quote (a thematic break; CommonMark never reads it as a setext
  underline of a lazy line);

and after a closing fence or ``$$`` block, so the text that follows starts a new paragraph.

A fence's info string is cut to its first word, the language, as CommonMark and Obsidian read
it: superfences refuses an opener like ```` ```tsx app/index.ts ```` and would show the code
as Markdown (its `# comments` as headings).
Never inside code, after a table row (except before a fence or heading), nor between a list
item and the lines indented under it: those belong to the item.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from ...vault.lines import Kind, Line, scan

INTERRUPT_RE = re.compile(r"[ ]{0,3}(?:[-*+]|0*1[.)])[ \t]+\S")
ITEM_RE = re.compile(r"[ ]*(?P<marker>[-*+]|\d{1,9}[.)])[ \t]+\S")
HR_RE = re.compile(r"[ ]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})")
HEADING_RE = re.compile(r"[ ]{0,3}#{1,6}(?:[ \t]|$)")
FENCE_INFO_RE = re.compile(r"(?P<fence>[ \t]*(?:`{3,}|~{3,}))[ \t]*(?P<info>\S*).*")
LANGUAGE_RE = re.compile(r"[\w#.+-]+")
TABLE_DELIMITER_RE = re.compile(r"[ ]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")


def _rest(line: Line) -> str:
    return line.text[len(line.quote) :]


def _depth(line: Line) -> int:
    return line.quote.count(">")


def _item(rest: str) -> re.Match[str] | None:
    return None if HR_RE.fullmatch(rest.rstrip()) else ITEM_RE.match(rest)


def _kind(item: re.Match[str]) -> str:
    return "-" if item.group("marker") in "-*+" else "1."


def _indent(rest: str) -> int:
    return len(rest.expandtabs(4)) - len(rest.expandtabs(4).lstrip())


def _is_table_start(lines: list[Line], i: int) -> bool:
    if "|" not in lines[i].text or i + 1 >= len(lines) or not lines[i + 1].prose:
        return False
    delimiter = _rest(lines[i + 1]).rstrip()
    return "|" in delimiter and bool(TABLE_DELIMITER_RE.fullmatch(delimiter))


class _Runs:
    """What the lines so far were: a paragraph, a list, a table, or nothing open."""

    def __init__(self) -> None:
        # "paragraph", "list", "item-paragraph" (a paragraph indented under a list item after
        # a blank line), "table", or "" (after a blank line or a block)
        self.block = ""
        self.listing = False  # inside a list, blank lines included
        # Indentation of a nested list opened under an item's later paragraph (after a blank
        # line), else None: Python-Markdown reads the next outer item as its lazy line.
        self.under_paragraph: int | None = None
        # Marker kind ("-" or "1.") of the last list item at each indentation, in this list.
        self.markers: dict[int, str] = {}
        self.depth = 0  # quote depth of the open block

    def update(self, line: Line, rest: str, lines: list[Line]) -> None:
        if not rest.strip():
            self.block = ""
            return
        if _indent(rest) == 0 and _item(rest) is None:
            self.listing = self.listing and self.block in ("list", "item-paragraph")
        if not line.prose:
            # Code or math indented under a list item stays in the item; anything else is a
            # block of its own, after which nothing is open.
            if self.block != "list" or _indent(rest) < 2:
                self.block = ""
            return
        item = _item(rest)
        self.depth = _depth(line)
        # An item under an item's paragraph opens a nested list (tight unless blank lines).
        if item is not None and (self.block in ("list", "item-paragraph") or _indent(rest) <= 3):
            if not self.listing:
                self.markers, self.under_paragraph = {}, None
            indent = _indent(rest)
            if self.block == "item-paragraph":
                self.under_paragraph = indent
            elif self.under_paragraph is not None and indent < self.under_paragraph:
                self.under_paragraph = None
            self.block, self.listing = "list", True
            self.markers = {k: v for k, v in self.markers.items() if k <= indent}
            self.markers[indent] = _kind(item)
        elif HEADING_RE.match(rest):
            self.block = ""
        elif self.block == "table" or _is_table_start(lines, line.index):
            self.block = "table"
        elif self.block not in ("list", "item-paragraph"):
            self.block = "item-paragraph" if self.listing and _indent(rest) > 0 else "paragraph"


def _starts_block(lines: list[Line], i: int, runs: _Runs) -> bool:
    """Does line `i` open a block that must not be read as part of the one above?"""
    line = lines[i]
    rest = _rest(line)
    deeper = _depth(line) > runs.depth
    shallower = _depth(line) < runs.depth
    indented = _indent(rest) > 3
    block_line = line.kind in (Kind.FENCE, Kind.MATH) or bool(HEADING_RE.match(rest))
    if shallower and HR_RE.fullmatch(rest.rstrip()):
        return True  # `> quote` + `---`: a rule after the quote, never a setext heading
    if runs.block == "item-paragraph" and not shallower:
        # Inside an item, under its paragraph: a nested list or block needs its blank line.
        return _item(rest) is not None or block_line or deeper
    if runs.block == "list" and not shallower:
        if _indent(rest) < 2 and (block_line or deeper):
            return True  # at the margin: ends the list (CommonMark needs the item's indent)
        item = _item(rest)
        if item is None:
            return False  # the item's own lines
        if runs.under_paragraph is not None and _indent(rest) < runs.under_paragraph:
            return True  # out of a list nested under an item's paragraph: the next outer item
        # An ordered list right after a bullet list at the same indentation, or back.
        return runs.markers.get(_indent(rest), _kind(item)) != _kind(item)
    if indented and not deeper:
        return False
    if block_line:
        return True
    if deeper:
        return True  # a quote or callout opens
    if runs.block == "table":
        return False
    if INTERRUPT_RE.match(rest) and _item(rest) is not None:
        return True
    return runs.block == "paragraph" and _is_table_start(lines, i)


def split_blocks(lines: list[str]) -> list[str]:
    """`lines` with a blank (or bare-quote) line wherever a block interrupts a paragraph."""
    scanned = scan(lines)
    out: list[str] = []
    runs = _Runs()
    for i, line in enumerate(scanned):
        rest = _rest(line)
        previous = scanned[i - 1] if i else None
        if previous is not None and _closes_block(previous, scanned, i):
            if (
                rest.strip()
                and line.kind not in (Kind.CODE, Kind.FENCE_END)
                and runs.block != "list"
            ):
                out.append(line.quote.rstrip())
        elif runs.block and _opens(line, previous) and _starts_block(scanned, i, runs):
            out.append(line.quote.rstrip())
        out.append(_fence_opener(line) if line.kind is Kind.FENCE else line.text)
        runs.update(line, rest, scanned)
    return out + _unclosed_fence_end(scanned)


def _unclosed_fence_end(lines: list[Line]) -> list[str]:
    """The closing fence a note forgot: CommonMark and Obsidian run an unclosed fence to the
    end of the note, superfences would show its code as Markdown."""
    opener = next((line for line in reversed(lines) if line.kind is not Kind.CODE), None)
    if opener is None or opener.kind is not Kind.FENCE:
        return []
    m = FENCE_INFO_RE.fullmatch(_rest(opener))
    return [] if m is None else [opener.quote + m.group("fence")]


def _fence_opener(line: Line) -> str:
    """The opening fence line with only its language kept."""
    m = FENCE_INFO_RE.fullmatch(_rest(line))
    if m is None:
        return line.text
    language = m.group("info") if LANGUAGE_RE.fullmatch(m.group("info")) else ""
    return line.quote + m.group("fence") + language


def _opens(line: Line, previous: Line | None) -> bool:
    """A non-blank prose line, a fence opener or the first line of a `$$` block."""
    if line.kind is Kind.MATH:
        return previous is None or previous.kind is not Kind.MATH
    return line.kind is Kind.FENCE or (line.prose and bool(line.text[len(line.quote) :].strip()))


def _closes_block(previous: Line, lines: list[Line], i: int) -> bool:
    """Was `previous` the last line of a fence or a `$$` block (and `lines[i]` is not)?"""
    if previous.kind is Kind.FENCE_END:
        return True
    return previous.kind is Kind.MATH and lines[i].kind is not Kind.MATH


class BlockSplitPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return split_blocks(lines)


_TAG_RE = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")


class StashedBlockTreeprocessor(Treeprocessor):
    """A stashed block (a fenced code block, a raw HTML block) on a line of its own inside a
    paragraph's or a list item's text becomes a paragraph of its own, which Python-Markdown
    then unwraps: `item` + a fence under it (a loose list item, a lazy line) is `<li><p>item
    </p><div class="highlight">…`, never a `<div>` inside a `<p>` or after a `<br>`."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in reversed(list(enumerate(parent))):
                if child.tag in ("p", "li") and child.text and "\n" in child.text:
                    self._split(parent, index, child)

    def _block(self, line: str) -> bool:
        m = HTML_PLACEHOLDER_RE.fullmatch(line.strip())
        if m is None or int(m.group(1)) >= len(self.md.htmlStash.rawHtmlBlocks):
            return False
        tag = _TAG_RE.match(str(self.md.htmlStash.rawHtmlBlocks[int(m.group(1))]).lstrip())
        return tag is not None and self.md.is_block_level(tag.group(1))

    def _split(self, parent: etree.Element, index: int, el: etree.Element) -> None:
        pieces: list[str] = [""]  # runs of text lines, each block placeholder on its own
        for line in (el.text or "").split("\n"):
            if self._block(line):
                pieces += [line.strip(), ""]
            else:
                pieces[-1] += line + "\n"
        if len(pieces) == 1:
            return
        # A list item keeps the text before the block as its own text, as in a tight list.
        el.text = None
        if el.tag == "li":
            el.text = pieces.pop(0).strip() or None
        paragraphs = []
        for text in (piece.strip("\n") for piece in pieces if piece.strip()):
            paragraphs.append(etree.Element("p"))
            paragraphs[-1].text = text
        if el.tag == "p":
            parent.remove(el)
        target, at = (parent, index) if el.tag == "p" else (el, 0)
        for offset, paragraph in enumerate(paragraphs):
            target.insert(at + offset, paragraph)


class ObsidianBlocksExtension(Extension):
    """Let fences, lists, quotes, headings, `$$` blocks and tables interrupt a paragraph."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Registers preprocessor `obsidian_blocks` at 27: after `obsidian_comments` (29, so a
        comment-only line is gone) and `obsidian_lists` (28, list indentation normalised),
        before `obsidian_embed_lines` (26.5) and superfences' `fenced_code_block` (25), which
        must see a fence as a block of its own. Treeprocessor `obsidian_stashed_blocks` at
        20.5: after the block parser, just before `inline` (20) turns newlines into `<br>`."""
        md.registerExtension(self)
        md.preprocessors.register(BlockSplitPreprocessor(md), "obsidian_blocks", 27)
        md.treeprocessors.register(StashedBlockTreeprocessor(md), "obsidian_stashed_blocks", 20.5)


def makeExtension(**kwargs: Any) -> ObsidianBlocksExtension:
    return ObsidianBlocksExtension(**kwargs)
