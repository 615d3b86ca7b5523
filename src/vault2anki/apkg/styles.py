"""The note types' CSS: card layout, code colours, callouts, highlights, embedded notes — light
and night mode, on every Anki client.

Night mode, as each client marks it (all checked against their sources/manuals):
- Anki desktop and current AnkiDroid put `nightMode night_mode` on the body, which is also
  the `.card` (`<body class="card card1 nightMode night_mode">`);
- AnkiMobile documents `.card.nightMode` (and `.night_mode` in older versions);
- older clients marked an element around the card: `.night_mode .card`.
So the night palette is set on `.card` under all four selectors (`_NIGHT_CARD`), as CSS
variables every rule below reads; rules that cannot use a variable (Pygments' dark theme)
list both class names as ancestors. Variables are `--v2a-*`: Anki defines `--fg` & co itself.

Measured in a real browser by tests/visual (390 and 800 px, light and night).
"""

from __future__ import annotations

from functools import cache

from pygments.formatters import HtmlFormatter

_NIGHT_CARD = ".card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card"
_NIGHT = (".nightMode", ".night_mode")

_BASE_CSS = (
    """
.card { --v2a-fg: #1f2328; --v2a-bg: #fff; --v2a-page: var(--v2a-bg); --v2a-muted: #59636e;
  --v2a-link: #0550ae; --v2a-rule: #d1d9e0; --v2a-code-bg: #f6f8fa; --v2a-inline-code: #afb8c133;
  --v2a-cloze: #0550ae; --v2a-mark-bg: #fff3a3; --v2a-mark-fg: inherit;
  font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  font-size: 18px; line-height: 1.5; text-align: left; color: var(--v2a-fg);
  background: var(--v2a-bg); overflow-wrap: break-word;
  /* A centred column with its own gutter: Anki's 20px body margin is replaced (the body is
     the .card), and `margin: auto` alone would leave no side margin below the max width. */
  box-sizing: border-box; max-width: 46em; margin: 20px auto; padding: 0 16px; }
"""
    + _NIGHT_CARD
    + """ { --v2a-fg: #e6edf3; --v2a-bg: #1e1e1e;
  /* What the card sits on at night: Anki's reviewer paints the body with its --canvas, over
     the .card background (#2c2c2c on desktop); the table's scroll covers must match it. */
  --v2a-page: var(--canvas, #2c2c2c);
  --v2a-muted: #9198a1; --v2a-link: #79c0ff; --v2a-rule: #3d444d; --v2a-code-bg: #161b22;
  --v2a-inline-code: #6e768166; --v2a-cloze: #79c0ff; --v2a-mark-bg: #6b5a00;
  --v2a-mark-fg: #fff8d6; color-scheme: dark; }
/* Dark scrollbars and form controls for the whole page, not just the card. */
:root:has(.nightMode), :root:has(.night_mode) { color-scheme: dark; }
a { color: var(--v2a-link); }
img { max-width: 100%; height: auto; }
h1 { font-size: 1.6em; } h2 { font-size: 1.4em; } h3 { font-size: 1.25em; }
h4 { font-size: 1.1em; } h5, h6 { font-size: 1em; } h6 { color: var(--v2a-muted); }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1em 0 .5em; }
/* A table scrolls inside its own box instead of pushing the page sideways. */
table { border-collapse: collapse; display: block; width: max-content; max-width: 100%;
  overflow-x: auto; }
/* In its box (plugins/tables.py) a table keeps its natural width; the box scrolls instead,
   and says so: a shadow at each edge with more table behind it. The covers (`local`) move with
   the table and hide a shadow once its edge is reached; the shadows (`scroll`) stay put. */
.table-wrap { max-width: 100%; overflow-x: auto;
  background: linear-gradient(to right, var(--v2a-page), var(--v2a-page) 40%, transparent)
      left / 2em 100% no-repeat local,
    linear-gradient(to left, var(--v2a-page), var(--v2a-page) 40%, transparent) right
      / 2em 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, #0005, transparent) left / .9em 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, #0005, transparent) right / .9em 100% no-repeat
      scroll; }
.table-wrap > table { display: table; max-width: none; }
th, td { border: 1px solid var(--v2a-rule); padding: .2em .6em; }
code { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "Noto Sans Mono", monospace;
  font-size: .9em; }
:not(pre) > code { background: var(--v2a-inline-code); padding: .1em .3em; border-radius: 4px; }
pre { padding: .7em 1em; border-radius: 6px; overflow-x: auto; line-height: 1.4; }
/* The question is read, not scrolled: a long `// task` line wraps instead of hiding. */
.question pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.highlight { background: var(--v2a-code-bg); border-radius: 6px; }
/* Anki's own cloze look (bold, blue; light blue at night). */
.cloze { font-weight: bold; color: var(--v2a-cloze); }
.task-list-item { list-style: none; }
.task-list-item > input[type="checkbox"] { margin: 0 .4em 0 -1.4em; vertical-align: middle; }
blockquote { margin: .5em 0; padding: 0 1em; border-left: 4px solid #8886; }
.wikilink { font-style: italic; }
.missing-embed { color: #b35900; font-style: italic; }
.source { margin-top: 1.5em; font-size: 12px; color: var(--v2a-muted); }
.source a { color: inherit; }
hr#answer { border: 0; border-top: 2px solid var(--v2a-rule); margin: 1em 0; }
/* Footnotes: a short dashed rule, unlike the full-width answer separator. */
.footnote { font-size: .9em; margin-top: 1.5em; }
.footnote > hr { border: 0; border-top: 1px dashed var(--v2a-muted); width: 30%;
  margin: 0 auto 0 0; }
mark { background: var(--v2a-mark-bg); color: var(--v2a-mark-fg); padding: 0 .1em;
  border-radius: 2px; }
.transclusion { margin: .5em 0; padding: .1em 0 .1em 1em; border-left: 3px solid #7b61ff88; }
.embed, .attachment { font-style: italic; }
details > summary { cursor: pointer; }
"""
)

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
        f"{_night('.callout')} {{ background: rgba(var(--callout), .14); }}",
        ".callout-title { font-weight: 600; color: rgb(var(--callout)); margin: .1em 0 .3em; }",
        # Night mode: the pure colours are too dark on #1e1e1e; lighten the title text.
        f"{_night('.callout-title')} "
        "{ color: color-mix(in srgb, rgb(var(--callout)) 70%, white); }",
        ".callout > :last-child { margin-bottom: .2em; }",
        "details.callout > summary { list-style-position: inside; }",
        "details.callout:not([open]) > summary { margin-bottom: .1em; }",
    ]
    for rgb, kinds in _CALLOUT_COLOURS.items():
        selector = ", ".join(f".callout-{kind}" for kind in kinds.split())
        rules.append(f"{selector} {{ --callout: {rgb}; }}")
    return "\n".join(rules) + "\n"


def _night(selector: str) -> str:
    return ", ".join(f"{mode} {selector}" for mode in _NIGHT)


def _pygments(style: str, scope: str | list[str]) -> str:
    """Token colours only: Pygments' page rules (`pre { line-height: 125% }`, its backgrounds)
    would override ours, and no error token ever reaches a card (plugins/code.py) —
    its `.err` red box is dropped all the same."""
    defs: list[str] = HtmlFormatter(style=style).get_token_style_defs(scope)
    return "\n".join(line for line in defs if ".err " not in line) + "\n"


@cache
def card_css() -> str:
    """Base CSS plus Pygments token colours: a light theme, and a dark one under night mode."""
    light = _pygments("default", ".highlight")
    dark = _pygments("monokai", [f"{mode} .highlight" for mode in _NIGHT])
    return _BASE_CSS + _callout_css() + light + dark
