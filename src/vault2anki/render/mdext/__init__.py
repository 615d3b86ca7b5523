"""Python-Markdown extensions, one per Obsidian feature."""
