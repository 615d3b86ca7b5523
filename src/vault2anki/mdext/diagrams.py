"""Fenced blocks Anki cannot draw (mermaid, dataview, …) degrade to plain code.

```mermaid … ``` becomes
``<pre class="diagram"><code class="language-mermaid">…escaped source…</code></pre>``
instead of being syntax-highlighted as an unknown language or leaking as text.

Two ways to wire it into ``pymdownx.superfences`` (which owns fenced code):

* preferred: ``"pymdownx.superfences": {"custom_fences": custom_fences()}``;
* or list ``DiagramsExtension`` *after* ``pymdownx.superfences``; it appends the
  same fences to the already-registered superfences instance.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from markdown import Extension, Markdown

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


def _accept_any_options(
    language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict[str, str], md: Any
) -> bool:
    return True  # ignore {.attrs}/options on diagram fences; we only show the source


def _keyword_formatter(
    src: str = "", language: str = "", options: dict[str, Any] | None = None, **kwargs: Any
) -> str:
    # extend_super_fences() calls formatters with src=…, custom_fences with positionals.
    return diagram_fence_format(src, language, DIAGRAM_CLASS, options, kwargs.get("md"))


def _no_reset(md: Markdown) -> None:
    return None


class DiagramsExtension(Extension):
    """Hook diagram fences into an already-registered ``pymdownx.superfences``."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "languages": [list(DIAGRAM_LANGUAGES), "Fence languages to show as plain source"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        from pymdownx.superfences import SuperFencesCodeExtension

        md.registerExtension(self)
        superfences = next(
            (e for e in md.registeredExtensions if isinstance(e, SuperFencesCodeExtension)),
            None,
        )
        if superfences is None:
            raise ValueError(
                "vault2anki.mdext.diagrams must be listed after pymdownx.superfences "
                "(or pass diagrams.custom_fences() as superfences' custom_fences)"
            )
        # No processor priority here: superfences' 'fenced_code_block' preprocessor (25)
        # does the parsing; later-added fences win, so ours beat its catch-all highlighter.
        for lang in self.getConfig("languages"):
            superfences.extend_super_fences(
                lang,
                _keyword_formatter,
                _accept_any_options,
                _no_reset,
            )


def makeExtension(**kwargs: Any) -> DiagramsExtension:
    return DiagramsExtension(**kwargs)
