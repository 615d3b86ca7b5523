"""Golden tests for vault2anki.mdext.obsidian_lists."""

from __future__ import annotations

import markdown
import pytest

from vault2anki.mdext.obsidian_lists import ObsidianListsExtension, makeExtension, split_lists


def render(text: str) -> str:
    return markdown.markdown(
        text, extensions=[ObsidianListsExtension(), "sane_lists", "tables", "pymdownx.superfences"]
    )


CASES = [
    (
        "ordered after text",
        "Text:\n1. a\n2. b",
        "<p>Text:</p>\n<ol>\n<li>a</li>\n<li>b</li>\n</ol>",
    ),
    ("bullets after text", "Text:\n- a\n- b", "<p>Text:</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    ("ordered not starting at 1 does not interrupt", "In\n2024. was", "<p>In\n2024. was</p>"),
    ("lazy continuation stays", "- a\nlazy\n- b", "<ul>\n<li>a\nlazy</li>\n<li>b</li>\n</ul>"),
    ("already separated", "P\n\n- a", "<p>P</p>\n<ul>\n<li>a</li>\n</ul>"),
    ("setext heading untouched", "Text\n---", "<h2>Text</h2>"),
    ("hr untouched", "Head\n* * *", "<p>Head</p>\n<hr />"),
    (
        "inside blockquote",
        "> Text:\n> - a\n> - b",
        "<blockquote>\n<p>Text:</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</blockquote>",
    ),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert render(src) == html


def test_fenced_code_untouched() -> None:
    assert split_lists(["```", "Text", "- a", "```"]) == ["```", "Text", "- a", "```"]


def test_table_row_untouched() -> None:
    lines = ["| a | b |", "|---|---|", "| c | d |", "- x"]
    assert split_lists(lines) == lines


def test_indented_continuation_untouched() -> None:
    lines = ["- a", "    cont", "- b"]
    assert split_lists(lines) == lines


def test_make_extension() -> None:
    for ext in (makeExtension(), "vault2anki.mdext.obsidian_lists"):
        assert "<ul>" in markdown.markdown("T\n- a", extensions=[ext])
