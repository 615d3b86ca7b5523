"""Cards in a real browser (Debian's chromium driven by Playwright): every side of every card of
the gallery vault, as the preview renders it (= as Anki renders it, tests/preview), at phone
(390 px) and desktop (800 px) width, light and night, measured from computed layout and
colours. Screenshots land in tests/visual/__screenshots__/ for a human to look at.

Skipped, with the reason, only where no browser can be had (no playwright or no chromium)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vault2anki import build
from vault2anki.options import Options
from vault2anki.preview import write_preview
from visual.measure import browser, browser_problem, measure

HERE = Path(__file__).resolve().parent
GALLERY = HERE / "gallery"
SCREENSHOTS = HERE / "__screenshots__"
WIDTHS = (390, 800)
MODES = ("light", "night")

Facts = dict[tuple[str, int, str], dict[str, Any]]


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Facts]:
    problem = browser_problem()
    if problem:
        pytest.skip(problem)
    root = tmp_path_factory.mktemp("visual")
    shutil.copytree(GALLERY, root / "gallery")
    result = build(Options.of(root / "gallery", no_lock=True))
    write_preview(result, root / "preview", "gallery")
    measured: Facts = {}
    try:
        with browser() as chromium:
            page = chromium.new_page()
            for doc in sorted((root / "preview" / "cards").glob("*-*-*.html")):
                for width in WIDTHS:
                    for mode in MODES:
                        shot = SCREENSHOTS / f"{doc.stem}-{width}-{mode}.png"
                        url = f"{doc.as_uri()}#{mode}"
                        measured[doc.stem, width, mode] = measure(page, url, width, shot)
    except Exception as exc:  # a browser that will not start: say why, as a skip
        if "Executable" in str(exc) or "launch" in str(exc).lower():
            pytest.skip(f"chromium does not start here: {str(exc).splitlines()[0]}")
        raise
    # 17 cards (cloze and reversed notes make several), both sides, 2 widths, 2 modes.
    assert len(measured) == 17 * 2 * len(WIDTHS) * len(MODES)
    yield measured


def _where(key: tuple[str, int, str]) -> str:
    return f"{key[0]} at {key[1]}px, {key[2]}"


def test_no_horizontal_page_overflow(facts: Facts) -> None:
    """Nothing (a wide table, a long code line) makes the page scroll sideways."""
    bad = {_where(k): f["overflow"] for k, f in facts.items() if f["overflow"] > 0}
    assert not bad


def test_side_margins_at_least_12px(facts: Facts) -> None:
    bad = {
        _where(k): (f["left"], f["right"])
        for k, f in facts.items()
        if min(f["left"], f["right"]) < 12
    }
    assert not bad


def test_question_side_code_is_fully_visible(facts: Facts) -> None:
    """A long `// task` line on the front wraps instead of scrolling out of sight."""
    fronts = {k: f for k, f in facts.items() if "-front" in k[0]}
    assert any(f["preLineHeight"] for f in fronts.values())  # the gallery has code on a front
    bad = [_where(k) for k, f in fronts.items() if f["hiddenCode"]]
    assert not bad


def test_cloze_is_styled_apart_from_its_sentence(facts: Facts) -> None:
    clozes = [(k, marked) for k, f in facts.items() for marked in f["clozes"]]
    assert len(clozes) >= 16  # every cloze card, both sides, every width and mode
    assert all(marked for _, marked in clozes), [_where(k) for k, m in clozes if not m]


def test_no_bordered_spans_in_code(facts: Facts) -> None:
    """Pygments' error tokens (a red box) never show, not even for code it cannot lex."""
    unlexable = [f for k, f in facts.items() if k[0] == "0006-1-back"]  # Code/Unlexable.md
    assert unlexable and all(f["tokens"] for f in unlexable)
    bad = {_where(k): f["borderedCode"] for k, f in facts.items() if f["borderedCode"]}
    assert not bad


def test_code_tokens_have_4_5_to_1_contrast(facts: Facts) -> None:
    tokens = [(k, t) for k, f in facts.items() for t in f["tokens"]]
    assert len(tokens) > 500
    bad = [
        (_where(k), t["cls"], t["text"], round(t["ratio"], 2))
        for k, t in tokens
        if t["ratio"] < 4.5
    ]
    assert not bad


def test_body_text_has_7_to_1_contrast(facts: Facts) -> None:
    texts = [(k, t) for k, f in facts.items() for t in f["texts"]]
    assert len(texts) > 100
    bad = [
        (_where(k), t["tag"], t["text"], round(t["ratio"], 2)) for k, t in texts if t["ratio"] < 7
    ]
    assert not bad


def test_headings_never_smaller_than_body_text(facts: Facts) -> None:
    headings = [(k, h, f["bodySize"]) for k, f in facts.items() for h in f["headings"]]
    assert {h["tag"] for _, h, _ in headings} >= {"H3", "H4", "H5", "H6"}
    bad = [(_where(k), h["tag"], h["size"], body) for k, h, body in headings if h["size"] < body]
    assert not bad


def test_every_image_loads(facts: Facts) -> None:
    images = [(k, i) for k, f in facts.items() for i in f["images"]]
    assert len(images) >= 2 * len(WIDTHS) * len(MODES)
    assert all(i["ok"] for _, i in images), [
        (_where(k), i["src"]) for k, i in images if not i["ok"]
    ]


def test_task_lists_show_checkboxes_without_bullets(facts: Facts) -> None:
    markers = [m for f in facts.values() for m in f["taskMarkers"]]
    assert markers and set(markers) == {"none"}


def test_source_link_keeps_the_source_colour(facts: Facts) -> None:
    """The Source line stays muted in night mode instead of turning link-blue."""
    links = {_where(k): f["sourceLink"] for k, f in facts.items() if f["sourceLink"]}
    assert links
    assert all(link == parent for link, parent in links.values()), links


def test_night_mode_uses_a_dark_colour_scheme(facts: Facts) -> None:
    """Scrollbars and checkboxes follow night mode (`color-scheme: dark`), page and card."""
    for key, f in facts.items():
        page, card = f["colorScheme"].split(" / ")
        assert ("dark" in page and "dark" in card) == (key[2] == "night"), _where(key)


def test_footnote_rule_is_not_the_answer_separator(facts: Facts) -> None:
    pairs = [f["hrs"] for f in facts.values() if f["hrs"]]
    assert pairs and all(answer != footnote for answer, footnote in pairs)


def test_wide_table_scrolls_in_its_own_box_on_a_phone(facts: Facts) -> None:
    """At 390 px a wide table sits in a `.table-wrap` box that scrolls sideways, inside the
    screen, and no cell is squeezed onto a second line."""
    tables = [(k, t) for k, f in facts.items() if k[1] == 390 for t in f["tables"]]
    assert tables
    bad = [(_where(k), t) for k, t in tables if not (t["wrapped"] and t["scroller"] == "auto")]
    assert not bad
    wide = [(k, t) for k, t in tables if t["scrolls"]]  # Layout/Wide table.md, both modes
    assert len(wide) >= 2
    bad = [(_where(k), t) for k, t in wide if not t["inside"] or t["maxLines"] > 1]
    assert not bad


def test_code_line_height_is_the_note_types(facts: Facts) -> None:
    """Pygments' own `pre { line-height: 125% }` no longer overrides ours (1.4)."""
    ratios = [f["preLineHeight"] for f in facts.values() if f["preLineHeight"]]
    assert ratios and all(abs(r - 1.4) < 0.02 for r in ratios)
