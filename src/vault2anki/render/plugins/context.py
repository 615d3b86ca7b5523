"""What the vault-aware plugins ask of the note being rendered (`env["context"]`)."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any, Protocol


class LinkContext(Protocol):
    def media(self, target: str, *, wikilink: bool) -> str | None:
        """Package file name for a vault file the note embeds, or None (reported) if missing.
        `wikilink` selects Obsidian name resolution (`![[name.png]]`) over a relative Markdown
        path (`![](img/a%20b.png)`)."""

    def attachment(self, target: str, *, wikilink: bool) -> str | None:
        """URL that opens a vault file the note embeds but Anki cannot show (a PDF) in
        Obsidian, or None (reported) if missing; resolved as `media` resolves, not packaged."""

    def warn(self, kind: str, message: str, needle: str) -> None:
        """Report a problem; `needle` is source text used to find its line in the note."""

    def note(self, name: str) -> tuple[str, str] | None:
        """(vault path, body without frontmatter) of the note `name` links to; None when `name`
        names no note (an image, a missing file). An empty `name` is the note being rendered."""

    def embedded(self, rel: str, anchor: str, needle: str) -> LinkContext | None:
        """The context to render part `anchor` ("" = all) of note `rel` inside this one, or
        None — already reported, naming `needle` — when that would loop or nest too deep."""

    def link_url(self, target: str) -> str | None:
        """URL a `[[target]]` wikilink opens (`obsidian://…`), or None to show only its text."""


class NoContext:
    """Renders without a vault: nothing resolves, nothing is reported (golden tests)."""

    def media(self, target: str, *, wikilink: bool) -> str | None:
        return None

    def attachment(self, target: str, *, wikilink: bool) -> str | None:
        return None

    def warn(self, kind: str, message: str, needle: str) -> None:
        return None

    def note(self, name: str) -> tuple[str, str] | None:
        return None

    def embedded(self, rel: str, anchor: str, needle: str) -> LinkContext | None:
        return None

    def link_url(self, target: str) -> str | None:
        return None


NO_CONTEXT = NoContext()
Render = Callable[[str, LinkContext], str]  # an embedded note's Markdown → HTML


def context_of(env: MutableMapping[str, Any]) -> LinkContext:
    found: LinkContext = env.get("context") or NO_CONTEXT
    return found


def nested_render(env: MutableMapping[str, Any]) -> Render | None:
    found: Render | None = env.get("render")
    return found
