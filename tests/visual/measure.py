"""Measure a rendered card in a real browser: the facts tests/visual asserts, read from the
computed layout and colours (WCAG 2 contrast formula on the colours the browser computed)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")

# One function evaluated in the card's page; returns plain JSON.
MEASURE_JS = (Path(__file__).parent / "measure.js").read_text(encoding="utf-8")


def browser_problem() -> str | None:
    """Why no browser can be had here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        return "no chromium (apt-get install -y chromium fonts-noto-core fonts-noto-mono)"
    return None


@contextmanager
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or "")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(executable))
        try:
            yield launched
        finally:
            launched.close()


def measure(page: Any, url: str, width: int, shot: Path | None = None) -> dict[str, Any]:
    """Load `url` at `width` px and measure it; a full-page screenshot to `shot` if given."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url)
    page.wait_for_load_state("load")
    # A side with math is measured as typeset: MathJax finishes after the load event.
    page.wait_for_function("!window.MathJax || document.documentElement.dataset.typeset === '1'")
    facts: dict[str, Any] = page.evaluate(MEASURE_JS)
    if shot is not None:
        shot.parent.mkdir(parents=True, exist_ok=True)
        # The card and its margin, not the empty viewport below a short card.
        bottom = page.evaluate("Math.ceil(document.body.getBoundingClientRect().bottom) + 20")
        clip = {"x": 0, "y": 0, "width": width, "height": bottom}
        page.screenshot(path=str(shot), full_page=True, clip=clip)
    return facts
