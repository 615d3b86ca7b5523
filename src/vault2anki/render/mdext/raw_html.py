"""Raw HTML as Obsidian (CommonMark) reads it.

- Inline HTML is kept only for real HTML tags: `git remote rm <origin_name>` stays text.
  Python-Markdown passes any `<word>` through as a tag; a browser then hides it and Anki's
  editor drops it, so placeholder names in prose would silently vanish from the card.
- An HTML block opened by a block-level tag (`<details>`, `<div>`, `<table>`, … CommonMark's
  type 6) ends at the first blank line; what follows is Markdown again, up to the closing
  tag's own block. Python-Markdown keeps the whole element raw, so in
  `<details><summary>S</summary>` + blank line + `**body**` + blank line + `</details>`
  the student saw `**body**` literally. A note using Python-Markdown's `markdown="1"` is
  left to `md_in_html`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.preprocessors import Preprocessor

# Elements a note may reasonably contain inline (HTML's phrasing content plus a few blocks).
KNOWN_TAGS = frozenset(
    """
a abbr audio b bdi bdo br cite code data del details dfn div em font i iframe img input ins kbd
label mark meter object p picture q rp rt ruby s samp small source span strong sub summary sup
svg table tbody td th thead time tr track u var video wbr center hr ul ol li dl dt dd pre
blockquote h1 h2 h3 h4 h5 h6 figure figcaption caption colgroup col tfoot section article
aside header footer nav math
""".split()
)
# A whole tag name: `<a_b>` is not an `<a>` tag.
_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")


class KnownHtmlInlineProcessor(HtmlInlineProcessor):
    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[str | etree.Element | None, int | None, int | None]:
        name = _NAME_RE.match(m.group(1))
        comment = m.group(1).startswith("<!--")
        if not comment and (name is None or name.group(1).lower() not in KNOWN_TAGS):
            # Returned as plain text: the serializer escapes `<` and `>`.
            return m.group(1), m.start(0), m.end(0)
        return super().handleMatch(m, data)


# CommonMark's HTML block start condition 6: these tag names, opening or closing.
BLOCK_TAGS = """
address article aside base basefont blockquote body caption center col colgroup dd details
dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6
head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option
p param search section summary table tbody td tfoot th thead title tr track ul
""".split()
BLOCK_START_RE = re.compile(rf"[ ]{{0,3}}</?(?:{'|'.join(BLOCK_TAGS)})(?:[ \t>]|/>|$)", re.I)


class HtmlBlockPreprocessor(Preprocessor):
    """Stash each block-level HTML block (start line to blank line) as raw HTML, so the
    Markdown between an element's opening and closing blocks is rendered."""

    def run(self, lines: list[str]) -> list[str]:
        if any("markdown=" in line for line in lines):
            return lines  # md_in_html's syntax: its elements span blank lines on purpose
        out: list[str] = []
        block: list[str] = []
        for line in [*lines, ""]:
            if block and line.strip():
                block.append(line)
                continue
            if block:
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = []
            starts = not out or not out[-1].strip()
            if starts and BLOCK_START_RE.match(line) and "markdown=" not in line:
                block = [line]
            else:
                out.append(line)
        return out[:-1]


class KnownHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        """Registers inline pattern `html` at 90: replaces the stock one under its name and
        priority."""
        md.registerExtension(self)
        md.inlinePatterns.register(KnownHtmlInlineProcessor(HTML_RE, md), "html", 90)
        # At 20.5: after superfences (25) stashed the fences (an HTML line in code is no
        # block), before `html_block` (20), which would take the whole element raw.
        md.preprocessors.register(HtmlBlockPreprocessor(md), "html_blocks_commonmark", 20.5)


def makeExtension(**kwargs: Any) -> KnownHtmlExtension:
    return KnownHtmlExtension(**kwargs)
