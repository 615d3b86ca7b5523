"""What the vault-aware extensions ask of the note being rendered.

One `Markdown` instance renders many notes (building it is the expensive part), so extensions
hold a `ContextSlot` and read the current note's `LinkContext` from it at render time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class LinkContext(Protocol):
    def media(self, target: str, *, wikilink: bool) -> str | None:
        """Package file name for a vault file the note embeds, or None (reported) if missing.

        `wikilink` selects Obsidian name resolution (`![[name.png]]`) over a relative Markdown
        path (`![](img/a%20b.png)`).
        """

    def warn(self, kind: str, message: str, needle: str) -> None:
        """Report a problem; `needle` is source text used to find its line in the note."""


class _NoContext:
    """Renders without a vault: nothing resolves, nothing is reported (golden tests)."""

    def media(self, target: str, *, wikilink: bool) -> str | None:
        return None

    def warn(self, kind: str, message: str, needle: str) -> None:
        return None


@dataclass
class ContextSlot:
    current: LinkContext = _NoContext()  # noqa: RUF009 - stateless default is safe to share
