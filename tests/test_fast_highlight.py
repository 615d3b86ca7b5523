"""The cached highlighter must write exactly what stock `pymdownx.highlight` writes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import markdown
import pytest
from conftest import CORPORA

from vault2anki.render.mdext import fast_highlight
from vault2anki.render.renderer import EXTENSION_CONFIGS

FAST = "vault2anki.render.mdext.fast_highlight"
CONFIG = EXTENSION_CONFIGS[FAST]

SAMPLES = [
    "```js\nconst a = 1 < 2 && b > 3; // <b>&amp;\n```",
    "```python\ndef f(x):\n    return x ** 2  # comment\n```",
    '```kotlin\nfun main() {\n    println("Hi $name")\n}\n```',
    "```\nno language <here> & there\n```",
    "```nosuchlanguage\nplain text\n```",
    "```JS\nUpper.case(alias)\n```",
    "```js\n\n\nleading and trailing blank lines\n\n\n```",
    "```js\n```",
    '```{.js .extra #the-id data-x="1"}\nlet attrs = true;\n```',
    '```js hl_lines="2"\nline(1);\nline(2);\n```',
    '```js linenums="1"\nline(1);\nline(2);\n```',
    '```js title="a.js"\nwithTitle();\n```',
    "- item\n\n    ```sql\n    SELECT 1;\n    ```",
    "> quoted\n>\n> ```bash\n> echo $HOME\n> ```",
    "```mermaid\ngraph TD; A-->B\n```",
    "    indented code <block>",
    "Inline `code` stays code.",
    "```js\nfirst();\n```\n\ntext\n\n```python\nsecond()\n```\n\n```js\nthird();\n```",
]


def _md(highlighter: str, **config: Any) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["pymdownx.superfences", highlighter],
        extension_configs={highlighter: {**CONFIG, **config}},
        output_format="html",
    )


def _pair(**config: Any) -> tuple[markdown.Markdown, markdown.Markdown]:
    return _md("pymdownx.highlight", **config), _md(FAST, **config)


@pytest.mark.parametrize("text", SAMPLES)
def test_same_html_as_pymdownx_highlight(text: str) -> None:
    stock, fast = _pair()
    # Twice through each instance: the second call runs on the cached lexer and formatter.
    for _ in range(2):
        assert fast.reset().convert(text) == stock.reset().convert(text)


@pytest.mark.parametrize(
    "config",
    [{"pygments_lang_class": True}, {"css_class": "code"}, {"stripnl": False}, {"linenums": True}],
)
def test_same_html_with_other_options(config: dict[str, Any]) -> None:
    stock, fast = _pair(**config)
    for text in SAMPLES:
        assert fast.reset().convert(text) == stock.reset().convert(text)


def test_superfences_uses_the_fast_highlighter() -> None:
    md = _md(FAST)
    md.convert("```js\nx\n```")
    assert md.preprocessors["fenced_code_block"].highlighter is fast_highlight.FastHighlight


@pytest.mark.slow
def test_same_html_on_the_corpora() -> None:
    notes = sorted(CORPORA.glob("*/**/*.md")) if CORPORA.is_dir() else []
    if not notes:
        pytest.skip("corpora not present (needs ../shared/corpora next to the repo)")
    stock, fast = _pair()
    with_code = [p for p in notes if "```" in p.read_text(encoding="utf-8", errors="replace")]
    for path in with_code[::29]:  # a spread of the notes: the full set takes minutes on stock
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        expected = stock.reset().convert(text)
        if 'class="err"' in expected:  # the one intended difference: lexer errors
            assert 'class="err"' not in fast.reset().convert(text), path
        else:
            assert fast.reset().convert(text) == expected, path


# Blocks whose fence names a lexer that errs on them, as found in the shared corpora.
ERRING = {
    "tree": "```java\nsrc/\n├── main/\n│   └── App.java\n└── test/\n```",
    "jsx-in-js": "```js\nconst App = () => <div>\n  <Text>hi</Text>\n</div>;\n```",
    "js-in-json": "```json\n{ type: 'ADD_TODO', text: 'Build' }\n```",
    "http": '```http\nPUT /users/123\nIf-Match: "etag-1"\n```',
    "kotlin-dollars": '```kotlin\nval s = $$"cost: $$price"\n```',
}


@pytest.mark.parametrize("text", ERRING.values(), ids=ERRING.keys())
def test_no_error_tokens_ever(text: str) -> None:
    """Pygments styles error tokens with a red border: a block never shows one."""
    stock, fast = _pair()
    assert 'class="err"' in stock.convert(text)  # the sample does make the stock lexer err
    for md in (fast, _md(FAST, linenums=True)):  # the cached path and the stock one
        html = md.reset().convert(text)
        assert 'class="err"' not in html
        first_word = re.findall(r"\w+", text.split("\n", 1)[1])[0]
        assert first_word in html  # the code itself is still there


def test_related_lexer_keeps_the_colours() -> None:
    """JSX in a ```js fence is re-lexed as JSX (still coloured), not flattened to text."""
    html = _md(FAST).convert(ERRING["jsx-in-js"])
    assert '<span class="kd">const</span>' in html
    assert 'class="err"' not in html


def test_plain_text_when_nothing_fits() -> None:
    html = _md(FAST).convert(ERRING["tree"])
    assert "<span" not in html.split("<code>", 1)[1].replace("<span></span>", "")
