"""`[[Note]]`, `[[Note|alias]]`, `[[Note#Heading]]` → their text, or a link that opens the note
in Obsidian when the note's `LinkContext` gives one (`obsidian://open?…`, option `links`).

In a table row, Obsidian asks for `[[Note\\|alias]]`; a bare `|` would split the cell, so the
source rewrite escapes it first (outside code spans)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from ...vault.lines import code_spans, prose_indexes
from .context import context_of
from .source import add_rewrite

WIKILINK_RE = re.compile(r"\[\[([^\[\]\n]+?)\]\]")
_CODE_RE = re.compile(r"`([^`]+)`")
_PIPED_LINK_RE = re.compile(r"!?\[\[[^\[\]\n]*\|[^\[\]\n]*\]\]")


def link_inner(raw: str) -> str:
    """The text between `[[` and `]]`, an escaped `\\|` (the table form) back to `|`."""
    return raw.replace("\\|", "|")


def link_text(inner: str) -> str:
    """What a reader sees for `[[inner]]`: the alias, else `Note › Heading`."""
    target, _, alias = inner.partition("|")
    if alias.strip():
        return alias.strip()
    note, _, anchor = target.partition("#")
    note = note.strip().rsplit("/", 1)[-1]
    anchor = anchor.strip().lstrip("^")
    if note and anchor:
        return f"{note} › {anchor}"
    return note or anchor


def escape_table_pipes(line: str) -> str:
    """`| [[Note|alias]] |` → `| [[Note\\|alias]] |`, code spans left alone."""
    code = code_spans(line) if "`" in line else []
    out, pos, k = [], 0, 0
    for m in _PIPED_LINK_RE.finditer(line):
        while k < len(code) and code[k][1] <= m.start():
            k += 1
        if k < len(code) and code[k][0] <= m.start():
            continue  # inside a code span (matches and spans both run left to right)
        out.append(line[pos : m.start()])
        out.append(re.sub(r"(?<!\\)\|", r"\\|", m.group(0)))
        pos = m.end()
    out.append(line[pos:])
    return "".join(out)


def escape_pipes_in_rows(lines: list[str]) -> list[str]:
    out = list(lines)
    for i in prose_indexes(lines):
        line = lines[i]
        if "[[" in line and "|" in WIKILINK_RE.sub("", line):
            out[i] = escape_table_pipes(line)
    return out


InlineRule = Callable[[StateInline, bool], bool]
Meta = Callable[[Token, EnvType], Any]


def bracket_rule(
    prefix: str, pattern: re.Pattern[str], kind: str, meta: Meta | None = None
) -> InlineRule:
    """An inline rule taking `prefix…]]` (`[[…]]`, `![[…]]`) as one `kind` token: its
    `content` the text between the brackets (`link_inner`), `markup` the whole link, `meta`
    what `meta(token, env)` makes of it."""

    def rule(state: StateInline, silent: bool) -> bool:
        if not state.src.startswith(prefix, state.pos):
            return False
        m = pattern.match(state.src, state.pos)
        if m is None:
            return False
        if not silent:
            token = state.push(kind, "", 0)
            token.content, token.markup = link_inner(m.group(1)), m.group(0)
            if meta is not None:
                token.meta = meta(token, state.env)
        state.pos = m.end()
        return True

    return rule


wikilink = bracket_rule("[[", WIKILINK_RE, "wikilink")


def render_wikilink(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    inner = tokens[idx].content
    url = context_of(env).link_url(inner.partition("|")[0].strip())
    # Code spans in the shown text are code (`[[App Bundle|App `Bundle`]]`), never backticks.
    text = _CODE_RE.sub(r"<code>\1</code>", escapeHtml(link_text(inner)))
    if url is None:
        return f'<span class="wikilink">{text}</span>'
    return f'<a class="wikilink" href="{escapeHtml(url)}">{text}</a>'


def plugin(md: MarkdownIt, **_: Any) -> None:
    add_rewrite(md, "obsidian_table_pipes", escape_pipes_in_rows, "[[")
    md.inline.ruler.before("link", "obsidian_wikilink", wikilink)
    md.add_render_rule("wikilink", render_wikilink)
