"""Golden tests for vault2anki.render.mdext.diagrams (with pymdownx.superfences)."""

from __future__ import annotations

from typing import Any

import markdown
import pytest

from vault2anki.render.mdext.diagrams import (
    DIAGRAM_LANGUAGES,
    custom_fences,
    diagram_fence_format,
)

HL = {"use_pygments": True, "css_class": "highlight"}


def via_config(text: str) -> str:
    cfg: dict[str, dict[str, Any]] = {
        "pymdownx.superfences": {"custom_fences": custom_fences()},
        "pymdownx.highlight": HL,
    }
    return markdown.markdown(
        text, extensions=["pymdownx.superfences", "pymdownx.highlight"], extension_configs=cfg
    )


RENDERERS = [via_config]

MERMAID = "```mermaid\ngraph TD\n  A-->B & C<D\n```"
MERMAID_HTML = (
    '<pre class="diagram"><code class="language-mermaid">graph TD\n'
    "  A--&gt;B &amp; C&lt;D</code></pre>"
)


@pytest.mark.parametrize("render", RENDERERS)
def test_mermaid(render: Any) -> None:
    assert render(MERMAID) == MERMAID_HTML


@pytest.mark.parametrize("render", RENDERERS)
@pytest.mark.parametrize("lang", ["dataview", "dataviewjs", "query", "excalidraw", "plantuml"])
def test_other_languages(render: Any, lang: str) -> None:
    out = render(f"```{lang}\nTABLE x FROM #tag\n```")
    assert out == (
        f'<pre class="diagram"><code class="language-{lang}">TABLE x FROM #tag</code></pre>'
    )


@pytest.mark.parametrize("render", RENDERERS)
def test_inside_blockquote(render: Any) -> None:
    out = render("> ```dataview\n> TABLE x\n> ```")
    assert out == (
        "<blockquote>\n"
        '<pre class="diagram"><code class="language-dataview">TABLE x</code></pre>\n'
        "</blockquote>"
    )


@pytest.mark.parametrize("render", RENDERERS)
def test_normal_code_still_highlighted(render: Any) -> None:
    out = render("```python\nx = 1\n```")
    assert out.startswith('<div class="highlight"><pre>') and "diagram" not in out


def test_formatter_directly() -> None:
    assert diagram_fence_format("<b>", "mermaid", "diagram", {}, None) == (
        '<pre class="diagram"><code class="language-mermaid">&lt;b&gt;</code></pre>'
    )
    assert {f["name"] for f in custom_fences()} == set(DIAGRAM_LANGUAGES)
