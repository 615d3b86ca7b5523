"""Reused built-in/pymdownx extensions for Obsidian task lists, ~~strike~~,
footnotes and tables, configured the Obsidian way."""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.tables import TableExtension
from pymdownx.tasklist import TasklistExtension
from pymdownx.tilde import DeleteSubExtension


def extra_builtin_extensions() -> list[Extension]:
    """Fresh, configured extension instances (never share them between Markdown objects)."""
    return [
        # Read-only checkboxes on the card; no custom CSS hook needed.
        TasklistExtension(custom_checkbox=False, clickable_checkbox=False),
        # Only ~~strike~~; Obsidian has no ~sub~ and H~2~O must stay text.
        DeleteSubExtension(subscript=False, delete=True),
        FootnoteExtension(),
        TableExtension(),
    ]


class TasksExtension(Extension):
    """Register everything from :func:`extra_builtin_extensions` in one go."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Each extension picks its own well-known priorities (tasklist treeprocessor 25,
        # tilde 'delimiter' 60, footnote 175/17/50, table block 75).
        for ext in extra_builtin_extensions():
            ext.extendMarkdown(md)


def makeExtension(**kwargs: Any) -> TasksExtension:
    return TasksExtension(**kwargs)
