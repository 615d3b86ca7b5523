"""Markdown → HTML for card fields, with Obsidian syntax, vault-resolved media and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import markdown

from .identity import card_guid
from .mdext import (
    block_ids,
    callouts,
    comments,
    diagrams,
    embeds,
    highlight,
    math,
    obsidian_lists,
    obsidian_tags,
    raw_html,
    tasks,
    wikilinks,
)
from .mdext.context import ContextSlot
from .media import package_name
from .model import Card, CardSource, MediaFile, Problem
from .vault import Vault


@dataclass
class NoteContext:
    """The `LinkContext` of one card: resolves media inside the vault and records problems."""

    vault: Vault
    card: CardSource
    media_found: dict[str, MediaFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def media(self, target: str, *, wikilink: bool) -> str | None:
        note = self.card.note.rel
        if wikilink:
            rel = self.vault.resolve_link(target, note)
        elif self.vault.escapes(target, note):
            self.warn("outside-vault", f"{target!r} points outside the vault; not packaged", target)
            return None
        else:  # a relative path, else Obsidian's by-name lookup, which Markdown links also get
            rel = self.vault.resolve_path(target, note) or self.vault.resolve_link(
                unquote(target).rsplit("/", 1)[-1], note
            )
        if rel is None or rel.endswith(".md"):
            self.warn(
                "missing-media",
                f"embedded file not found in the vault: {target!r}; check the name or add the file",
                target,
            )
            return None
        path = self.vault.abspath(rel)
        try:
            mtime = int(path.stat().st_mtime)
        except OSError:
            self.warn("missing-media", f"cannot read embedded file {target!r}", target)
            return None
        name = package_name(rel)
        self.media_found[name] = MediaFile(name=name, path=path, mtime=mtime)
        return name

    def warn(self, kind: str, message: str, needle: str) -> None:
        self.problems.append(
            Problem(self.card.note.rel, self._line_of(needle), "warning", kind, message)
        )

    def _line_of(self, needle: str) -> int:
        """File line of `needle`, searched from the card's answer heading; else the heading."""
        note = self.card.note
        lines = note.body.split("\n")
        start = max(0, self.card.line - note.body_line)
        for order in (range(start, len(lines)), range(0, start)):
            for i in order:
                if needle and needle in lines[i]:
                    return note.body_line + i
        return self.card.line


def markdown_extensions(slot: ContextSlot) -> list[Any]:
    """Every extension a card field is rendered with, one per Obsidian feature.

    Run order comes from each processor's registered priority (see the comments there), not
    from this list. Fresh instances each call: extensions must not be shared between Markdown
    objects.
    """
    return [
        comments.makeExtension(),
        obsidian_lists.makeExtension(),
        "pymdownx.superfences",
        "vault2anki.mdext.fast_highlight",
        callouts.makeExtension(),
        math.makeExtension(),
        highlight.makeExtension(),
        block_ids.makeExtension(),
        "sane_lists",
        "md_in_html",
        *tasks.extra_builtin_extensions(),
        obsidian_tags.makeExtension(),
        raw_html.makeExtension(),
        wikilinks.makeExtension(),
        embeds.makeExtension(slot=slot),
    ]


EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    # Classes, not inline styles: the note type's CSS colours them for light and night mode.
    "vault2anki.mdext.fast_highlight": {
        "use_pygments": True,
        "css_class": "highlight",
        "guess_lang": False,
    },
    # Mermaid, dataview & co. become readable code blocks: Anki cannot draw them.
    "pymdownx.superfences": {"custom_fences": diagrams.custom_fences()},
}


class Renderer:
    """One Markdown instance, reset between fields: building it costs more than a small note."""

    def __init__(self) -> None:
        self.slot = ContextSlot()
        self.md = markdown.Markdown(
            extensions=markdown_extensions(self.slot),
            extension_configs=EXTENSION_CONFIGS,
            output_format="html",
        )

    def render(self, text: str, context: Any = None) -> str:
        if context is not None:
            self.slot.current = context
        try:
            return self.md.reset().convert(text)
        finally:
            self.slot.current = ContextSlot().current


def render_card(
    renderer: Renderer, vault: Vault, source: CardSource, deck: str
) -> tuple[Card | None, list[Problem]]:
    """Render one card; a note that breaks the renderer costs that card, never the export."""
    context = NoteContext(vault, source)
    try:
        question = renderer.render(source.question, context)
        answer = renderer.render(source.answer, context)
    except (RecursionError, ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
        # Python-Markdown has no error model of its own; any of these is an input it
        # cannot handle (e.g. quotes nested hundreds deep). Report and skip the card.
        problem = Problem(
            source.note.rel,
            source.line,
            "error",
            "render-failed",
            f"cannot render this card ({type(exc).__name__}); simplify the "
            "Markdown around it — the card is skipped",
        )
        return None, [*context.problems, problem]
    media = tuple(sorted(context.media_found.values(), key=lambda m: m.name))
    card = Card(
        guid=card_guid(source),
        deck=deck,
        question=question,
        answer=answer,
        source=source.note.rel,
        tags=source.tags,
        media=media,
        # When the content last changed: the note or anything it embeds (GUIDE.md §1).
        mod=max([source.note.mtime, *(m.mtime for m in media)]),
        source_line=source.line,
    )
    return card, context.problems
