"""Obsidian highlights: ``==text==`` → ``<mark>text</mark>``.

The delimiter algorithm of markdown-it's own ``~~strikethrough~~`` (CommonMark's flanking
rules; ``a==b==c`` highlights ``b``, as in Obsidian), for ``=``. Inside code spans, math and
links' URLs the rule never runs (those rules consume their text first)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter

EQUALS = 0x3D


def tokenize(state: StateInline, silent: bool) -> bool:
    if silent or state.src[state.pos] != "=":
        return False
    scanned = state.scanDelims(state.pos, True)
    length = scanned.length
    if length < 2:
        return False
    if length % 2:
        state.push("text", "", 0).content = "="
        length -= 1
    for _ in range(length // 2):
        state.push("text", "", 0).content = "=="
        state.delimiters.append(
            Delimiter(
                marker=EQUALS,
                length=0,  # no "rule of 3"
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )
    state.pos += scanned.length
    return True


def _pair(state: StateInline, delimiters: list[Delimiter]) -> None:
    lone = []
    for start in delimiters:
        if start.marker != EQUALS or start.end == -1:
            continue
        end = delimiters[start.end]
        opener, closer = state.tokens[start.token], state.tokens[end.token]
        opener.type, opener.nesting, closer.type, closer.nesting = "mark_open", 1, "mark_close", -1
        for token in (opener, closer):
            token.tag, token.markup, token.content = "mark", "==", ""
        before = state.tokens[end.token - 1]
        if before.type == "text" and before.content == "=":
            lone.append(end.token - 1)
    # An odd run `=====` is split `=` + `==` + `==`: move each lone `=` after the closers.
    while lone:
        i = lone.pop()
        j = i + 1
        while j < len(state.tokens) and state.tokens[j].type == "mark_close":
            j += 1
        j -= 1
        if i != j:
            state.tokens[i], state.tokens[j] = state.tokens[j], state.tokens[i]


def post_process(state: StateInline) -> None:
    _pair(state, state.delimiters)
    for meta in state.tokens_meta:
        if meta and "delimiters" in meta:
            _pair(state, meta["delimiters"])


def plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("emphasis", "obsidian_mark", tokenize)
    md.inline.ruler2.before("emphasis", "obsidian_mark", post_process)
