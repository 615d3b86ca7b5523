"""Tests for vault2anki.render.mdext.tables: GFM tables, each in its scroll box."""

from __future__ import annotations

import markdown

from vault2anki.render.mdext import tables


def render(text: str) -> str:
    return markdown.markdown(text, extensions=[tables.makeExtension()])


def test_a_table_is_wrapped_in_its_box_with_the_text_around_it_kept() -> None:
    assert render("x\n\n| a |\n|---|\n| b |\n\ny") == (
        '<p>x</p>\n<div class="table-wrap">\n<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n'
        "</thead>\n<tbody>\n<tr>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n</div>\n<p>y</p>"
    )


def test_a_table_in_a_list_item_is_wrapped_where_it_is() -> None:
    html = render("- i\n\n    | a |\n    |---|\n    | b |")
    assert '<li>\n<p>i</p>\n<div class="table-wrap">\n<table>' in html
    assert html.count("table-wrap") == 1
