"""`vault2anki preview`: a static site showing every card as Anki will render it."""

from __future__ import annotations

from .anki_html import AnkiCard, anki_cards
from .site import PreviewSite, default_preview_dir, write_preview

__all__ = ["AnkiCard", "PreviewSite", "anki_cards", "default_preview_dir", "write_preview"]
