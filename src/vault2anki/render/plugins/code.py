"""Code blocks: fenced (```` ```js ````, ``~~~``) and indented, highlighted with Pygments into
`<div class="highlight"><pre><span></span><code>…` with token classes (the note type's CSS
colours them for light and night: no inline styles).

- The fence's language is the first word of its info string (```` ```tsx app/index.tsx ````).
- A block whose lexer reports errors (JSX in a ```` ```js ```` fence, a directory tree in a
  ```` ```java ```` one) is lexed again with a related lexer, else shown as plain text: Pygments
  marks error tokens `.err` (a red box), and the state after an error colours the rest of the
  block at random.
- Diagram languages Anki cannot draw (mermaid, dataview, …) become plain, escaped code in
  `<pre class="diagram"><code class="language-mermaid">`.

Lexers and the formatter are made once per process and reused (their construction costs more
than a small block), and lex through render/fast_lexer.py.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from pygments import format as pygments_format
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.token import Error, _TokenType
from pygments.util import ClassNotFound

from ..fast_lexer import accelerate

DIAGRAM_LANGUAGES = frozenset(
    "mermaid dataview dataviewjs query excalidraw plantuml tikz chart tasks kanban graphviz dot "
    "abc".split()
)
# Where to look next when a lexer errors: the language people most often write in such a fence
# by mistake (JSX in JavaScript, TSX in TypeScript, JavaScript objects in JSON).
_RELATED = {"JavaScript": "jsx", "TypeScript": "tsx", "JSON": "javascript"}
_LEXERS: dict[str, Lexer] = {}
_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)

Tokens = list[tuple[_TokenType, str]]


def _text() -> Lexer:
    return TextLexer(stripnl=False)


def _lexer(language: str) -> Lexer:
    lexer = _LEXERS.get(language)
    if lexer is None:
        try:
            # stripnl off: a block's leading and trailing blank lines are its content.
            found = get_lexer_by_name(language, stripnl=False) if language else _text()
        except ClassNotFound:
            found = _text()
        lexer = _LEXERS[language] = accelerate(found)
    return lexer


def _clean_tokens(lexer: Lexer, src: str) -> Tokens:
    """Tokens of `src` without any error token: from `lexer`, a related lexer, or plain text."""
    tokens: Tokens = list(lexer.get_tokens(src))
    # Each distinct token type once (a block has a few hundred tokens of a dozen types).
    while any(kind in Error for kind in {kind for kind, _ in tokens}):
        related = _RELATED.get(lexer.name)
        lexer = _text() if related is None else _lexer(related)
        tokens = list(lexer.get_tokens(src))
    return tokens


def highlight(src: str, language: str) -> str:
    """A code block's HTML, in the markup earlier decks had (Pygments' own HTML formatter)."""
    language = language.casefold()
    if language in DIAGRAM_LANGUAGES:
        lang = html.escape(language, quote=True)
        code = html.escape(src.rstrip("\n"), quote=False)
        return f'<pre class="diagram"><code class="language-{lang}">{code}</code></pre>\n'
    if not src:  # Pygments would give a line of its own
        return '<div class="highlight"><pre><span></span><code></code></pre></div>\n'
    tokens = _clean_tokens(_lexer(language), src)
    out: str = pygments_format(tokens, _FORMATTER)
    return out


def render_fence(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    info = unescapeAll(token.info).strip()
    language = info.split(maxsplit=1)[0] if info else ""
    return highlight(token.content, language)


def render_code_block(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return highlight(tokens[idx].content, "")


def plugin(md: MarkdownIt) -> None:
    md.add_render_rule("fence", render_fence)
    md.add_render_rule("code_block", render_code_block)
