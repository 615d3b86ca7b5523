"""Golden tests for render/plugins/tags.py: a line of only tags is metadata and dropped; any
other `#tag` is shown where it is written, shielded from the other inline rules."""

from __future__ import annotations

import pytest
from helpers import assert_renders

CASES = [
    ("a tag line above text is dropped", "#softskills\nText", "<p>Text</p>"),
    ("`tags:` line", "tags: #js #task\n\nBody", "<p>Body</p>"),
    ("tags with commas", "#a, #b,#c\n\nBody", "<p>Body</p>"),
    ("a heading made of tags is a heading", "### #git-clone", "<h3>#git-clone</h3>"),
    ("tags in prose are shown", "methods #get or #post.", "<p>methods #get or #post.</p>"),
    # CommonMark 0.31.2, 4.2 (example 64): `#tag` is no heading without a space after `#`.
    ("a tag starting a line of text is no heading", "#tag at start", "<p>#tag at start</p>"),
    (
        "underscores in a tag are no emphasis",
        "#_private_ and #snake_case_tag",
        "<p>#_private_ and #snake_case_tag</p>",
    ),
    (
        "not tags: numbers, C#, anchors",
        "Issue #123 and C# and page#anchor",
        "<p>Issue #123 and C# and page#anchor</p>",
    ),
    ("a tag in inline code", "`#code` here", "<p><code>#code</code> here</p>"),
    ("a heading with a trailing tag", "## Title #tag", "<h2>Title #tag</h2>"),
]

# Shapes real vaults have.
VAULT_CASES = [
    (
        "Cyrillic and nested tags in prose",
        "Текст про #замыкания и #js/функции",
        "<p>Текст про #замыкания и #js/функции</p>",
    ),
    (
        "Cyrillic tag line dropped",
        "#вопрос #собеседование\nЧто такое замыкание?",
        "<p>Что такое замыкание?</p>",
    ),
    (
        "tag line between paragraphs",
        "Before\n\n#review\n\nAfter",
        "<p>Before</p>\n<p>After</p>",
    ),
    (
        "tags in list items",
        "- item #todo\n- #done",
        "<ul>\n<li>item #todo</li>\n<li>#done</li>\n</ul>",
    ),
    (
        "tag line in a quote stays",
        "> #quoted-tag\n> text",
        "<blockquote>\n<p>#quoted-tag<br>\ntext</p>\n</blockquote>",
    ),
    ("tag after an opening parenthesis", "(see #ref)", "<p>(see #ref)</p>"),
    (
        "a tag line inside code is code",
        "```\n#include <stdio.h>\n#tag\n```",
        '<div class="highlight"><pre><span></span><code>#include &lt;stdio.h&gt;\n#tag\n'
        "</code></pre></div>",
    ),
    ("a URL fragment is no tag", "[x](http://a/#frag)", '<p><a href="http://a/#frag">x</a></p>'),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, src: str, html: str) -> None:
    assert_renders(src, html)


@pytest.mark.parametrize(("name", "src", "html"), VAULT_CASES, ids=[c[0] for c in VAULT_CASES])
def test_vault_shapes(name: str, src: str, html: str) -> None:
    assert_renders(src, html)
