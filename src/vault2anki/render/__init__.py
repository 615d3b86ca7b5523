"""Stage 3, HTML. Takes a `CardSource`'s Markdown; gives the card's HTML (`RenderedCard`):
`renderer.Renderer` renders with `engine.py` — markdown-it-py's CommonMark plus GFM and one
plugin per Obsidian feature in `plugins/` — and code through Pygments (`fast_lexer.py` lexes
faster, the same tokens); raw HTML goes through the one allow-list in `sanitize.py` (with
`texguard.py` for math MathJax would run), and input too deep to render is refused up front
(`checks.py`)."""
