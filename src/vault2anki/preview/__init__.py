"""Cards → a preview. Takes an export's `ExportResult`; gives a static site showing every card
as Anki will render it (`anki_html.py`: Anki's templates and cloze rendering; `pages.py`,
`assets.py`: the pages; `site.py`: written beside the target and swapped in)."""

from __future__ import annotations

from .anki_html import AnkiCard, anki_cards
from .site import PreviewSite, default_preview_dir, write_preview

__all__ = ["AnkiCard", "PreviewSite", "anki_cards", "default_preview_dir", "write_preview"]
