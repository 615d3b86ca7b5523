"""The Markdown engine: CommonMark (markdown-it-py, 100 % of the spec) plus GFM and one plugin
per Obsidian feature, in the order they are added. The order matters only where two plugins
act on the same text; each plugin's module says which rule it puts before which.

Allowed deviations from CommonMark, each Obsidian's own (tests/test_commonmark_spec.py):
a soft line break is `<br>` (off with --strict-line-breaks); `[[wikilinks]]`, `#tags`, bare
URLs, `==marks==`, `$math$`, `%%comments%%` and `^block-ids` are syntax; a tab-indented list
right under a paragraph line is a list; raw HTML of unknown elements is text, and what is left
goes through the sanitizer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt

from ..options import RenderOptions
from .checks import MAX_NESTING
from .plugins import (
    autolinks,
    block_ids,
    callouts,
    code,
    comments,
    embeds,
    gfm,
    highlight,
    lists,
    math,
    raw_html,
    tables,
    tags,
    wikilinks,
)

PLUGINS: tuple[tuple[str, Callable[[MarkdownIt], None]], ...] = (
    # Source rewrites, in this order: comments go first (a commented-out embed or tag line is
    # gone), then tag-only lines, table pipes inside links, embeds alone on a line.
    ("comments", comments.plugin),
    ("tags", tags.plugin),
    ("wikilinks", wikilinks.plugin),
    ("embeds", embeds.plugin),
    ("lists", lists.plugin),
    # Blocks and inline syntax.
    ("math", math.plugin),
    ("callouts", callouts.plugin),
    ("block_ids", block_ids.plugin),
    ("highlight", highlight.plugin),
    ("gfm", gfm.plugin),
    ("autolinks", autolinks.plugin),
    ("tables", tables.plugin),
    ("code", code.plugin),
    ("raw_html", raw_html.plugin),
)


def markdown(options: RenderOptions | None = None) -> MarkdownIt:
    """A configured engine. Stateless between renders: one per process is enough."""
    options = options or RenderOptions()
    md = MarkdownIt(
        "commonmark",
        {"html": True, "xhtmlOut": False, "breaks": not options.strict_line_breaks},
    )
    for _, plugin in PLUGINS:
        plugin(md)
    md.validateLink = _valid_link  # type: ignore[method-assign]
    # Deep enough for every card checks.py lets through (a list level is two block levels);
    # markdown-it stops nesting there instead of recursing on.
    md.options["maxNesting"] = 2 * MAX_NESTING + 20
    return md


_SCRIPT_URL_RE = re.compile(r"^\s*(?:javascript|vbscript):", re.IGNORECASE)


def _valid_link(url: str) -> bool:
    """markdown-it refuses `file:` and `data:` URLs, leaving the raw syntax on the card; here
    they parse, and the image rule refuses a file outside the vault with a warning, the
    sanitizer what a browser would load or run. Script URLs stay text."""
    return _SCRIPT_URL_RE.match(url) is None
