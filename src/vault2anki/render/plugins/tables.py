"""GFM tables, each wrapped in `<div class="table-wrap">`: on a phone a wide table scrolls
sideways inside that box (apkg/styles.py) instead of squeezing its cells or pushing the card
wider than the screen."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict


def table_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return '<div class="table-wrap">\n' + self.renderToken(tokens, idx, options, env)


def table_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>\n"


def plugin(md: MarkdownIt) -> None:
    md.enable("table")
    md.add_render_rule("table_open", table_open)
    md.add_render_rule("table_close", table_close)
