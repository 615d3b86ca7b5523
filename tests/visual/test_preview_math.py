"""Math and sounds in the preview, in a real browser (Debian's chromium, Playwright), as Anki's
reviewer shows them: MathJax typesets inline, display and `aligned` math at 390 px, light and
night (screenshots in tests/visual/__screenshots__/), into the very markup Anki desktop's own
reviewer.js and MathJax make of the same card; `[anki:play:…]` marks are play buttons; an
SVG image runs none of its scripts. The MathJax is the one this install carries
(tools/mathjax_bundle.py; the `mathjax_bundled` fixture runs that step in a checkout never
installed)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bad_input.anki_reviewer import Reviewer, anki_web
from conftest import AnkiCollection

from vault2anki import Options, build, plan_export, write_export
from vault2anki.preview import write_preview
from visual.measure import browser, browser_problem

HERE = Path(__file__).resolve().parent
MATH = HERE / "gallery" / "Layout" / "Math.md"
SCREENSHOTS = HERE / "__screenshots__"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="alert(1)">'
    b'<script>alert(2)</script><rect width="40" height="40" fill="teal"/></svg>'
)
SOUNDS = (
    "# Как это звучит? ![[Привет.mp3]]\n## Answer\nТак: ![](Audio/Hello%20World.ogg), "
    "видео ![[Clip 1.webm]], схема ![[Схема.svg]]\n"
)
# What the page shows that only untypeset math would: TeX delimiters and commands.
RAW_TEX = ("\\(", "\\[", "\\begin", "\\frac", "\\sqrt", "$")


@pytest.fixture(scope="module")
def chromium(mathjax_bundled: None) -> Iterator[Any]:
    problem = browser_problem()
    if problem:
        pytest.skip(problem)
    with browser() as launched:
        yield launched


def _vault(root: Path) -> Path:
    (root / "Audio").mkdir(parents=True)
    shutil.copyfile(MATH, root / "Math.md")
    (root / "Sounds.md").write_text(SOUNDS, encoding="utf-8")
    (root / "Audio" / "Привет.mp3").write_bytes(b"ID3")
    (root / "Audio" / "Hello World.ogg").write_bytes(b"OggS")
    (root / "Clip 1.webm").write_bytes(b"\x1aE\xdf\xa3")
    (root / "Схема.svg").write_bytes(SVG)
    return root


@pytest.fixture
def site(tmp_path: Path) -> Path:
    result = build(Options.of(_vault(tmp_path / "vault"), no_lock=True))
    written = write_preview(result, tmp_path / "site", "vault")
    assert written.untypeset == 0
    return tmp_path / "site" / "cards"


def _open(page: Any, doc: Path, mode: str) -> None:
    page.goto(f"{doc.as_uri()}#{mode}")
    page.wait_for_function("document.documentElement.dataset.typeset === '1'")


@pytest.mark.parametrize("mode", ["light", "night"])
def test_math_is_typeset_at_phone_width(chromium: Any, site: Path, mode: str) -> None:
    page = chromium.new_page(viewport={"width": 390, "height": 800})
    _open(page, site / "0001-1-back.html", mode)
    assert page.evaluate("document.querySelectorAll('mjx-container').length") == 4
    assert page.evaluate("document.querySelectorAll('mjx-container[display=true]').length") == 2
    assert page.evaluate("document.querySelectorAll('mjx-mtable').length") == 1  # aligned
    text = page.evaluate("document.body.innerText")
    assert not [raw for raw in RAW_TEX if raw in text], text
    # the formulas take the card's text colour (night: light on dark), and fit the phone
    colours = page.evaluate(
        "[...document.querySelectorAll('mjx-container')].map(e => getComputedStyle(e).color)"
    )
    assert set(colours) == {page.evaluate("getComputedStyle(document.body).color")}
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    SCREENSHOTS.mkdir(exist_ok=True)
    bottom = page.evaluate("Math.ceil(document.body.getBoundingClientRect().bottom) + 20")
    clip = {"x": 0, "y": 0, "width": 390, "height": bottom}
    page.screenshot(path=str(SCREENSHOTS / f"math-390-{mode}.png"), clip=clip)
    page.close()


_FORMULAS = "[...document.querySelectorAll('mjx-container')].map(e => e.outerHTML)"


def test_math_is_what_ankis_reviewer_makes_of_it(
    chromium: Any, tmp_path: Path, anki: AnkiCollection
) -> None:
    web = anki_web()
    if web is None:
        pytest.skip("Anki desktop's web files not found: .ci/run installs them (.venv-anki)")
    vault = _vault(tmp_path / "vault")
    options = Options.of(vault, output=tmp_path / "deck.apkg", no_lock=True)
    result = write_export(plan_export(options), options)
    assert result.output is not None
    write_preview(result, tmp_path / "site", "vault")
    anki.import_package(result.output)
    [card] = [
        card
        for card in map(anki.col.get_card, anki.col.find_cards(""))
        if "Math.md" in card.note()["Source"]
    ]
    reviewer = Reviewer(chromium, web)
    shown = reviewer.show(card.answer())
    in_anki = reviewer.page.evaluate(_FORMULAS)
    page = chromium.new_page(viewport={"width": 800, "height": 600})  # the reviewer's
    _open(page, tmp_path / "site" / "cards" / "0001-1-back.html", "light")
    assert len(in_anki) == 4 and shown.foreign == []
    assert page.evaluate(_FORMULAS) == in_anki


def test_sounds_are_play_buttons_and_an_svg_runs_nothing(chromium: Any, site: Path) -> None:
    page = chromium.new_page(viewport={"width": 390, "height": 800})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for doc, sounds in (("0002-1-front.html", 1), ("0002-1-back.html", 1 + 2)):
        page.goto(f"{(site / doc).as_uri()}#light")
        page.wait_for_load_state("load")
        buttons = page.evaluate(
            "[...document.querySelectorAll('a.replay-button svg.playImage')].length"
        )
        assert buttons == sounds, doc
        assert "[anki:play" not in page.evaluate("document.body.innerText")
    titles = page.evaluate("[...document.querySelectorAll('a.replay-button')].map(a => a.title)")
    assert [t.rsplit(".", 1)[1] for t in titles] == ["mp3", "ogg", "webm"]
    page.click("a.replay-button >> nth=1")  # plays in place: the page stays
    assert page.url.endswith("0002-1-back.html#light")
    assert page.evaluate("[...document.images].filter(i => i.src.endsWith('.svg')).length") == 1
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    assert page.evaluate("document.querySelectorAll('svg:not(.playImage)').length") == 0
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sounds-390-light.png"))
    page.wait_for_timeout(200)
    assert dialogs == []
    page.close()
