"""Golden tests for render/plugins/embeds.py: images, sounds, videos and attachments from the
vault (`![[img.png|600]]`, `![alt](img/a%20b.png)`, `![[a.mp3]]`, `![](clip.webm)`,
`![[doc.pdf]]`) and external images. Note embeds
(`![[Note]]`) are in test_transclusion.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import PNG, assert_renders, kinds, make_vault, media_name, render_in
from html_equal import same_html

A = media_name("a.png")
PASTED = media_name("attachments/Pasted image 20240101120000.png")
SCHEME = media_name("Картинки/схема.png")
SPACED = media_name("img/a b.png")
SOUND = media_name("s.mp3", b"ID3")
CLIP = media_name("Видео/Мой клип.webm", b"\x1aE\xdf\xa3")
SVG = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
PDF_URL = "obsidian://open?vault=v&amp;file=doc.pdf"
SPACED_PDF_URL = "obsidian://open?vault=v&amp;file=%D0%94%D0%BE%D0%BA%D0%B8%2FMy%20Paper.PDF"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(
        tmp_path / "v",
        {
            "note.md": "",
            "a.png": PNG,
            "attachments/Pasted image 20240101120000.png": PNG,
            "Картинки/схема.png": PNG,
            "img/a b.png": PNG,
            "s.mp3": b"ID3",
            "doc.pdf": b"%PDF-1.4",
            "Доки/My Paper.PDF": b"%PDF-1.4",
            "Видео/Мой клип.webm": b"\x1aE\xdf\xa3",
            "d.svg": SVG,
        },
    )


CASES = [
    ("image", "![[a.png]]", f'<p><img alt="" src="{A}"></p>'),
    ("width", "![[a.png|600]]", f'<p><img alt="" src="{A}" width="600"></p>'),
    (
        "width and height",
        "![[a.png|600x400]]",
        f'<p><img alt="" height="400" src="{A}" width="600"></p>',
    ),
    ("sound", "![[s.mp3]]", f"<p>[sound:{SOUND}]</p>"),
    (
        "a PDF is a link that opens it in Obsidian",
        "![[doc.pdf]]",
        f'<p><a class="attachment" href="{PDF_URL}">doc.pdf</a></p>',
    ),
    (
        "a PDF in a folder, spaces, capitals, Cyrillic, its alias",
        "![[My Paper.PDF|статья]]",
        f'<p><a class="attachment" href="{SPACED_PDF_URL}">статья</a></p>',
    ),
    (
        "a Markdown-linked PDF is a link too, named by its alt text",
        "![the paper](%D0%94%D0%BE%D0%BA%D0%B8/My%20Paper.PDF)",
        f'<p><a class="attachment" href="{SPACED_PDF_URL}">the paper</a></p>',
    ),
    ("a video plays as a sound does", "![[Мой клип.webm]]", f"<p>[sound:{CLIP}]</p>"),
    ("a Markdown-linked sound", "![](s.mp3)", f"<p>[sound:{SOUND}]</p>"),
    (
        "a Markdown-linked video, spaces encoded",
        "![clip](Видео/Мой%20клип.webm)",
        f"<p>[sound:{CLIP}]</p>",
    ),
    ("an SVG is an image", "![[d.svg]]", f'<p><img alt="" src="{media_name("d.svg", SVG)}"></p>'),
    (
        "Markdown image, relative path",
        "![md](img/a%20b.png)",
        f'<p><img alt="md" src="{SPACED}"></p>',
    ),
    (
        "Markdown image, angle brackets",
        "![alt](<img/a b.png>)",
        f'<p><img alt="alt" src="{SPACED}"></p>',
    ),
    (
        "Markdown image with a size",
        "![alt|300](a.png)",
        f'<p><img alt="alt" src="{A}" width="300"></p>',
    ),
    ("inline in text", "Text ![[a.png]] more", f'<p>Text <img alt="" src="{A}"> more</p>'),
    ("a heading fragment is ignored", "![[a.png#frag]]", f'<p><img alt="" src="{A}"></p>'),
    (
        "external image stays",
        "![x](https://example.com/p.png)",
        '<p><img alt="x" src="https://example.com/p.png"></p>',
    ),
    (
        "a video page becomes a link with its alt text",
        "![Что такое замыкание?](https://youtu.be/abc?t=42)",
        '<p><a href="https://youtu.be/abc?t=42">Что такое замыкание?</a></p>',
    ),
    ("vimeo too", "![x](https://vimeo.com/1)", '<p><a href="https://vimeo.com/1">x</a></p>'),
    (
        "a linked file that is no image",
        "![doc](https://example.com/file.pdf)",
        '<p><a href="https://example.com/file.pdf">doc</a></p>',
    ),
    (
        "data URL stays",
        "![x](data:image/png;base64,AAAA)",
        '<p><img alt="x" src="data:image/png;base64,AAAA"></p>',
    ),
]

# Shapes real vaults have.
VAULT_CASES = [
    (
        "pasted image found by name in its attachments folder",
        "![[Pasted image 20240101120000.png]]",
        f'<p><img alt="" src="{PASTED}"></p>',
    ),
    (
        "pasted image sized, in a list nested by a tab",
        "- шаг\n\t- ![[Pasted image 20240101120000.png|300]]",
        f'<ul>\n<li>шаг\n<ul>\n<li><img alt="" src="{PASTED}" width="300"></li>\n</ul>\n</li>\n'
        "</ul>",
    ),
    ("Cyrillic file name", "![[схема.png]]", f'<p><img alt="" src="{SCHEME}"></p>'),
    (
        "image in a callout",
        "> [!note] Схема\n> ![[схема.png]]",
        '<div class="callout callout-note">\n<div class="callout-title">Схема</div>\n'
        f'<p><img alt="" src="{SCHEME}"></p>\n</div>',
    ),
    (
        "image in a list item's paragraph",
        "- item\n\n  ![[a.png|100]]",
        f'<ul>\n<li>\n<p>item</p>\n<p><img alt="" src="{A}" width="100"></p>\n</li>\n</ul>',
    ),
    ("two sounds", "![[s.mp3]] ![[s.mp3]]", f"<p>[sound:{SOUND}] [sound:{SOUND}]</p>"),
    (
        "image in a table cell, size escaped",
        "| a |\n|---|\n| ![[a.png\\|50]] |",
        '<div class="table-wrap">\n<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n'
        f'<tbody>\n<tr>\n<td><img alt="" src="{A}" width="50"></td>\n</tr>\n</tbody>\n</table>\n'
        "</div>",
    ),
    (
        "an embed in code stays code",
        "`![[a.png]]`",
        "<p><code>![[a.png]]</code></p>",
    ),
]


@pytest.mark.parametrize(("name", "src", "html"), CASES, ids=[c[0] for c in CASES])
def test_golden(vault: Path, name: str, src: str, html: str) -> None:
    got, ctx = render_in(vault, src)
    assert same_html(got, html), f"\n{got!r}\n≠ {html!r}"
    assert ctx.problems == []


@pytest.mark.parametrize(("name", "src", "html"), VAULT_CASES, ids=[c[0] for c in VAULT_CASES])
def test_vault_shapes(vault: Path, name: str, src: str, html: str) -> None:
    got, ctx = render_in(vault, src)
    assert same_html(got, html), f"\n{got!r}\n≠ {html!r}"
    assert ctx.problems == []


def test_media_found_are_the_files_embedded(vault: Path) -> None:
    _, ctx = render_in(
        vault, "![[a.png]] ![[Pasted image 20240101120000.png]] ![[s.mp3]] ![[doc.pdf]]"
    )
    assert set(ctx.media_found) == {A, PASTED, SOUND}  # a PDF is linked, not packaged
    assert ctx.media_found[A].path == vault / "a.png"


@pytest.mark.parametrize(
    ("src", "html", "kind"),
    [
        (
            "![[missing.png]]",
            '<p><span class="missing-embed">missing.png</span></p>',
            "missing-media",
        ),
        (
            "![[missing.png|Подпись]]",
            '<p><span class="missing-embed">Подпись</span></p>',
            "missing-media",
        ),
        (
            "![[missing.png|600]]",
            '<p><span class="missing-embed">missing.png</span></p>',
            "missing-media",
        ),
        (
            "![](missing.png)",
            '<p><span class="missing-embed">missing.png</span></p>',
            "missing-media",
        ),
        (
            "![x](../outside.png)",
            '<p><span class="missing-embed">x</span></p>',
            "embed-outside-vault",
        ),
        ("![[Missing note]]", '<p><span class="embed">Missing note</span></p>', "missing-note"),
        ("![[Missing.md]]", '<p><span class="missing-embed">Missing.md</span></p>', "missing-note"),
        ("![[gone.pdf]]", '<p><span class="missing-embed">gone.pdf</span></p>', "missing-media"),
        ("![](gone.mp3)", '<p><span class="missing-embed">gone.mp3</span></p>', "missing-media"),
    ],
)
def test_missing_files_warn_and_show_text(vault: Path, src: str, html: str, kind: str) -> None:
    got, ctx = render_in(vault, f"x\n\n{src}")
    assert same_html(got, f"<p>x</p>\n{html}"), got
    assert kinds(ctx.problems) == [kind]
    assert ctx.problems[0].line == 3
    assert ctx.media_found == {}


def test_without_a_vault_nothing_resolves() -> None:
    assert_renders("![[a.png|600]]", '<p><span class="missing-embed">a.png</span></p>')
