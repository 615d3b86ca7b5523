"""Golden cases where Python-Markdown and CommonMark/GFM disagree and Obsidian's reading view
follows CommonMark (issue 9, the QA findings of /work/notes/qa.md): input Markdown → the HTML a
card shows, through the whole renderer. Each expected HTML was reviewed by hand against
Obsidian's reading view with default settings (GUIDE.md §3a); none is a snapshot."""

from __future__ import annotations

import pytest
from html_equal import same_html

from vault2anki.render.renderer import Renderer

HL = '<div class="highlight"><pre><span></span><code>'
CASES = [
    (
        "fence info: the first word is the language, the rest is ignored",
        "```tsx app/index.tsx\nconst a = 1;\n```\n\ntext **b**",
        f'{HL}<span class="kd">const</span><span class="w"> </span><span class="nx">a</span>'
        '<span class="w"> </span><span class="o">=</span><span class="w"> </span>'
        '<span class="mf">1</span><span class="p">;</span>\n</code></pre></div>\n'
        "<p>text <strong>b</strong></p>",
    ),
    (
        "fence info with a title: no file name shown",
        '```text title="x.js"\nlet a;\n```',
        f"{HL}let a;\n</code></pre></div>",
    ),
    (
        "a second fence after one with a long info string pairs with its own opener",
        "```sh run me\necho\n```\nmiddle\n```\nplain\n```",
        f'{HL}<span class="nb">echo</span>\n</code></pre></div>\n<p>middle</p>\n'
        f"{HL}plain\n</code></pre></div>",
    ),
    (
        "a heading made of a tag is a heading",
        "### #git-clone\ntext",
        "<h3>#git-clone</h3>\n<p>text</p>",
    ),
    (
        "a tag-only line is still dropped",
        "text\n#git-clone\nmore",
        "<p>text<br>\nmore</p>",
    ),
    (
        "loose list: a nested list under a paragraph of the item",
        "1. Composition:\n\n   Examples:\n   - `Car`\n   - `House`\n\n2. Next",
        "<ol>\n<li>\n<p>Composition:</p>\n<p>Examples:</p>\n<ul>\n<li><code>Car</code></li>\n"
        "<li><code>House</code></li>\n</ul>\n</li>\n<li>\n<p>Next</p>\n</li>\n</ol>",
    ),
    (
        "loose list: a fence under the item's text line, never inside <p>",
        "1. **First**\n   ```\n   a()\n   ```\n\n2. **Second**",
        f"<ol>\n<li>\n<p><strong>First</strong></p>\n{HL}a()\n</code></pre></div>\n</li>\n"
        "<li>\n<p><strong>Second</strong></p>\n</li>\n</ol>",
    ),
    (
        "loose outer list: a nested list under an item line stays tight",
        "1. Z\n\n2. A\n   - x\n     - y\n   - z",
        "<ol>\n<li>\n<p>Z</p>\n</li>\n<li>\n<p>A</p>\n<ul>\n<li>x<ul>\n<li>y</li>\n</ul>\n"
        "</li>\n<li>z</li>\n</ul>\n</li>\n</ol>",
    ),
    (
        "loose list: the next outer item after a list nested under a paragraph",
        "1. A\n\n   more:\n   - x\n   - y\n2. B",
        "<ol>\n<li>\n<p>A</p>\n<p>more:</p>\n<ul>\n<li>x</li>\n<li>y</li>\n</ul>\n</li>\n"
        "<li>\n<p>B</p>\n</li>\n</ol>",
    ),
    (
        "tight list: a nested list stays tight",
        "- a\n  - b\n- c",
        "<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ul>",
    ),
    (
        "two fences back to back are two blocks",
        "```\na\n```\n```\nb\n```",
        f"{HL}a\n</code></pre></div>\n{HL}b\n</code></pre></div>",
    ),
    (
        "a closing fence indented 2 spaces closes the block",
        "~~~\ngit config\n  ~~~\n\ntext",
        f"{HL}git config\n</code></pre></div>\n<p>text</p>",
    ),
    (
        "a closing fence indented 3 spaces closes the block",
        "```\nx\n   ```\ntext",
        f"{HL}x\n</code></pre></div>\n<p>text</p>",
    ),
    (
        "a quote, then ---: a quote and a rule, never a setext heading",
        "> quoted\n---\nafter",
        "<blockquote>\n<p>quoted</p>\n</blockquote>\n<hr>\n<p>after</p>",
    ),
    (
        "1) ordered list",
        "Steps:\n1) one\n2) two",
        "<p>Steps:</p>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>",
    ),
    (
        "1) list nested under a bullet",
        "- a\n  1) x\n  2) y",
        "<ul>\n<li>a<ol>\n<li>x</li>\n<li>y</li>\n</ol>\n</li>\n</ul>",
    ),
    (
        # CommonMark 5.2: only a list starting at 1 may interrupt a paragraph; `3)` continues
        # the item's text (each line shown, no word lost), as `2024.` does at the margin.
        "3) under a bullet's text continues it",
        "- a\n  3) x\n  4) y",
        "<ul>\n<li>a<br>\n3) x<br>\n4) y</li>\n</ul>",
    ),
    (
        "3) list nested under a bullet after a blank line, start kept",
        "- a\n\n  3) x\n  4) y",
        '<ul>\n<li>\n<p>a</p>\n<ol start="3">\n<li>x</li>\n<li>y</li>\n</ol>\n</li>\n</ul>',
    ),
    (
        "a bare URL is a link, its trailing full stop is not",
        "Visit https://example.com/docs#part.",
        '<p>Visit <a href="https://example.com/docs#part">https://example.com/docs#part</a>.</p>',
    ),
    (
        "www. and e-mail autolinks",
        "see www.example.org",
        '<p>see <a href="http://www.example.org">www.example.org</a></p>',
    ),
    (
        "never a link inside code, a link, a raw <a> or an autolink",
        '`https://a.b` [t](https://c.d) <https://e.f> <a href="https://g.h">https://g.h</a>',
        '<p><code>https://a.b</code> <a href="https://c.d">t</a> '
        '<a href="https://e.f">https://e.f</a> <a href="https://g.h">https://g.h</a></p>',
    ),
    (
        "never a link inside a fence",
        "```\nhttps://a.b\n```",
        f"{HL}https://a.b\n</code></pre></div>",
    ),
    (
        "<details>: Markdown after a blank line inside it is rendered",
        "<details><summary>S</summary>\n\nHidden **markdown** body.\n\n</details>",
        "<details><summary>S</summary>\n<p>Hidden <strong>markdown</strong> body.</p>\n</details>",
    ),
    (
        "an HTML block runs to the blank line, then Markdown again",
        "<div>\n<b>x</b>\n</div>\n\nafter *a*",
        "<div>\n<b>x</b>\n</div>\n<p>after <em>a</em></p>",
    ),
    (
        "HTML in a fence stays code",
        "```\n<details>\n\n**x**\n```",
        f"{HL}&lt;details&gt;\n\n**x**\n</code></pre></div>",
    ),
    (
        "a table scrolls in its own box",
        "| a |\n|---|\n| 1 |",
        '<div class="table-wrap">\n<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n'
        "<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n</div>",
    ),
    (
        "text, then ---: a setext heading as ever",
        "Title\n---",
        "<h2>Title</h2>",
    ),
]


@pytest.mark.parametrize(("markdown", "html"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_commonmark_golden(markdown: str, html: str) -> None:
    got = Renderer().render(markdown)
    assert same_html(got, html), f"\n{got!r}\n≠ {html!r}"
