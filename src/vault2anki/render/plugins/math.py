r"""Obsidian math for Anki's MathJax: ``$x$`` → ``\(x\)``, ``$$x$$`` → ``\[x\]``.

Output is ``<span class="arithmatex">\(x\)</span>`` / ``<div class="arithmatex">\[x\]</div>``
(the classes the note type's CSS and earlier decks use). The delimiter rules follow Obsidian:

* an opening ``$`` must not be followed by whitespace, a closing ``$`` must not be
  preceded by whitespace nor followed by a digit (``$5 and $10``, ``$5,$10`` stay text);
* math may touch a word (``Accepts$_{TM}$``), as in Obsidian; stricter than Obsidian, a
  printf position (``"%1$s — %2$s"``) does not open math;
* ``\$`` is a literal dollar (CommonMark's escape rule consumes it first);
* ``$$…$$`` works inside a paragraph (even over several lines) and as its own block, which
  may hold blank lines and interrupts a paragraph.

Code spans, fenced code, links' URLs and HTML tags never hold math: their rules take the
text before this one sees a ``$``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

CLASS = "arithmatex"
DISPLAY = r"\$\$(?P<display>(?:\\.|[^\\$])+?)\$\$"
INLINE = r"(?<!%\d)(?<!%\d\d)\$(?![\s$])(?P<inline>(?:\\.|[^\\$\n])+?)(?<!\s)\$(?![\d$])"
INLINE_RE = re.compile(rf"(?s)(?<![\\$])(?:{DISPLAY}|{INLINE})")
BLOCK_RE = re.compile(r"(?s)^[ ]{0,3}\$\$(?P<math>(?:\\.|[^\\$])+?)\$\$[ \t]*$")


def inline_math(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "$":
        return False
    m = INLINE_RE.match(state.src, state.pos)
    if m is None:
        return False
    if not silent:
        display = m.group("display")
        token = state.push("math_inline", "math", 0)
        token.content = rf"\[{display}\]" if display is not None else rf"\({m.group('inline')}\)"
    state.pos = m.end()
    return True


def _closing_lines(state: StateBlock) -> list[int]:
    """Lines after which a `$$` block could close (any line holding `$$`), found once."""
    found: list[int] | None = getattr(state, "_v2a_dollar_lines", None)
    if found is None:
        found = [
            n
            for n in range(state.lineMax)
            if "$$" in state.src[state.bMarks[n] + state.tShift[n] : state.eMarks[n]]
        ]
        state._v2a_dollar_lines = found  # type: ignore[attr-defined]
    return found


def block_math(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("$$", begin):
        return False
    for last in _closing_lines(state):
        if last < start or last >= end:
            continue
        text = state.getLines(start, last + 1, state.blkIndent, False).rstrip("\n")
        if last > start and not text.rstrip().endswith("$$"):
            continue  # a `$$` inside a later line that does not close the block
        m = BLOCK_RE.match(text)
        if m is None:
            if last == start and text.count("$$") < 2:
                continue  # `$$` alone: the block closes further down
            return False  # `$$x$$ text`: inline display math in a paragraph
        if not silent:
            token = state.push("math_block", "math", 0)
            token.block = True
            token.content = rf"\[{m.group('math')}\]"
            token.map = [start, last + 1]
        state.line = last + 1
        return True
    return False


def render_inline(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f'<span class="{CLASS}">{escapeHtml(tokens[idx].content)}</span>'


def render_block(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f'<div class="{CLASS}">{escapeHtml(tokens[idx].content)}</div>\n'


def plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("escape", "obsidian_math", inline_math)
    md.block.ruler.before(
        "table",
        "obsidian_math",
        block_math,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.add_render_rule("math_inline", render_inline)
    md.add_render_rule("math_block", render_block)
