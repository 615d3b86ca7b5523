"""The Obsidian syntax markdown-it does not know, one plugin per feature.

Each module has a `plugin(md)` that adds its rules to a `MarkdownIt` (and render rules for
its tokens); `render/engine.py` lists them, in order, in one table. A plugin that needs the
vault (links, embeds, media) reads the note being rendered from `env["context"]`, a
`LinkContext` (context.py). Source plugins (`comments`, `tags`, `embeds`' line isolation,
`wikilinks`' table pipes) rewrite the note's lines before block parsing, asking the line
scanner (vault/lines.py) which lines are code.
"""
