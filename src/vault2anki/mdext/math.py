r"""Obsidian math for Anki's MathJax: ``$x$`` -> ``\(x\)``, ``$$x$$`` -> ``\[x\]``.

Output mirrors ``pymdownx.arithmatex`` in generic mode
(``<span class="arithmatex">\(x\)</span>`` / ``<div class="arithmatex">\[x\]</div>``),
but the delimiter rules follow Obsidian, which arithmatex does not fully do:

* an opening ``$`` must not be followed by whitespace, a closing ``$`` must not be
  preceded by whitespace nor followed by a digit (``$5 and $10``, ``$5,$10`` stay text);
* stricter than Obsidian, an opening ``$`` must not follow a letter or digit: a format
  string such as ``"%1$s — %2$s"`` is not math;
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
INLINE = r"(?<![\\$\w])\$(?![\s$])(?P<inline>(?:\\.|[^\\$\x02\x03\n])+?)(?<!\s)\$(?![\d$])"
INLINE_RE = rf"(?s)(?:{DISPLAY}|{INLINE})"

BLOCK_START_RE = re.compile(r"^[ ]{0,3}\$\$")
BLOCK_RE = re.compile(r"(?s)^[ ]{0,3}\$\$(?P<math>(?:\\.|[^\\$])+?)\$\$[ \t]*$")


class MathInlineProcessor(InlineProcessor):
    """``$x$`` and ``$$x$$`` inside running text."""

    def handleMatch(  # type: ignore[override]  # same as the markdown stubs
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
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
        md.registerExtension(self)
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")  # so "\$" renders as a literal "$"
        # 185: after 'backtick' (190) so code spans are already stashed, but before
        # 'escape' (180) so TeX backslashes (\{, \_, \\) reach the math untouched, and
        # long before emphasis/'delimiter' (60) so *, _ and == inside math stay literal.
        md.inlinePatterns.register(MathInlineProcessor(INLINE_RE, md), "obsidian_math", 185)
        # 77: after 'code' (80) so indented code stays code, before 'table' (75),
        # 'hashheader' (70) and the list processors so |, # or - inside display math
        # cannot be mistaken for block structure.
        md.parser.blockprocessors.register(MathBlockProcessor(md.parser), "obsidian_math", 77)


def makeExtension(**kwargs: Any) -> MathExtension:
    return MathExtension(**kwargs)
