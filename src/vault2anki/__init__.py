"""vault2anki: export an Obsidian vault of question notes to an Anki package."""

__version__ = "0.1.0"
