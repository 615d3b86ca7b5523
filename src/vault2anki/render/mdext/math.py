r"""Obsidian math for Anki's MathJax: ``$x$`` -> ``\(x\)``, ``$$x$$`` -> ``\[x\]``.

Output mirrors ``pymdownx.arithmatex`` in generic mode
(``<span class="arithmatex">\(x\)</span>`` / ``<div class="arithmatex">\[x\]</div>``),
but the delimiter rules follow Obsidian, which arithmatex does not fully do:

* an opening ``$`` must not be followed by whitespace, a closing ``$`` must not be
  preceded by whitespace nor followed by a digit (``$5 and $10``, ``$5,$10`` stay text);
* math may touch a word (``Accepts$_{TM}$``), as in Obsidian; stricter than Obsidian, a
  printf position (``"%1$s — %2$s"``) does not open math;
* a ``$`` inside a link's URL or an HTML tag's attributes is never math;
* ``\$`` is a literal dollar;
* ``$$…$$`` works inside a paragraph (even over several lines) and as its own
  block, also when the block contains blank lines.

Code spans and fenced code are never touched (they are stashed before this runs).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

CLASS = "arithmatex"

# \x02/\x03 delimit Markdown placeholders (e.g. stashed code spans): math never spans them.
DISPLAY = r"(?<![\\$])\$\$(?P<display>(?:\\.|[^\\$\x02\x03])+?)\$\$"
INLINE = (
    r"(?<![\\$])(?<!%\d)(?<!%\d\d)\$(?![\s$])"
    r"(?P<inline>(?:\\.|[^\\$\x02\x03\n])+?)(?<!\s)\$(?![\d$])"
)
INLINE_RE = rf"(?s)(?:{DISPLAY}|{INLINE})"

BLOCK_START_RE = re.compile(r"^[ ]{0,3}\$\$")
BLOCK_RE = re.compile(r"(?s)^[ ]{0,3}\$\$(?P<math>(?:\\.|[^\\$])+?)\$\$[ \t]*$")


# How far back to look for the `](` of a link or the `<` of a tag around a `$`: URLs and tags
# are short, and a bound keeps a line of many `$` linear.
_LOOK_BACK = 400
_URL_STOP = frozenset(" \t\n()")


def inside_url_or_tag(data: str, start: int) -> bool:
    """Is position `start` inside a Markdown link's `(url)` or inside an HTML `<tag …>`?"""
    floor = max(0, start - _LOOK_BACK)
    i = start - 1
    while i > floor and data[i] not in _URL_STOP:
        i -= 1
    if i > floor and data[i] == "(" and data[i - 1] == "]":
        return True
    j = start - 1
    while j >= floor and data[j] not in "<>\n":
        j -= 1
    return j >= floor and data[j] == "<" and data[j + 1 : j + 2].isalpha()


class MathInlineProcessor(InlineProcessor):
    """``$x$`` and ``$$x$$`` inside running text."""

    def handleMatch(  # type: ignore[override]  # same as the markdown stubs
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        if inside_url_or_tag(data, m.start(0)):
            return None, None, None
        el = etree.Element("span", {"class": CLASS})
        if m.group("display") is not None:
            el.text = AtomicString(rf"\[{m.group('display')}\]")
        else:
            el.text = AtomicString(rf"\({m.group('inline')}\)")
        return el, m.start(0), m.end(0)


class MathBlockProcessor(BlockProcessor):
    """A block that is only ``$$ … $$`` (may span blank lines) becomes a display div."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(BLOCK_START_RE.match(block))

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        text = blocks[0]
        used = 1
        while (m := BLOCK_RE.match(text)) is None:
            # Keep joining blocks only while the opening $$ is still unclosed.
            if text.count("$$") >= 2 or used >= len(blocks):
                return False  # not a pure math block: let 'paragraph' & inline handle it
            text = f"{text}\n\n{blocks[used]}"
            used += 1
        del blocks[:used]
        el = etree.SubElement(parent, "div", {"class": CLASS})
        el.text = AtomicString(rf"\[{m.group('math')}\]")
        return True


class MathExtension(Extension):
    """Obsidian ``$``/``$$`` math rendered for MathJax."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Registers:

        - inline pattern `obsidian_math` at 185: after `backtick` (190) so code spans are
          already stashed, before `obsidian_embed`/`obsidian_wikilink` (183/182) and `escape`
          (180) so TeX backslashes (`\\{`, `\\_`, `\\\\`) reach the math untouched, and long
          before emphasis and `delimiter` (60) so `*`, `_` and `==` inside math stay literal;
        - block processor `obsidian_math` at 77: after `code` (80) so indented code stays
          code, before `table` (75), `hashheader` (70) and the list processors so `|`, `#` or
          `-` inside display math cannot be mistaken for block structure.
        """
        md.registerExtension(self)
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")  # so "\$" renders as a literal "$"
        md.inlinePatterns.register(MathInlineProcessor(INLINE_RE, md), "obsidian_math", 185)
        md.parser.blockprocessors.register(MathBlockProcessor(md.parser), "obsidian_math", 77)


def makeExtension(**kwargs: Any) -> MathExtension:
    return MathExtension(**kwargs)
