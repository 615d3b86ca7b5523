"""Bare URLs are links, as GFM's autolinks are in Obsidian: `https://…`, `www.…` and e-mail
addresses in prose become `<a>`; never inside code, math, links or wikilinks.

`pymdownx.magiclink` (pymdown-extensions, already a dependency) does the matching: it is an
inline pattern, so code spans, fences and existing Markdown links are never seen by it, and it
stops before trailing punctuation like GFM. Its GitHub shorthands (`@user`, `#123`) stay off:
in a vault those are text and tags. One thing it cannot see is a raw HTML `<a>` around a bare
URL (`<a href="u">u</a>`): its text is Markdown to Python-Markdown, so the URL would become a
second link inside the first. A postprocessor unwraps such nested links.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from pymdownx.magiclink import MagiclinkExtension

# An `<a …>` whose text holds one of our links before its own `</a>`: HTML never nests links.
_NESTED_RE = re.compile(r"(<a\s[^<>]*>[^<]*)<a href=\"[^\"<>]*\">([^<]*)</a>")


class UnnestLinksPostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return _NESTED_RE.sub(r"\1\2", text) if text.count("<a ") > 1 else text


class AutolinkExtension(Extension):
    """GFM autolinks for bare URLs."""

    def extendMarkdown(self, md: Markdown) -> None:
        """magiclink's inline patterns (85, 84.9: after backticks and links, before
        `obsidian_tag` at 65, so the `#frag` of a URL stays in its link); postprocessor
        `unnest_links` at 19.5, after `raw_html` (30) put the raw `<a>` back."""
        MagiclinkExtension(
            hide_protocol=False, repo_url_shortener=False, social_url_shortener=False
        ).extendMarkdown(md)
        md.postprocessors.register(UnnestLinksPostprocessor(md), "unnest_links", 19.5)


def makeExtension(**kwargs: Any) -> AutolinkExtension:
    return AutolinkExtension(**kwargs)
