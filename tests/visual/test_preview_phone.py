"""The preview on a phone (issue 23), in Chromium from file://: the index has a search box,
a deck column only when there are several decks, and never scrolls sideways at 390 px, even
with decks named after deep Cyrillic folders; a card page's frames are exactly 390 and 800 px
wide; Night darkens the whole page; a table wider than the card shows a shadow at the edge
where more of it is. Screenshots land in tests/visual/__screenshots__/."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vault2anki import build
from vault2anki.options import Options
from vault2anki.preview import write_preview
from visual.measure import browser, browser_problem

SHOTS = Path(__file__).parent / "__screenshots__"
DEEP = "0000 Интересные вопросы/other themes/SoftSkills"
WIDE = """# Сравнение методов массива?
## Ответ
| Метод | Мутирует | Возвращает | Сложность | Пример | Заметки |
|---|---|---|---|---|---|
| push | да | новую длину | O(1) | `arr.push(1)` | добавляет в конец массива |
| map | нет | новый массив | O(n) | `arr.map(x => x * 2)` | не меняет исходный массив |
"""


def _site(root: Path, files: dict[str, str], decks: bool) -> Path:
    vault = root / "vault"
    for rel, text in files.items():
        (vault / rel).parent.mkdir(parents=True, exist_ok=True)
        (vault / rel).write_text(text, encoding="utf-8")
    result = build(Options.of(vault, no_lock=True, deck_from_folders=decks))
    write_preview(result, root / "site", "vault")
    return root / "site"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    problem = browser_problem()
    if problem:
        pytest.skip(problem)
    with browser() as launched:
        yield launched


@pytest.fixture(scope="module")
def sites() -> Iterator[tuple[Path, Path]]:
    with tempfile.TemporaryDirectory() as tmp:
        many = _site(
            Path(tmp) / "many",
            {
                f"{DEEP}/001 Что такое SDLC.md": "# Что такое SDLC?\n## Ответ\nЦикл.\n",
                f"{DEEP}/002 Что такое Agile.md": "# Что такое Agile?\n## Ответ\nГибкость.\n",
                "JS/Методы массива.md": WIDE,
            },
            decks=True,
        )
        one = _site(Path(tmp) / "one", {"Методы массива.md": WIDE}, decks=False)
        yield many, one


def _page(chromium: Any, url: str, width: int, scheme: str = "light") -> Any:
    page = chromium.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page.goto(url)
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("width", [390, 800])
def test_the_index_never_scrolls_sideways(chromium: Any, sites: Any, width: int) -> None:
    many, _ = sites
    page = _page(chromium, (many / "index.html").as_uri(), width)
    assert page.evaluate("document.documentElement.scrollWidth") == width
    page.screenshot(path=str(SHOTS / f"preview-index-{width}-light.png"), full_page=True)


def test_search_narrows_the_rows(chromium: Any, sites: Any) -> None:
    many, _ = sites
    page = _page(chromium, (many / "index.html").as_uri(), 390)
    visible = "document.querySelectorAll('tr.card:not([hidden])').length"
    assert page.evaluate(visible) == 3
    page.fill("#search", "agile")
    assert page.evaluate(visible) == 1
    assert page.inner_text("#shown") == "1 of 3 notes shown"
    page.fill("#search", "softskills что")  # every word, anywhere in the row (deck, question)
    assert page.evaluate(visible) == 2


def test_the_deck_column_only_with_several_decks(chromium: Any, sites: Any) -> None:
    many, one = sites
    heads = "[...document.querySelectorAll('th')].map(t => t.textContent)"
    assert _page(chromium, (many / "index.html").as_uri(), 800).evaluate(heads) == [
        "Question",
        "Deck",
        "Source",
        "Tags",
    ]
    single = _page(chromium, (one / "index.html").as_uri(), 800)
    assert single.evaluate(heads) == ["Question", "Source", "Tags"]
    assert single.evaluate("document.getElementById('deck')") is None


def _card_page(chromium: Any, site: Path, hash_: str) -> Any:
    (card,) = [p for p in (site / "cards").glob("*.html") if "-" not in p.stem]
    page = _page(chromium, card.as_uri() + "#" + hash_, 390 if "phone" in hash_ else 1300)
    # Each frame tells the page its height once its card is laid out: then all is loaded.
    page.wait_for_function("[...document.querySelectorAll('iframe')].every(f => f.style.height)")
    return page


@pytest.mark.parametrize(("hash_", "width"), [("light,desktop", 800), ("night,phone", 390)])
def test_frames_are_exactly_their_width(chromium: Any, sites: Any, hash_: str, width: int) -> None:
    _, one = sites
    page = _card_page(chromium, one, hash_)
    widths = page.evaluate(
        "[...document.querySelectorAll('iframe')].map(f => f.getBoundingClientRect().width)"
    )
    assert widths == [width, width]
    if width == 390:  # a phone's own screen: the frame fits, the page does not scroll
        assert page.evaluate("document.documentElement.scrollWidth") == 390


def test_night_darkens_the_whole_page(chromium: Any, sites: Any) -> None:
    _, one = sites
    page = _card_page(chromium, one, "night,phone")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(c) for c in background[4:-1].split(",")[:3])
    assert max(red, green, blue) < 40, background  # the page, not only the cards
    page.screenshot(path=str(SHOTS / "preview-card-390-night.png"), full_page=True)


@pytest.mark.parametrize("mode", ["light", "night"])
def test_a_wide_table_shows_that_it_scrolls(chromium: Any, sites: Any, mode: str) -> None:
    _, one = sites
    (back,) = (one / "cards").glob("*-1-back.html")
    page = _page(chromium, back.as_uri() + "#" + mode, 390)
    wrap = "document.querySelector('.table-wrap')"
    assert page.evaluate(f"{wrap}.scrollWidth > {wrap}.clientWidth + 100")
    # The shadow layers stay with the box; the covers that hide them travel with the table.
    layers = page.evaluate(f"getComputedStyle({wrap}).backgroundAttachment")
    assert layers == "local, local, scroll, scroll"
    cover = page.evaluate(f"getComputedStyle({wrap}).backgroundImage.split('rgb')[1]")
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert body.startswith("rgb" + cover.split(")")[0] + ")"), (cover, body)  # covers match
    page.screenshot(path=str(SHOTS / f"preview-wide-table-390-{mode}.png"))
