r"""Issue 24, item 4: the iframe host allow-list was bypassed. `<iframe
src="https://evil.example\@www.youtube.com/…">` was kept, because Python's urlsplit reads the
host as www.youtube.com while a browser (WHATWG URL rules: `\` is `/` in http(s) URLs) loads
evil.example. Now only a plain `https://host/…` URL of a known player is kept; every card is
checked in Chromium, where the browser itself says which host it requests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import AnkiCollection
from visual.measure import browser, browser_problem

from vault2anki.render.sanitize import iframe_host

from .conftest import Run, deck_fields, export

EMBED = "www.youtube.com/embed/w-vUj0gHGgg"
# As written in the note's src="…" (HTML: `&#92;` is a backslash); each loads evil.example in
# a browser, or reads its host differently from Python, and is refused.
HOSTILE = {
    "issue": rf"https://evil.example\@{EMBED}",
    "entity": rf"https://evil.example&#92;@{EMBED}",
    "tab": f"https://evil.example&#9;\\@{EMBED}",
    "upper-case": rf"HTTPS://EVIL.EXAMPLE\@{EMBED.upper()}",
    "leading-space": rf" https://evil.example\@{EMBED}",
    "port-before": rf"https://evil.example:443\@{EMBED}",
    "port-after": r"https://evil.example\@www.youtube.com:443/embed/w-vUj0gHGgg",
    "vimeo": r"https://evil.example\@player.vimeo.com/video/1",
    "percent": f"https://evil.example%5C@{EMBED}",  # userinfo: a browser loads youtube, still
    "one-slash": rf"https:/evil.example\@{EMBED}",
    "backslashes": rf"https:\\evil.example\@{EMBED}",
}
# Kept exactly as written, and loaded from the host they name.
PLAYERS = {
    "youtube": f"https://{EMBED}?start=538",
    "nocookie": "https://www.youtube-nocookie.com/embed/w-vUj0gHGgg",
    "vimeo": "https://player.vimeo.com/video/76979871",
    "port": "https://www.youtube.com:443/embed/w-vUj0gHGgg",
}
PLAYER_HOSTS = {"www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com"}


def _note(src: str) -> str:
    return f'# Video?\n## Answer\n<iframe src="{src}" width="560" height="315"></iframe>\n'


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    problem = browser_problem()
    if problem:
        pytest.skip(problem)
    with browser() as launched:
        yield launched


def requested(chromium: Any, card_html: str) -> list[str]:
    """Every URL Chromium asks for while it shows `card_html` with its iframes loaded; a
    player's page is answered with an empty page, anything else refused."""
    page = chromium.new_page()
    urls: list[str] = []

    def serve(route: Any) -> None:
        url: str = route.request.url
        host = urlsplit(url).hostname
        if host == "card.localhost":  # the card itself (and the browser's favicon.ico)
            route.fulfill(body=card_html, content_type="text/html")
            return
        urls.append(url)
        if host in PLAYER_HOSTS:
            route.fulfill(body="<!doctype html><p>player</p>", content_type="text/html")
        else:
            route.abort()

    try:
        page.route("**/*", serve)
        page.goto("http://card.localhost/")
        page.wait_for_load_state("load")  # every iframe has been requested by now
        page.wait_for_timeout(100)
    finally:
        page.close()
    return urls


def _export(vault: Path, out: Path, notes: dict[str, str]) -> tuple[Run, dict[str, str]]:
    """The export of these notes, and each note's Answer field, by note name."""
    for name, src in notes.items():
        (vault / f"{name}.md").write_text(_note(src), encoding="utf-8")
    run = export(vault, out, "-v")  # every warning, not grouped by kind
    assert run.code == 0, run.result.output
    answers = {}
    for _, answer, source in deck_fields(out):
        answers[re.sub(r"<[^>]+>", "", source).removesuffix(".md")] = answer
    return run, answers


def test_a_host_read_differently_is_refused_with_a_warning(vault: Path, out: Path) -> None:
    run, answers = _export(vault, out, HOSTILE)
    warned = sorted(line.split(".md:", 1)[0] for line in run.lines)
    assert warned == sorted(HOSTILE), run.lines
    assert all("(src=)" in line and ":3: warning: raw HTML" in line for line in run.lines)
    for name in HOSTILE:
        assert answers[name] == '<iframe height="315" width="560"></iframe>', name


def test_a_known_player_is_kept_as_written(vault: Path, out: Path) -> None:
    run, answers = _export(vault, out, PLAYERS)
    assert run.lines == []
    for name, src in PLAYERS.items():
        assert f'src="{src}"' in answers[name], (name, answers[name])


@pytest.mark.parametrize(
    ("url", "host"),
    [
        (f"https://{EMBED}", "www.youtube.com"),
        ("HTTPS://Player.Vimeo.com/video/1#t=3", "player.vimeo.com"),
        ("\t https://www.youtube.com/embed/x\n", "www.youtube.com"),  # browsers trim these
        (r"https://evil.example\@www.youtube.com/", None),
        ("https://www.youtube.com@evil.example/", None),
        ("https://www.you\ttube.com/embed/x", None),  # a browser drops the tab: refused
        ("https://www.youtube.com/embed/x\\y", None),
        ("https:///evil.example/", None),
        ("https://www.youtube.com:8443/", None),
        ("https://%77ww.youtube.com/", None),
        ("http://www.youtube.com/embed/x", None),
        ("javascript:alert(1)//https://www.youtube.com/", None),
    ],
)
def test_iframe_host(url: str, host: str | None) -> None:
    assert iframe_host(url) == host


def test_chromium_never_requests_the_hidden_host(
    vault: Path, out: Path, anki: AnkiCollection, chromium: Any
) -> None:
    """Each card as real Anki renders it (`card.answer()` after importing the deck), in
    Chromium: no request goes to evil.example, and the players are requested from their own
    host (so the check would see an iframe load)."""
    _export(vault, out, {**HOSTILE, **{f"player-{k}": v for k, v in PLAYERS.items()}})
    anki.import_package(out)
    loads: dict[str, list[str]] = {}
    for cid in anki.col.find_cards(""):
        card = anki.col.get_card(cid)
        name = re.sub(r"<[^>]+>", "", card.note()["Source"]).removesuffix(".md")
        loads[name] = requested(chromium, card.answer())
    evil = {name: urls for name, urls in loads.items() if any("evil.example" in u for u in urls)}
    assert evil == {}
    for name, src in PLAYERS.items():
        expected = src.replace(":443", "")  # the default port, as a browser writes the URL
        assert loads[f"player-{name}"] == [expected], (name, loads[f"player-{name}"])


def test_chromium_loads_the_hidden_host_of_the_issues_url(chromium: Any) -> None:
    """What the check above guards against: the issue's iframe, kept as it was before, makes
    Chromium request evil.example, not YouTube."""
    urls = requested(chromium, f'<iframe src="{HOSTILE["issue"]}"></iframe>')
    assert [urlsplit(url).hostname for url in urls] == ["evil.example"]
