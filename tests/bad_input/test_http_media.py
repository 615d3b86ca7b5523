"""`http://` images and media follow the README's rule: remote media load over https only
(issue 24, item 8).

The README lists what a card may show as "images (vault files, `https`, `data:image`)", yet
`![x](http://…/a.png)`, `<img src="http://…">`, `<audio src="http://…">` and a `<video
poster="http://…">` all reached the package, to be fetched in the clear (read and replaced on
the way) by every reviewer of a shared deck. Now a Markdown image over http becomes a link to
it with a warning, and raw HTML loses every `src`/`poster` over http, however it is spelled
(entities, a tab, capitals: what the browser would read as http). Links stay links."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from .conftest import deck_fields, export

HTTP_IMAGE = (
    "md.md:3: warning: image 'http://example.com/a.png' is plain http; shown as a link — "
    "remote images load over https only: write https:// if the site has it, or save the image "
    "in the vault"
)
RAW = """# Raw?
## Answer
<img src="http://example.com/1.png">
<img src="HTTP://example.com/2.png">
<img src="&#104;ttp://example.com/3.png">
<img src="ht&#9;tp://example.com/4.png">
<img src=" &#10;http://example.com/5.png">
<audio src="http://example.com/6.mp3" controls></audio>
<video poster="http://example.com/7.jpg" src="https://example.com/ok.mp4"></video>
<video><source src="http://example.com/8.mp4"></video>
<img src="https://example.com/ok.png">

<a href="http://example.com/page">a link</a>
"""


class _Loads(HTMLParser):
    """Every URL an element of the field would load (src, poster), as the browser gets it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "poster") and value is not None:
                self.loads.append(value)
            elif name == "href" and value is not None:
                self.links.append(value)


def loads_and_links(field: str) -> tuple[list[str], list[str]]:
    parser = _Loads()
    parser.feed(field)
    return parser.loads, parser.links


def test_a_markdown_http_image_becomes_a_link_with_a_warning(vault: Path, out: Path) -> None:
    (vault / "md.md").write_text(
        "# Md?\n## Answer\n![pic](http://example.com/a.png)\n\n![ok](https://example.com/b.png)\n"
    )
    run = export(vault, out)
    assert run.code == 0
    assert run.lines == [HTTP_IMAGE]
    [md] = [f for f in deck_fields(out) if f[0] == "<p>Md?</p>"]
    assert loads_and_links(md[1]) == (
        ["https://example.com/b.png"],
        ["http://example.com/a.png"],
    )
    assert '<a href="http://example.com/a.png">pic</a>' in md[1]


def test_raw_html_loads_nothing_over_http(vault: Path, out: Path) -> None:
    (vault / "raw.md").write_text(RAW)
    run = export(vault, out)
    assert run.code == 0
    [warning] = run.lines
    assert warning.startswith("raw.md:3: warning: raw HTML that Anki would run or load was ")
    assert "(poster=, src=)" in warning
    [raw] = [f for f in deck_fields(out) if f[0] == "<p>Raw?</p>"]
    loads, links = loads_and_links(raw[1])
    # Only the https ones are left, and the link is still a link.
    assert loads == ["https://example.com/ok.mp4", "https://example.com/ok.png"]
    assert links == ["http://example.com/page"]
