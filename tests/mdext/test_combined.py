"""All mdext extensions together, exactly as the renderer wires them."""

from __future__ import annotations

import pkgutil

import markdown

import vault2anki.render.mdext
from vault2anki.render.mdext.context import ContextSlot
from vault2anki.render.renderer import EXTENSION_CONFIGS, markdown_extensions

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
- see [[Other note|the alias]] and ![[missing.png]], <kbd>Ctrl</kbd> #tagged
  - nested by two spaces

Line one
line two
"""


def make_md() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=markdown_extensions(ContextSlot()),
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )


def test_every_extension_module_is_wired() -> None:
    """`markdown_extensions` registers an extension from every module of mdext that has one."""
    md = make_md()
    registered = {type(ext).__module__ for ext in md.registeredExtensions}
    registered |= {type(p).__module__ for p in md.preprocessors}
    registered |= {type(p).__module__ for p in md.inlinePatterns}
    registered |= {type(p).__module__ for p in md.treeprocessors}
    registered |= {type(p).__module__ for p in md.postprocessors}
    registered |= {type(p).__module__ for p in md.parser.blockprocessors}
    for info in pkgutil.iter_modules(vault2anki.render.mdext.__path__):
        module = __import__(f"vault2anki.render.mdext.{info.name}", fromlist=["x"])
        if hasattr(module, "makeExtension"):
            assert module.__name__ in registered, module.__name__


def test_realistic_note() -> None:
    out = make_md().convert(NOTE)
    # Nothing Obsidian-only leaks.
    for leak in ("[!", "%%private", "multi-line comment", "^q1", "^li", "$$", "$e^"):
        assert leak not in out, leak
    assert "<h1>Question</h1>" in out
    assert '<span class="arithmatex">\\(e^{i\\pi}\\)</span>' in out
    assert "Costs $5 and $10." in out
    # Callout with list (interrupting "Remember:"), math, highlight, code, nested callout.
    assert out.count('<details class="callout callout-tip" open>') == 1
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
    # Wikilinks, a missing embed, inline HTML, a tag shown where it is, two-space nesting.
    assert (
        '<li>see <span class="wikilink">the alias</span> and '
        '<span class="missing-embed">missing.png</span>, <kbd>Ctrl</kbd> #tagged<ul>\n'
        "<li>nested by two spaces</li>"
    ) in out
    # A newline inside a paragraph is a line break.
    assert "<p>Line one<br>\nline two</p>" in out


def test_markdown_instance_is_reusable() -> None:
    md = make_md()
    first = md.convert(NOTE)
    md.reset()
    assert md.convert(NOTE) == first


def test_our_processors_have_priorities_of_their_own() -> None:
    """Run order never depends on list order: no processor of ours shares a priority with
    another processor of the same registry (render.markdown_extensions relies on this)."""
    md = make_md()
    registries = [
        md.preprocessors,
        md.parser.blockprocessors,
        md.inlinePatterns,
        md.treeprocessors,
        md.postprocessors,
    ]
    for registry in registries:
        ours = {
            name
            for name in registry._data
            if type(registry[name]).__module__.startswith("vault2anki")
        }
        priorities = [(item.priority, item.name) for item in registry._priority]
        for priority, name in priorities:
            if name in ours:
                shared = [n for p, n in priorities if p == priority and n != name]
                assert not shared, f"{name} shares priority {priority} with {shared}"
