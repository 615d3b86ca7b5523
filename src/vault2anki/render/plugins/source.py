"""Plugins that rewrite a note's lines before markdown-it reads blocks: a core rule after
`normalize` runs each rewrite in turn on `state.src`. Each rewrite is a function of the lines
alone, and asks the line scanner (vault/lines.py) where code is, so nothing in code changes."""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

Rewrite = Callable[[list[str]], list[str]]


def add_rewrite(md: MarkdownIt, name: str, rewrite: Rewrite, needle: str) -> None:
    """Run `rewrite` on the lines of a source holding `needle` (else it is skipped), in the
    order plugins were added."""

    def rule(state: StateCore) -> None:
        if needle in state.src:
            state.src = "\n".join(rewrite(state.src.split("\n")))

    after = md.options.get("_v2a_last_rewrite", "normalize")
    md.core.ruler.after(after, name, rule)
    md.options["_v2a_last_rewrite"] = name
