"""Stage 3, HTML. Takes a `CardSource`'s Markdown; gives the card's HTML (`RenderedCard`):
Obsidian Markdown through `renderer.Renderer` and its extensions in `mdext/` (one per
Obsidian feature), raw HTML through the one allow-list in `sanitize.py`, input too deep to
render refused up front (`checks.py`)."""
