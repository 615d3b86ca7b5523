"""Golden tests for vault2anki.render.mdext.blocks: blocks interrupt a paragraph as in Obsidian."""

from __future__ import annotations

import pytest
from helpers import assert_renders, render_md

from vault2anki.render.mdext.blocks import makeExtension, split_blocks

EXTENSIONS = [
    "vault2anki.render.mdext.blocks",
    "vault2anki.render.mdext.math",
    "sane_lists",
    "tables",
    "pymdownx.superfences",
]
CASES = [
    ("bullets", "Text:\n- a\n- b", "<p>Text:</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    ("ordered at 1", "Text:\n1. a", "<p>Text:</p>\n<ol>\n<li>a</li>\n</ol>"),
    ("ordered not at 1 does not interrupt", "In\n2024. was", "<p>In\n2024. was</p>"),
    ("lazy continuation stays", "- a\nlazy\n- b", "<ul>\n<li>a\nlazy</li>\n<li>b</li>\n</ul>"),
    ("setext heading untouched", "Text\n---", "<h2>Text</h2>"),
    ("hr untouched", "Head\n* * *", "<p>Head</p>\n<hr />"),
    (
        "inside a quote",
        "> Text:\n> - a",
        "<blockquote>\n<p>Text:</p>\n<ul>\n<li>a</li>\n</ul>\n</blockquote>",
    ),
    ("heading", "Text\n# H", "<p>Text</p>\n<h1>H</h1>"),
    (
        "nested quote",
        "> a\n> > b",
        "<blockquote>\n<p>a</p>\n<blockquote>\n<p>b</p>\n</blockquote>\n</blockquote>",
    ),
    (
        "display math block and the text after it",
        "a\n$$\nx\n$$\nb",
        '<p>a</p>\n<div class="arithmatex">\\[\nx\n\\]</div>\n<p>b</p>',
    ),
    (
        "ordered after bullet, nested",
        "- a\n    - b\n    1. c",
        "<ul>\n<li>\n<p>a</p>\n<ul>\n<li>b</li>\n</ul>\n<ol>\n<li>c</li>\n</ol>\n</li>\n</ul>",
    ),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html, extensions=EXTENSIONS)


def test_fence_and_the_text_after_it_are_blocks_of_their_own() -> None:
    assert split_blocks(["a", "```", "x", "```", "b"]) == ["a", "", "```", "x", "```", "", "b"]


def test_inside_quotes_the_blank_line_keeps_the_markers() -> None:
    assert split_blocks(["> a", "> ```", "> x", "> ```", "> b"]) == [
        "> a",
        ">",
        "> ```",
        "> x",
        "> ```",
        ">",
        "> b",
    ]


def test_code_and_table_rows_untouched() -> None:
    lines = ["```", "Text", "- a", "```", "| a | b |", "|---|---|", "| c | d |", "- x"]
    assert split_blocks(lines) == [*lines[:4], "", *lines[4:]]


def test_item_lines_untouched() -> None:
    lines = ["- a", "    cont", "- b", "    - c"]
    assert split_blocks(lines) == lines


def test_make_extension() -> None:
    for ext in (makeExtension(), "vault2anki.render.mdext.blocks"):
        assert "<ul>" in render_md("T\n- a", extensions=[ext])
