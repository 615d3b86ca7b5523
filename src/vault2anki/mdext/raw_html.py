"""Inline HTML is kept only for real HTML tags: `git remote rm <origin_name>` stays text.

Python-Markdown passes any `<word>` through as a tag; a browser then hides it and Anki's editor
drops it, so placeholder names in prose would silently vanish from the card.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor

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


class KnownHtmlExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        """Registers inline pattern `html` at 90: replaces the stock one under its name and
        priority."""
        md.registerExtension(self)
        md.inlinePatterns.register(KnownHtmlInlineProcessor(HTML_RE, md), "html", 90)


def makeExtension(**kwargs: Any) -> KnownHtmlExtension:
    return KnownHtmlExtension(**kwargs)
