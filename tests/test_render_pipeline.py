"""The full renderer (every extension together): media, diagrams, and no raw Obsidian syntax
left on a card, whatever block the syntax sits in."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from helpers import PNG, make_vault, media_name, render_in

CODE_RE = re.compile(
    r"<code[^>]*>.*?</code>|<pre[^>]*>.*?</pre>|<div class=\"highlight\">.*?</div>", re.S
)
# Obsidian syntax a reader must never see: links/embeds, comments, callout markers, display
# math delimiters, highlight pairs (a lone `==` operator in prose is text).
RAW_RE = re.compile(
    r"!?\[\[|%%|\[![A-Za-z-]+\][+-]?(?=\s|<|$)|\$\$|==(?=\S)[^=\n<]*?(?<=\S)==", re.M
)


def raw_syntax(html: str) -> str | None:
    """The first raw Obsidian syntax outside code and data: URIs, with some context."""
    text = CODE_RE.sub("", html)
    text = re.sub(r'(?:src|href)="data:[^"]*"', "", text)
    m = RAW_RE.search(text)
    return None if m is None else text[max(0, m.start() - 30) : m.end() + 30]


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_vault(
        tmp_path_factory.mktemp("pipeline") / "v",
        {
            "note.md": "",
            "img/a.png": PNG,
            "s.mp3": b"ID3",
            "Other.md": "---\nid: 1\n---\n# Other\n==o== [[x]] %%c%%\n## Sec\nsec $$y$$ ^b1",
        },
    )


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        (
            "```mermaid\ngraph TD; A-->B\n```",
            '<pre class="diagram"><code class="language-mermaid">graph TD; A--&gt;B</code></pre>',
        ),
        (
            "> [!example]\n> ```dataview\n> LIST\n> ```",
            '<div class="callout callout-example">\n<div class="callout-title">Example</div>\n'
            '<pre class="diagram"><code class="language-dataview">LIST</code></pre>\n</div>',
        ),
        (
            "![[a.png|600x400]]",
            f'<p><img alt="" height="400" src="{media_name("img/a.png")}" width="600"></p>',
        ),
        ("![[a.png|600]]", f'<p><img alt="" src="{media_name("img/a.png")}" width="600"></p>'),
        ("![[s.mp3]]", f"<p>[sound:{media_name('s.mp3', b'ID3')}]</p>"),
        ("![x](https://e.com/a.png)", '<p><img alt="x" src="https://e.com/a.png"></p>'),
        (
            "![x|100](https://e.com/a.png)",
            '<p><img alt="x" src="https://e.com/a.png" width="100"></p>',
        ),
        (
            "> [!tip]- Folded ==key==\n> body",
            '<details class="callout callout-tip">\n'
            '<summary class="callout-title">Folded <mark>key</mark></summary>\n'
            "<p>body</p>\n</details>",
        ),
    ],
)
def test_golden_full_pipeline(vault: Path, markdown: str, html: str) -> None:
    assert render_in(vault, markdown)[0] == html


SNIPPETS = [
    "==mark==",
    "==a b==",
    "**==b==**",
    "==**b**==",
    "%%hidden%%",
    "%%a\nb%%",
    "[[Link]]",
    "[[Link|alias]]",
    "[[Link#H|al]]",
    "[[Link\\|alias]]",
    "[[A]] and [[B]]",
    "![[a.png|100]]",
    "![[a.png|100x50]]",
    "![[a.png]]![[a.png]]",
    "![[s.mp3]]",
    "![[x.pdf]]",
    "![[Missing]]",
    "![[Other]]",
    "![[Other#Sec]]",
    "![[Other#^b1]]",
    "$x$",
    "$$x^2$$",
    "$$\na\n$$",
    "`c` ==m== `d`",
    "==`code`==",
    "[x]([[y]])",
]
CONTAINERS = [
    "{}",
    "- {}",
    "1. {}",
    "- a\n    - {}",
    "- [ ] {}",
    "> {}",
    "> > {}",
    "> [!note] {}",
    "> [!note]\n> {}",
    "> [!tip]-\n> - {}",
    "text\n{}",
    "| h |\n|---|\n| {} |",
    "**{}**",
    "{} ^blk",
    "{} #tag",
    "[^1]\n\n[^1]: {}",
]


@pytest.mark.parametrize(
    ("snippet", "container"),
    [
        (s, c)
        for s, c in itertools.product(SNIPPETS, CONTAINERS)
        # A heading or a one-line callout title cannot hold a multi-line snippet.
        if not ("\n" in s and c in ("> [!note] {}", "- a\n    - {}", "| h |\n|---|\n| {} |"))
    ],
)
def test_no_raw_obsidian_syntax_reaches_the_card(vault: Path, snippet: str, container: str) -> None:
    html, _ = render_in(vault, container.format(snippet))
    assert raw_syntax(html) is None, html


def test_the_leak_check_itself_finds_raw_syntax() -> None:
    for raw in ("[[x]]", "![[x]]", "%%c%%", "> [!note]", "$$x$$", "==hi==", "[!tip]+ T"):
        assert raw_syntax(f"<p>{raw}</p>") is not None, raw
    for fine in ("a == b", "<code>[[x]]</code>", "x === y", '<img src="data:==x==">'):
        assert raw_syntax(f"<p>{fine}</p>") is None, fine
