"""Reused built-in/pymdownx extensions for Obsidian task lists, ~~strike~~ and
footnotes, configured the Obsidian way (tables: mdext/tables.py).

Each picks its own well-known priorities (tasklist treeprocessor 25, tilde `delimiter` 60,
footnotes 175/17/50); the renderer lists the instances directly.
"""

from __future__ import annotations

from markdown import Extension
from markdown.extensions.footnotes import FootnoteExtension
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
    ]
