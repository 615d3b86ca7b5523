"""The note types' CSS: card layout, code colours, callouts, highlights, embedded notes — light
and night mode.

Anki adds `.nightMode` to the card (`.night_mode` on older versions) in night mode.
"""

from __future__ import annotations

from functools import cache

from pygments.formatters import HtmlFormatter

_BASE_CSS = """
.card { font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  font-size: 18px; line-height: 1.5; text-align: left; color: #1f2328; background: #fff;
  max-width: 46em; margin: 0 auto; }
.nightMode.card, .night_mode .card { color: #e6edf3; background: #1e1e1e; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; }
th, td { border: 1px solid #8888; padding: .2em .6em; }
code { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: .9em; }
:not(pre) > code { background: #8882; padding: .1em .3em; border-radius: 4px; }
pre { padding: .7em 1em; border-radius: 6px; overflow-x: auto; line-height: 1.4; }
.highlight { background: #f6f8fa; border-radius: 6px; }
.nightMode .highlight, .night_mode .highlight { background: #161b22; }
blockquote { margin: .5em 0; padding: 0 1em; border-left: 4px solid #8886; }
.wikilink { font-style: italic; }
.missing-embed { color: #b35900; font-style: italic; }
.source { margin-top: 1.5em; font-size: 12px; color: #888; }
.source a { color: inherit; }
.nightMode a, .night_mode a { color: #6cb6ff; }
hr#answer { margin: 1em 0; }
mark { background: #fff3a3; color: inherit; padding: 0 .1em; border-radius: 2px; }
.nightMode mark, .night_mode mark { background: #6b5a00; color: #fff8d6; }
.transclusion { margin: .5em 0; padding: .1em 0 .1em 1em; border-left: 3px solid #7b61ff88; }
.embed, .attachment { font-style: italic; }
details > summary { cursor: pointer; }
"""

# Obsidian's callout colours (RGB), by type and its aliases; unknown types get `note`'s.
_CALLOUT_COLOURS = {
    "68, 138, 255": "note",
    "0, 184, 212": "abstract summary tldr info todo",
    "0, 191, 165": "tip hint important",
    "8, 185, 78": "success check done",
    "236, 117, 0": "question help faq warning caution attention",
    "233, 49, 71": "failure fail missing danger error bug",
    "124, 77, 255": "example",
    "158, 158, 158": "quote cite",
}


def _callout_css() -> str:
    rules = [
        ".callout { --callout: 68, 138, 255; margin: .7em 0; padding: .4em .9em; "
        "border-left: 4px solid rgb(var(--callout)); border-radius: 4px; "
        "background: rgba(var(--callout), .08); }",
        ".nightMode .callout, .night_mode .callout { background: rgba(var(--callout), .14); }",
        ".callout-title { font-weight: 600; color: rgb(var(--callout)); margin: .1em 0 .3em; }",
        # Night mode: the pure colours are too dark on #1e1e1e; lighten the title text.
        ".nightMode .callout-title, .night_mode .callout-title "
        "{ color: color-mix(in srgb, rgb(var(--callout)) 70%, white); }",
        ".callout > :last-child { margin-bottom: .2em; }",
        "details.callout > summary { list-style-position: inside; }",
        "details.callout:not([open]) > summary { margin-bottom: .1em; }",
    ]
    for rgb, kinds in _CALLOUT_COLOURS.items():
        selector = ", ".join(f".callout-{kind}" for kind in kinds.split())
        rules.append(f"{selector} {{ --callout: {rgb}; }}")
    return "\n".join(rules) + "\n"


@cache
def card_css() -> str:
    """Base CSS plus Pygments token colours: a light theme, and a dark one under night mode."""
    light: str = HtmlFormatter(style="default").get_style_defs(".highlight")
    dark: str = HtmlFormatter(style="monokai").get_style_defs(
        [".nightMode .highlight", ".night_mode .highlight"]
    )
    # The dark theme's own background rule is replaced by ours above; drop Pygments' one.
    dark = "\n".join(line for line in dark.splitlines() if " { background: " not in line)
    return _BASE_CSS + _callout_css() + light + "\n" + dark
