"""Fenced blocks Anki cannot draw (mermaid, dataview, …) degrade to plain code.

```mermaid … ``` becomes
``<pre class="diagram"><code class="language-mermaid">…escaped source…</code></pre>``
instead of being syntax-highlighted as an unknown language or leaking as text.

Wired as ``pymdownx.superfences``' own ``custom_fences`` config (superfences owns fenced
code, so this is not an extension of its own):
``"pymdownx.superfences": {"custom_fences": custom_fences()}``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from markdown import Markdown

DIAGRAM_LANGUAGES: tuple[str, ...] = (
    "mermaid",
    "dataview",
    "dataviewjs",
    "query",
    "excalidraw",
    "plantuml",
    "tikz",
    "chart",
    "tasks",
    "kanban",
    "graphviz",
    "dot",
    "abc",
)
DIAGRAM_CLASS = "diagram"


def diagram_fence_format(
    source: str,
    language: str,
    class_name: str = DIAGRAM_CLASS,
    options: dict[str, Any] | None = None,
    md: Markdown | None = None,
    **kwargs: Any,
) -> str:
    """superfences custom-fence formatter: the escaped source in a plain code block."""
    lang = html.escape(language, quote=True)
    cls = html.escape(class_name or DIAGRAM_CLASS, quote=True)
    code = html.escape(source, quote=False)
    return f'<pre class="{cls}"><code class="language-{lang}">{code}</code></pre>'


def custom_fences(languages: Iterable[str] = DIAGRAM_LANGUAGES) -> list[dict[str, Any]]:
    """The ``custom_fences`` config list for ``pymdownx.superfences``."""
    return [
        {"name": lang, "class": DIAGRAM_CLASS, "format": diagram_fence_format} for lang in languages
    ]
