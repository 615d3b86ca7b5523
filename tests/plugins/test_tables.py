"""Golden tests for render/plugins/tables.py: GFM tables, each in its scroll box."""

from __future__ import annotations

import pytest
from helpers import assert_renders, render_md


def table(head: str, *rows: str) -> str:
    """A table's HTML in its box: `head` the `<th>` cells, each row its `<td>` cells."""
    body = "".join(f"<tr>\n{row}\n</tr>\n" for row in rows)
    return (
        f'<div class="table-wrap">\n<table>\n<thead>\n<tr>\n{head}\n</tr>\n</thead>\n'
        f"<tbody>\n{body}</tbody>\n</table>\n</div>"
    )


CASES = [
    (
        "a table is wrapped in its box with the text around it kept",
        "x\n\n| a |\n|---|\n| b |\n\ny",
        '<p>x</p>\n<div class="table-wrap">\n<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n'
        "</thead>\n<tbody>\n<tr>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n</div>\n<p>y</p>",
    ),
]

# Shapes real vaults have.
VAULT_CASES = [
    (
        "Cyrillic cells, aligned columns",
        "| Термин | Определение |\n|:--|--:|\n| Замыкание | функция |",
        table(
            '<th style="text-align:left">Термин</th>\n'
            '<th style="text-align:right">Определение</th>',
            '<td style="text-align:left">Замыкание</td>\n<td style="text-align:right">функция</td>',
        ),
    ),
    (
        "a table right under a line of text",
        "Text\n| a |\n|---|\n| b |",
        "<p>Text</p>\n" + table("<th>a</th>", "<td>b</td>"),
    ),
    (
        "escaped pipe in a code span",
        "| a | b |\n|---|---|\n| `x \\| y` | 2 |",
        table("<th>a</th>\n<th>b</th>", "<td><code>x | y</code></td>\n<td>2</td>"),
    ),
    (
        "a table in a callout",
        "> [!note]\n> | a |\n> |---|\n> | b |",
        '<div class="callout callout-note">\n<div class="callout-title">Note</div>\n'
        + table("<th>a</th>", "<td>b</td>")
        + "\n</div>",
    ),
    (
        "markup in cells",
        "| **a** | ==b== |\n|---|---|\n| [[Note]] | ~~c~~ |",
        table(
            "<th><strong>a</strong></th>\n<th><mark>b</mark></th>",
            '<td><span class="wikilink">Note</span></td>\n<td><del>c</del></td>',
        ),
    ),
    (
        "a list right after a table ends it",
        "| a | b |\n|---|---|\n| c | d |\n- x",
        table("<th>a</th>\n<th>b</th>", "<td>c</td>\n<td>d</td>") + "\n<ul>\n<li>x</li>\n</ul>",
    ),
    (
        "a short row gets empty cells",
        "| a | b |\n|---|---|\n| 1 |",
        table("<th>a</th>\n<th>b</th>", "<td>1</td>\n<td></td>"),
    ),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html)


@pytest.mark.parametrize(("name", "src", "html"), VAULT_CASES, ids=[c[0] for c in VAULT_CASES])
def test_vault_shapes(name: str, src: str, html: str) -> None:
    assert_renders(src, html)


@pytest.mark.parametrize("indent", ["    ", "  ", "\t"])
def test_a_table_in_a_list_item_is_wrapped_where_it_is(indent: str) -> None:
    html = render_md(f"- i\n\n{indent}| a |\n{indent}|---|\n{indent}| b |")
    assert '<li>\n<p>i</p>\n<div class="table-wrap">\n<table>' in html
    assert html.count("table-wrap") == 1
