"""The Anki note types. Their ids and field/template names are frozen (GUIDE.md §1): changing
them makes every existing user's import log "conflicting" and their edits stop arriving.
CSS and template HTML may change freely.
"""

from __future__ import annotations

from functools import cache

import genanki
from pygments.formatters import HtmlFormatter

from .identity import BASIC_MODEL_ID

# Field names, frozen. Source is the vault-relative path (with a link back to Obsidian later).
BASIC_FIELDS = ("Question", "Answer", "Source")

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


@cache
def basic_model() -> genanki.Model:
    return genanki.Model(
        BASIC_MODEL_ID,
        "vault2anki Basic",
        fields=[{"name": name} for name in BASIC_FIELDS],
        templates=[
            {
                "name": "Card 1",
                "qfmt": '<div class="question">{{Question}}</div>',
                "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Answer}}</div>\n'
                '<div class="source">{{Source}}</div>',
            }
        ],
        css=card_css(),
    )
