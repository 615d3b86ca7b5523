"""Anki desktop's reviewer in Chromium: a card's HTML shown by Anki's own `reviewer.js`, which
loads the MathJax Anki ships (its config `js/mathjax.js`, then `tex-chtml-full.js`) when the
card holds math and typesets the card as Anki does. The files come from Anki desktop's
`_aqt/data/web` (the `.venv-anki` the sync tests use, or `ANKI_BIN`'s); every other request
is recorded and refused, so a test sees exactly which URLs the card made the browser fetch."""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conftest import REPO

ORIGIN = "http://anki.localhost"  # never resolved: every request is answered by the route
PAGE = f"{ORIGIN}/reviewer.html"
# Anki's reviewer page (aqt/reviewer.py revHtml) around `#qa`; bridgeCommand is Qt's channel.
_REVIEWER = """<!doctype html><html><head><meta charset="utf-8">
<script>window.bridgeCommand = window.pycmd = function () {};</script>
<script src="/_anki/js/reviewer.js"></script></head>
<body class="card"><div id="_mark" hidden>&#x2605;</div><div id="_flag" hidden>&#x2691;</div>
<div id="qa"></div></body></html>"""

# What the note could have chosen in MathJax's output: links other than `#` fragments (our
# Source link is `obsidian://`), styles that load or cover, classes and ids not MathJax's own.
_CHOSEN_JS = r"""() => {
  const out = [];
  for (const e of document.querySelectorAll('#qa [href]')) {
    const href = e.getAttribute('href');
    if (!/^(#|obsidian:)/.test(href)) out.push(`${e.tagName} href=${href}`);
  }
  for (const e of document.querySelectorAll('#qa mjx-container, #qa mjx-container *')) {
    const style = e.getAttribute('style') || '';
    if (/url\(|fixed|vw|vh/i.test(style)) out.push(`${e.tagName} style=${style}`);
    for (const c of e.classList)
      if (!/^(mjx-|MJX-|TEX-|MathJax$|CtxtMenu_)/.test(c)) out.push(`${e.tagName} class=${c}`);
    if (e.id && !e.id.startsWith('mjx-')) out.push(`${e.tagName} id=${e.id}`);
  }
  return out;
}"""


def anki_web() -> Path | None:
    """Anki desktop's web files, holding its reviewer and its MathJax; None if not installed."""
    roots = [REPO / ".venv-anki"]
    if os.environ.get("ANKI_BIN"):
        roots.insert(0, Path(os.environ["ANKI_BIN"]).resolve().parent.parent)
    for root in roots:
        for web in sorted(root.glob("lib/python*/site-packages/_aqt/data/web")):
            js = web / "js"
            if (js / "reviewer.js").is_file() and (
                js / "vendor/mathjax/tex-chtml-full.js"
            ).is_file():
                return web
    return None


@dataclass
class Shown:
    """What a card did in the reviewer, its math typeset and every math clicked."""

    math: list[str]  # the text of each typeset formula (MathJax's assistive MathML)
    chosen: list[str]  # links, styles, classes or ids the note put into the page
    dialogs: list[str] = field(default_factory=list)  # alert()/confirm() a script opened
    foreign: list[str] = field(default_factory=list)  # requests for anything but Anki's files
    url: str = ""  # the page's address at the end (a link followed changes it)


class Reviewer:
    """Anki's reviewer in one Chromium page, showing card after card as a review session does
    (MathJax loads once, and keeps what `\\def` defined); a new page after a link was followed.
    Anki's files come from `web`, read once."""

    def __init__(self, chromium: Any, web: Path) -> None:
        self.chromium = chromium
        self.web = web
        self.files: dict[str, bytes] = {}
        self.shown = Shown(math=[], chosen=[])  # the card being shown
        self.extra: dict[str, str] = {}
        self.page: Any = None

    def _serve(self, route: Any) -> None:
        url: str = route.request.url
        if url == PAGE:
            route.fulfill(body=_REVIEWER, content_type="text/html")
            return
        local = url.split("?")[0].removeprefix(f"{ORIGIN}/_anki/")
        path = self.web / local
        if url.startswith(f"{ORIGIN}/_anki/") and path.is_file():
            body = self.files.setdefault(local, path.read_bytes())
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            route.fulfill(body=body, content_type=kind)
            return
        self.shown.foreign.append(url)
        if url in self.extra:  # a page the test stands in for (an iframe's player)
            route.fulfill(body=self.extra[url], content_type="text/html")
        else:
            route.abort()

    def _open(self) -> Any:
        if self.page is None or self.page.url != PAGE:
            if self.page is not None:
                self.page.close()
            self.page = self.chromium.new_page(viewport={"width": 800, "height": 600})
            self.page.on("dialog", self._dialog)
            self.page.route("**/*", self._serve)
            self.page.goto(PAGE)
        return self.page

    def _dialog(self, dialog: Any) -> None:
        self.shown.dialogs.append(dialog.message)
        dialog.dismiss()

    def show(self, card_html: str, extra: dict[str, str] | None = None) -> Shown:
        """Show `card_html` as Anki shows a question, then click every formula and the middle
        of the card (a `position:fixed` link covers it all), as a reviewing user would."""
        page = self._open()
        self.shown, self.extra = Shown(math=[], chosen=[]), extra or {}
        page.evaluate("document.getElementById('qa').style.opacity = '0.5'")
        page.evaluate("html => _showQuestion(html, html, 'card card1')", card_html)
        page.wait_for_function("document.getElementById('qa').style.opacity === '1'")
        self.shown.math = page.evaluate(
            "[...document.querySelectorAll('#qa mjx-container')].map(e => e.textContent)"
        )
        self.shown.chosen = page.evaluate(_CHOSEN_JS)
        page.mouse.click(400, 300)
        for formula in page.query_selector_all("#qa mjx-container"):
            if (box := formula.bounding_box()) is not None:  # whatever is on top gets it
                page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(200)  # a script a click started has run by now
        self.shown.url = page.url
        return self.shown
