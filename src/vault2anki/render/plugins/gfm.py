"""The GFM pieces Obsidian shows, configured its way: strikethrough (`~~x~~` and `~x~`, as
`<del>`), task lists (read-only checkboxes; `.task-list-item` is what the note type's CSS
styles) and footnotes (in the markup earlier decks had: `div.footnote`, `#fn:1`). Bare URLs:
autolinks.py."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin

Rule = Sequence[Token]


def _del(open_: bool) -> Callable[..., str]:
    def rule(self: RendererHTML, tokens: Rule, idx: int, options: OptionsDict, env: EnvType) -> str:
        return "<del>" if open_ else "</del>"

    return rule


def _footnote_number(tokens: Rule, idx: int) -> tuple[str, int]:
    meta = tokens[idx].meta
    return str(meta["id"] + 1), meta.get("subId", 0)


def footnote_ref(
    self: RendererHTML, tokens: Rule, idx: int, options: OptionsDict, env: EnvType
) -> str:
    n, sub = _footnote_number(tokens, idx)
    ref = f"fnref:{n}" if not sub else f"fnref{sub + 1}:{n}"
    return f'<sup id="{ref}"><a class="footnote-ref" href="#fn:{n}">{n}</a></sup>'


def footnote_block_open(
    self: RendererHTML, tokens: Rule, idx: int, options: OptionsDict, env: EnvType
) -> str:
    return '<div class="footnote">\n<hr>\n<ol>\n'


def footnote_block_close(
    self: RendererHTML, tokens: Rule, idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</ol>\n</div>\n"


def footnote_open(
    self: RendererHTML, tokens: Rule, idx: int, options: OptionsDict, env: EnvType
) -> str:
    n, _ = _footnote_number(tokens, idx)
    return f'<li id="fn:{n}">\n'


def footnote_close(
    self: RendererHTML, tokens: Rule, idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</li>\n"


def footnote_anchor(
    self: RendererHTML, tokens: Rule, idx: int, options: OptionsDict, env: EnvType
) -> str:
    n, sub = _footnote_number(tokens, idx)
    ref = f"fnref:{n}" if not sub else f"fnref{sub + 1}:{n}"
    title = f"Jump back to footnote {n} in the text"
    return f'&#160;<a class="footnote-backref" href="#{ref}" title="{title}">&#8617;</a>'


# An `<a …>` whose text holds one of our links before its own `</a>`: HTML never nests links
# (a bare URL inside a raw `<a href="u">u</a>` is linked by the autolink rule).
_NESTED_RE = re.compile(r"(<a\s[^<>]*>[^<]*)<a href=\"[^\"<>]*\">([^<]*)</a>")


def unnest_links(html: str) -> str:
    return _NESTED_RE.sub(r"\1\2", html) if html.count("<a ") > 1 else html


def plugin(md: MarkdownIt) -> None:
    md.enable("strikethrough")
    md.options["strikethrough_single_tilde"] = True
    md.add_render_rule("s_open", _del(True))
    md.add_render_rule("s_close", _del(False))
    md.options["tasklists"] = True
    md.options["tasklists_editable"] = False
    md.use(footnote_plugin, inline=False)
    for name, rule in (
        ("footnote_ref", footnote_ref),
        ("footnote_block_open", footnote_block_open),
        ("footnote_block_close", footnote_block_close),
        ("footnote_open", footnote_open),
        ("footnote_close", footnote_close),
        ("footnote_anchor", footnote_anchor),
    ):
        md.add_render_rule(name, rule)
