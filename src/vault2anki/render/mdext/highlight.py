"""Obsidian highlights: ``==text==`` -> ``<mark>text</mark>``.

A thin wrapper around ``pymdownx.mark``, which handles only ``=`` (``^^``/``++``
belong to ``pymdownx.caret``/``critic``, which are not loaded) and shares
pymdownx's ``delimiter`` inline processor with ``pymdownx.tilde``.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown


class HighlightExtension(Extension):
    """Register ``pymdownx.mark`` with Obsidian-like settings."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "smart_mark": [
                False,
                "pymdownx.mark smart_mark; False matches Obsidian (a==b==c highlights b)",
            ]
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # pymdownx.mark registers (or joins) the shared 'delimiter' inline processor at
        # 60, after 'backtick' (190) so ==…== inside code spans stays literal.
        md.registerExtensions(
            ["pymdownx.mark"], {"pymdownx.mark": {"smart_mark": self.getConfig("smart_mark")}}
        )


def makeExtension(**kwargs: Any) -> HighlightExtension:
    return HighlightExtension(**kwargs)
