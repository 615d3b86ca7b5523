"""`pymdownx.highlight`, minus the per-block set-up cost; the HTML is byte-for-byte the same.

For every fenced block, stock `pymdownx.highlight` builds a new Pygments `HtmlFormatter` (whose
constructor renders a whole style sheet, `_create_stylesheet`) and looks the lexer up by name
again. On a vault with thousands of code blocks that was a third of all rendering time. Here
the common case — a block with no line numbers, highlighted lines, title or line anchors —
reuses one lexer per language and one formatter per CSS class for the life of the process,
and lexes with joined rules (fast_lexer.py).
Anything else (and inline code) goes through the stock code path unchanged.

Output equality with the stock highlighter is a test (tests/test_fast_highlight.py); the plain
path repeats the tail of `Highlight.highlight` and imports its helpers, so pyproject.toml pins
pymdown-extensions to the major version that test runs against.

One deliberate difference: a block whose lexer reports errors (JSX in a ```js fence, a directory
tree in a ```java one) is lexed again with a related lexer, else shown as plain text. Pygments
marks error tokens `.err` (a red box in the default style), and the state after an error
colours the rest of the block at random: plain text reads better than either.
"""

from __future__ import annotations

from typing import Any

from pygments import format as pygments_format
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.token import Error, _TokenType
from pymdownx.highlight import (
    ID_ATTR,
    RE_PYG_CODE,
    BlockHtmlFormatter,
    Highlight,
    HighlightExtension,
)

from .fast_lexer import accelerate

# Shared by every Markdown instance in the process: lexers and formatters keep no per-call
# state (a formatter only memoises token → <span> openers), so reuse cannot leak between
# blocks. Keys are the options that shape them.
_LEXERS: dict[tuple[str, bool, tuple[tuple[str, Any], ...]], tuple[Lexer, str]] = {}
_FORMATTERS: dict[tuple[str, str], BlockHtmlFormatter] = {}

# Where to look next when a lexer errors: the language people most often write in such a fence
# by mistake (JSX in JavaScript, TSX in TypeScript, JavaScript objects in JSON).
_RELATED = {"JavaScript": "jsx", "TypeScript": "tsx", "JSON": "javascript"}

Tokens = list[tuple[_TokenType, str]]


def _clean_tokens(lexer: Lexer, name: str, src: str) -> tuple[Lexer, str, Tokens]:
    """Tokens of `src` without any error token: from `lexer`, a related lexer, or plain text."""
    tokens: Tokens = list(lexer.get_tokens(src))
    # Each distinct token type once (a block has a few hundred tokens of a dozen types).
    while any(kind in Error for kind in {kind for kind, _ in tokens}):
        related = _RELATED.get(lexer.name)
        if related is None:
            lexer, name = TextLexer(stripnl=lexer.stripnl), "text"
        else:
            lexer, name = get_lexer_by_name(related, stripnl=lexer.stripnl), related
        tokens = list(lexer.get_tokens(src))
    return lexer, name, tokens


def _formatter(css_class: str, style: str) -> BlockHtmlFormatter:
    key = (css_class, style)
    formatter = _FORMATTERS.get(key)
    if formatter is None:
        # The exact options stock Highlight.highlight passes for a plain block.
        formatter = _FORMATTERS[key] = BlockHtmlFormatter(
            cssclass=css_class,
            linenos=False,
            linenostart=1,
            linenostep=1,
            linenospecial=0,
            style=style,
            noclasses=False,
            hl_lines=[],
            wrapcode=True,
            filename="",
            linespans="",
            lineanchors="",
            anchorlinenos=False,
        )
    return formatter


class FastHighlight(Highlight):  # type: ignore[misc]
    """`Highlight` with cached lexers and formatters on the plain-block path."""

    def get_lexer(self, src: str, language: str, inline: bool, stripnl: bool) -> tuple[Lexer, str]:
        """Stock path (line numbers, titles, inline code): a lexer that makes no error tokens."""
        lexer, name = self._cached_lexer(src, language, inline, stripnl)
        lexer, name, _ = _clean_tokens(lexer, name, src)
        return lexer, name

    def _cached_lexer(
        self, src: str, language: str, inline: bool, stripnl: bool
    ) -> tuple[Lexer, str]:
        if self.guess_lang:
            found: tuple[Lexer, str] = super().get_lexer(src, language, inline, stripnl)
            return found  # the guess depends on src: nothing to cache
        options = tuple(sorted(self.get_extended_language(language)[1].items())) if language else ()
        key = (language, stripnl, options)
        cached = _LEXERS.get(key)
        if cached is None:
            lexer, name = super().get_lexer(src, language, inline, stripnl)
            cached = _LEXERS[key] = (accelerate(lexer), name)
        return cached

    def _plain(
        self,
        hl_lines: Any,
        linestart: int,
        inline: bool,
        title: Any,
    ) -> bool:
        linenums_enabled = (
            (self.linenums and linestart != 0) or (self.linenums is not False and linestart > 0)
        ) and not inline
        return bool(
            self.use_pygments
            and not inline
            and not self.noclasses
            and not linenums_enabled
            and not hl_lines
            and not title
            and not self.auto_title
            and not self.line_spans
            and not self.line_anchors
        )

    def highlight(
        self,
        src: str,
        language: str,
        css_class: str = "highlight",
        hl_lines: Any = None,
        linestart: int = -1,
        linestep: int = -1,
        linespecial: int = -1,
        inline: bool = False,
        classes: list[str] | None = None,
        id_value: str = "",
        attrs: dict[str, str] | None = None,
        title: Any = None,
        code_block_count: int = 0,
    ) -> Any:
        if not self._plain(hl_lines, linestart, inline, title):
            return super().highlight(
                src,
                language,
                css_class,
                hl_lines=hl_lines,
                linestart=linestart,
                linestep=linestep,
                linespecial=linespecial,
                inline=inline,
                classes=classes,
                id_value=id_value,
                attrs=attrs,
                title=title,
                code_block_count=code_block_count,
            )
        # From here on: the tail of stock Highlight.highlight for a plain block.
        class_names = classes[:] if classes else []
        if not language and self.default_lang:
            language = self.default_lang
        lexer, lang_name = self._cached_lexer(src, language, False, self.stripnl)
        # Lexed once: the tokens both show whether the lexer errs and make the HTML.
        lexer, lang_name, tokens = _clean_tokens(lexer, lang_name, src)
        if self.pygments_lang_class:
            class_names.insert(0, self.language_prefix + lang_name)
        id_str = ID_ATTR.format(id_value) if id_value else ""
        attr_str = ""
        if attrs:
            data = [f'{k}="{v}"' for k, v in attrs.items() if k.startswith("data-")]
            attr_str = " " + " ".join(data) if data else ""
        code: str = pygments_format(tokens, _formatter(css_class, self.pygments_style))
        m = RE_PYG_CODE.match(code)
        if m is not None:
            start, end = m.start(0), m.end(0)
            if class_names:
                if m.group(2):
                    cls = ' class="{} {}"'.format(" ".join(class_names), m.group(3).strip())
                else:
                    cls = ' class="{}"'.format(" ".join(class_names))
            else:
                cls = " " + m.group(2).lstrip() if m.group(2) else ""
            code = f"{code[:start]}<{m.group(1)}{id_str}{cls}{attr_str}>{code[end:]}"
        return code.strip()


class FastHighlightExtension(HighlightExtension):  # type: ignore[misc]
    """Drop-in for `pymdownx.highlight` (same config); superfences asks it for the highlighter."""

    def get_pymdownx_highlighter(self) -> type[Highlight]:
        return FastHighlight


def makeExtension(**kwargs: Any) -> FastHighlightExtension:
    return FastHighlightExtension(**kwargs)


__all__ = ["FastHighlight", "FastHighlightExtension", "makeExtension"]
