"""Raw HTML as Obsidian reads it: CommonMark's HTML blocks and inline tags, but only for real
HTML elements. `git remote rm <origin_name>` and `Array<T>` stay text: a browser would hide an
unknown `<T>` and Anki's editor drop it, so a placeholder in prose would silently vanish.
(What survives still goes through the sanitizer, render/sanitize.py.)"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.html_blocks import block_names
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

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
_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")


# The tags that open CommonMark's HTML blocks of types 1 and 6: HTML elements by definition
# (the sanitizer removes what runs or loads, with a warning). Only a type-7 block — any other
# tag alone on its line — can be a placeholder in prose.
_BLOCK_TAGS = KNOWN_TAGS | frozenset(block_names) | {"script", "pre", "style", "textarea"}


def known(html: str, names: frozenset[str] = KNOWN_TAGS) -> bool:
    """A comment, a processing instruction or declaration, or a tag of one of `names`."""
    if not html.startswith("<") or html.startswith(("<!", "<?")):
        return True
    name = _NAME_RE.match(html)
    return name is not None and name.group(1).lower() in names


def unknown_tags_as_text(state: StateCore) -> None:
    for i, token in enumerate(state.tokens):
        if token.type == "html_block" and not known(token.content.lstrip(), _BLOCK_TAGS):
            # CommonMark's type-7 block (a lone `<T>` line): a paragraph of its text.
            text = Token("text", "", 0, content=token.content.rstrip("\n"))
            inline = Token("inline", "", 0, content=text.content, children=[text])
            state.tokens[i : i + 1] = [
                Token("paragraph_open", "p", 1, block=True),
                inline,
                Token("paragraph_close", "p", -1, block=True),
            ]
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "html_inline" and not known(child.content):
                    child.type = "text"


def plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "known_html", unknown_tags_as_text)
