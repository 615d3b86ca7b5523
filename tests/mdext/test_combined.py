"""All mdext extensions together, with the fenced-code stack the integrator uses."""

from __future__ import annotations

from typing import Any

import markdown

from vault2anki.mdext import (
    block_ids,
    callouts,
    comments,
    diagrams,
    highlight,
    math,
    obsidian_lists,
    tasks,
)

NOTE = """\
# Question ^q1

What is $e^{i\\pi}$? Costs $5 and $10. %%private hint%%

> [!tip]+ Hint with ==mark==
> Remember:
> - $\\sin^2 x + \\cos^2 x = 1$
> - ==identity== ^li
>
> ```python
> share = 5 %% 3  # "$x$" and ==no== stay code
> ```
>
> $$
> \\int_0^1 x\\,dx = \\tfrac12
> $$
>
> > [!note]- Nested
> > deep *text*

%%
multi-line comment

spanning paragraphs
%%

```mermaid
graph TD; A-->B
```

- [x] done ~~old~~ `==code== $y$`
"""


def make_md() -> markdown.Markdown:
    configs: dict[str, dict[str, Any]] = {
        "pymdownx.superfences": {"custom_fences": diagrams.custom_fences()},
        "pymdownx.highlight": {"use_pygments": True, "css_class": "highlight"},
    }
    return markdown.Markdown(
        extensions=[
            comments.makeExtension(),
            obsidian_lists.makeExtension(),
            "pymdownx.superfences",
            "pymdownx.highlight",
            callouts.makeExtension(),
            math.makeExtension(),
            highlight.makeExtension(),
            block_ids.makeExtension(),
            "sane_lists",
            *tasks.extra_builtin_extensions(),
        ],
        extension_configs=configs,
    )


def test_realistic_note() -> None:
    out = make_md().convert(NOTE)
    # Nothing Obsidian-only leaks.
    for leak in ("[!", "%%private", "multi-line comment", "^q1", "^li", "$$", "$e^"):
        assert leak not in out, leak
    assert "<h1>Question</h1>" in out
    assert '<span class="arithmatex">\\(e^{i\\pi}\\)</span>' in out
    assert "Costs $5 and $10." in out
    # Callout with list (interrupting "Remember:"), math, highlight, code, nested callout.
    assert out.count('<details class="callout callout-tip" open="open">') == 1
    assert '<summary class="callout-title">Hint with <mark>mark</mark></summary>' in out
    assert "<p>Remember:</p>\n<ul>" in out
    assert '<li><span class="arithmatex">\\(\\sin^2 x + \\cos^2 x = 1\\)</span></li>' in out
    assert "<li><mark>identity</mark></li>" in out
    assert '<div class="arithmatex">\\[\n\\int_0^1 x\\,dx = \\tfrac12\n\\]</div>' in out
    assert '<details class="callout callout-note">' in out
    assert "<p>deep <em>text</em></p>" in out
    # Code keeps %%, $ and == verbatim (highlighted by Pygments).
    assert '<div class="highlight"><pre>' in out
    code = out.split('<div class="highlight">')[1].split("</pre>")[0]
    assert "%%" in code and "$x$" in code and "==no==" in code and "mark" not in code
    # Diagram fence degrades to plain code.
    assert (
        '<pre class="diagram"><code class="language-mermaid">graph TD; A--&gt;B</code></pre>'
    ) in out
    # Task list, strikethrough, inline code untouched.
    assert '<input type="checkbox" disabled checked/> done <del>old</del>' in out
    assert "<code>==code== $y$</code>" in out


def test_markdown_instance_is_reusable() -> None:
    md = make_md()
    first = md.convert(NOTE)
    md.reset()
    assert md.convert(NOTE) == first
