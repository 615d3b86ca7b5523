"""The note types' CSS: card layout, code colours, callouts — light and night mode.

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
hr#answer { margin: 1em 0; }
"""


@cache
def card_css() -> str:
    """Base CSS plus Pygments token colours: a light theme, and a dark one under night mode."""
    light: str = HtmlFormatter(style="default").get_style_defs(".highlight")
    dark: str = HtmlFormatter(style="monokai").get_style_defs(
        [".nightMode .highlight", ".night_mode .highlight"]
    )
    # The dark theme's own background rule is replaced by ours above; drop Pygments' one.
    dark = "\n".join(line for line in dark.splitlines() if " { background: " not in line)
    return _BASE_CSS + light + "\n" + dark
