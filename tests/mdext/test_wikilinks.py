"""Golden tests for render/mdext/wikilinks.py: link text, aliases, `\\|` and links in tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import PNG, make_vault, render_in, render_md

from vault2anki.render.mdext.wikilinks import escape_table_pipes, link_text, makeExtension
from vault2anki.vault.media import package_name


def extensions() -> list[Any]:
    """Fresh instances for each Markdown object (extensions must not be shared)."""
    return [makeExtension(), "tables"]


@pytest.mark.parametrize(
    ("inner", "text"),
    [
        ("Note", "Note"),
        ("Note|alias", "alias"),
        ("dir/Note#Heading", "Note › Heading"),
        ("Note#^block", "Note › block"),
        ("#Local", "Local"),
        ("Note| ", "Note"),
    ],
)
def test_link_text(inner: str, text: str) -> None:
    assert link_text(inner) == text


@pytest.mark.parametrize(
    ("line", "escaped"),
    [
        ("| [[A|b]] | x |", "| [[A\\|b]] | x |"),
        ("| ![[i.png|50]] |", "| ![[i.png\\|50]] |"),
        ("| [[A\\|b]] |", "| [[A\\|b]] |"),  # already escaped: unchanged
        ("| `[[A|b]]` | [[C|d]] |", "| `[[A|b]]` | [[C\\|d]] |"),  # code spans stay as written
        ("| [[A]] |", "| [[A]] |"),
    ],
)
def test_escape_table_pipes(line: str, escaped: str) -> None:
    assert escape_table_pipes(line) == escaped


TABLE = (
    "<table>\n<thead>\n<tr>\n<th>h</th>\n<th>i</th>\n</tr>\n</thead>\n"
    "<tbody>\n<tr>\n{}\n</tr>\n</tbody>\n</table>"
)


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        # Obsidian's documented form inside tables…
        (
            "| [[Note\\|alias]] | x |",
            '<td><span class="wikilink">alias</span></td>\n<td>x</td>',
        ),
        # …and the bare form, which must not split the link across cells.
        ("| [[Note|alias]] | x |", '<td><span class="wikilink">alias</span></td>\n<td>x</td>'),
        (
            "| [[A]] | [[B#C|d]] |",
            '<td><span class="wikilink">A</span></td>\n<td><span class="wikilink">d</span></td>',
        ),
        ("| `[[A|b]]` | y |", "<td><code>[[A|b]]</code></td>\n<td>y</td>"),
    ],
)
def test_links_in_tables(row: str, cells: str) -> None:
    assert render_md(f"| h | i |\n|---|---|\n{row}", extensions=extensions()) == TABLE.format(cells)


def test_escaped_pipe_outside_tables_is_an_alias_too() -> None:
    assert (
        render_md("[[Note\\|alias]]", extensions=extensions())
        == '<p><span class="wikilink">alias</span></p>'
    )


def test_code_keeps_its_pipes() -> None:
    assert render_md("`[[a|b]]`", extensions=extensions()) == "<p><code>[[a|b]]</code></p>"
    assert (
        render_md("```\n| [[a|b]] |\n```", extensions=extensions())
        == "<p><code>| [[a|b]] |</code></p>"
    )


def test_sized_image_in_a_table_full_pipeline(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "v", {"note.md": "", "a.png": PNG})
    for row in ("| ![[a.png\\|120x80]] | x |", "| ![[a.png|120x80]] | x |"):
        html, ctx = render_in(root, f"| h | i |\n|---|---|\n{row}")
        name = package_name("a.png")
        img = f'<img alt="" height="80" src="{name}" width="120">'
        table = TABLE.format(f"<td>{img}</td>\n<td>x</td>")
        assert html == f'<div class="table-wrap">\n{table}\n</div>', row
        assert ctx.problems == []
