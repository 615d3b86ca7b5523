"""Golden tests for vault2anki.render.mdext.obsidian_lists: nesting by tabs or 2–4 spaces."""

from __future__ import annotations

import pytest
from helpers import assert_renders, render_md

from vault2anki.render.mdext.obsidian_lists import makeExtension, nest_lists

# With the paragraph-interruption extension the renderer pairs it with: an item after an
# item's continuation paragraph is a new item only once a blank line separates them.
EXTENSIONS = [
    "vault2anki.render.mdext.obsidian_lists",
    "vault2anki.render.mdext.blocks",
    "sane_lists",
    "pymdownx.superfences",
]
NESTED = "<ul>\n<li>a<ul>\n<li>b<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n<li>d</li>\n</ul>"

CASES = [
    ("two spaces", "- a\n  - b\n    - c\n- d", NESTED),
    ("three spaces", "- a\n   - b\n      - c\n- d", NESTED),
    ("four spaces", "- a\n    - b\n        - c\n- d", NESTED),
    ("tabs", "- a\n\t- b\n\t\t- c\n- d", NESTED),
    ("mixed in one list", "- a\n  - b\n\t\t- c\n- d", NESTED),
    (
        "one column off is a sibling",
        "1. a\n 2. b",
        "<ol>\n<li>a</li>\n<li>b</li>\n</ol>",
    ),
    (
        "continuation paragraph under a two-space item",
        "- a\n\n  more\n- b",
        "<ul>\n<li>\n<p>a</p>\n<p>more</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>",
    ),
    (
        "quote under an item",
        "- a\n  > q",
        "<ul>\n<li>a<blockquote>\n<p>q</p>\n</blockquote>\n</li>\n</ul>",
    ),
    (
        "inside a quote",
        "> - a\n>   - b",
        "<blockquote>\n<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n</blockquote>",
    ),
    ("indented list", "  - a\n  - b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    (
        "a paragraph after a blank line ends the list",
        "- a\n\nb",
        "<ul>\n<li>a</li>\n</ul>\n<p>b</p>",
    ),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html, extensions=EXTENSIONS)


def test_fence_in_an_item_moves_with_it_and_keeps_its_code_indentation() -> None:
    lines = ["- a", "  - b", "    ```", "    if x:", "        y", "    ```"]
    assert nest_lists(lines) == [
        "- a",
        "    - b",
        "        ```",
        "        if x:",
        "            y",
        "        ```",
    ]


def test_code_and_plain_text_untouched() -> None:
    lines = ["```", "- a", "  - b", "```", "text", "  indented text"]
    assert nest_lists(lines) == lines


def test_make_extension() -> None:
    for ext in (makeExtension(), "vault2anki.render.mdext.obsidian_lists"):
        assert "<li>a<ul>" in render_md("- a\n  - b", extensions=[ext])
