"""The preview's HTML pages: the index of every card, one page per note, one document per card
side. Side documents hold Anki's rendering untouched (what `card.question()` returns) as the
body of a page that sets what Anki's reviewer sets around it."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from ..model import Card, Problem
from ..render.sanitize import first_line
from . import assets, mathjax
from .anki_html import AnkiCard


@dataclass(frozen=True)
class Entry:
    """One note of the deck in the preview: its cards as Anki renders them, and its problems."""

    number: int  # 1-based place in the index; names the note's files
    card: Card
    sides: list[AnkiCard]
    problems: list[Problem]

    @property
    def stem(self) -> str:
        return f"{self.number:04d}"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


# A cloze deletion's text, for titles: `{{c1::text::hint}}` reads as `text`.
_CLOZE_RE = re.compile(r"\{\{c\d+::((?:(?!\{\{c\d+::).)*?)(?:::(?:(?!\{\{).)*?)?\}\}", re.S)


def plain_text(fragment: str, limit: int = 160) -> str:
    """A question as a title or an index row: its first line, cloze deletions as their text."""
    while True:  # innermost deletions first: they may nest
        fragment, found = _CLOZE_RE.subn(r"\1", fragment)
        if not found:
            break
    return first_line(fragment, limit)


def css_link(css_file: str) -> str:
    return f'<link rel="stylesheet" href="../assets/{css_file}">'


def side_document(side: AnkiCard, face: str, css_file: str, math: bool) -> str:
    """A card side (`face` "front" or "back") as its own page: Anki's HTML, with its leading
    `<style>` (the note type's CSS, the same for every card) replaced by a link to that CSS in
    `assets/` at the very same place, so the cascade is unchanged and a big deck's site stays
    small. Media resolve against `../media/` like Anki's media folder (so `../assets/` still
    reaches the assets). With `math`, MathJax loads as the reviewer loads it (mathjax.py); the
    sounds its `[anki:play:…]` marks play are listed on the root element for side.js."""
    side_html = side.question if face == "front" else side.answer
    style = f"<style>{side.css}</style>"
    assert side_html.startswith(style)  # anki_html always renders it first, as Anki does
    sounds = {"q": side.question_sounds, "a": side.answer_sounds if face == "back" else ()}
    listed = f' data-sounds="{_e(json.dumps(sounds))}"' if any(sounds.values()) else ""
    scripts = '<script src="../assets/side.js"></script>\n'
    if math:
        scripts = (
            '<script src="../assets/mathjax.js"></script>\n'
            f'<script src="../assets/mathjax/{mathjax.ENTRY}"></script>\n{scripts}'
        )
    return (
        f'<!doctype html>\n<html{listed}><head><meta charset="utf-8"><base href="../media/">\n'
        f'<link rel="stylesheet" href="../assets/client.css">\n{scripts}'
        f'</head><body class="card card{side.ordinal + 1}">{css_link(css_file)}'
        f"{side_html[len(style) :]}</body></html>\n"
    )


def side_name(entry: Entry, side: AnkiCard, face: str) -> str:
    return f"{entry.stem}-{side.ordinal + 1}-{face}.html"


def _problem_list(problems: list[Problem]) -> str:
    if not problems:
        return ""
    items = "".join(f'<li class="{p.level}">{_e(str(p))}</li>' for p in problems)
    return f'<ul class="problems">{items}</ul>'


def _page(title: str, body: str, script: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{assets.SITE_CSS}</style>\n"
        f"<script>{script}</script>\n</head><body>\n{body}\n</body></html>\n"
    )


def _side_label(card: Card, side: AnkiCard) -> str:
    if card.kind == "cloze":
        return f"Cloze {side.ordinal + 1}"
    return side.template


def card_page(entry: Entry, title: str) -> str:
    card = entry.card
    toolbar = (
        '<div class="toolbar"><a href="../index.html">← all cards</a>'
        '<span><button data-mode="light">Light</button> '
        '<button data-mode="night">Night</button></span>'
        '<span><button data-mode="desktop">Desktop 800px</button> '
        '<button data-mode="phone">Phone 390px</button></span></div>'
    )
    parts = [
        toolbar,
        f"<h1>{_e(plain_text(card.question, 300))}</h1>",
        f'<p class="muted">{_e(card.deck)} · {_e(card.source)}:{card.source_line}'
        f"{' · ' + _e(' '.join(card.tags)) if card.tags else ''}</p>",
        _problem_list(entry.problems),
    ]
    for side in entry.sides:
        parts.append(f"<h2>{_e(_side_label(card, side))}</h2>")
        frames = []
        for face, label in (("front", "Front"), ("back", "Back")):
            name = side_name(entry, side, face)
            frames.append(
                f'<figure class="side"><figcaption>{label}</figcaption>'
                f'<iframe name="{_e(name)}" src="{_e(name)}#light" title="{label}"></iframe>'
                "</figure>"
            )
        parts.append(f'<div class="sides">{"".join(frames)}</div>')
    return _page(f"{plain_text(card.question, 80)} — {title}", "\n".join(parts), assets.CARD_JS)


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{_e(v)}">{_e(t)}</option>' for v, t in options)
    return f'<label>{label} <select id="{name}">{items}</select></label>'


def _filters(entries: list[Entry], decks: list[str]) -> str:
    """Search and filters; the deck filter only when there is more than one deck."""
    tags = sorted({t for e in entries for t in e.card.tags})
    kinds = sorted({p.kind for e in entries for p in e.problems})
    deck = _select("deck", "Deck", [("", "all decks")] + [(d, d) for d in decks])
    return (
        '<div class="filters">'
        '<input type="search" id="search" placeholder="Search questions, sources, tags" '
        'aria-label="Search">'
        + (deck if len(decks) > 1 else "")
        + _select("tag", "Tag", [("", "all tags")] + [(t, t) for t in tags])
        + _select(
            "problem",
            "Problems",
            [("", "any"), ("*", "with problems"), ("-", "without problems")]
            + [(k, k) for k in kinds],
        )
        + '<span id="shown" class="muted"></span></div>'
    )


def _row(entry: Entry, with_deck: bool) -> str:
    card = entry.card
    kinds = " ".join(sorted({p.kind for p in entry.problems}))
    cards = f" ({len(entry.sides)} cards)" if len(entry.sides) > 1 else ""
    deck = f'<td class="deck">{_e(card.deck)}</td>' if with_deck else ""
    return (
        f'<tr class="card" data-deck="{_e(card.deck)}" data-tags="{_e(" ".join(card.tags))}" '
        f'data-problems="{_e(kinds)}"><td class="question">'
        f'<a href="cards/{entry.stem}.html">{_e(plain_text(card.question))}</a>{cards}'
        f"{_problem_list(entry.problems)}</td>{deck}"
        f'<td class="source">{_e(card.source)}:{card.source_line}</td>'
        f'<td class="tags">{_e(" ".join(card.tags))}</td></tr>'
    )


def index_page(entries: list[Entry], others: list[Problem], title: str, summary: str) -> str:
    decks = sorted({e.card.deck for e in entries})
    with_deck = len(decks) > 1  # one deck: a column saying the same on every row is noise
    rows = "\n".join(_row(e, with_deck) for e in entries)
    head = "<th>Question</th>" + ("<th>Deck</th>" if with_deck else "")
    body = [
        f"<h1>{_e(title)}</h1>",
        f'<p class="muted">{_e(summary)}</p>',
        _filters(entries, decks),
        f"<table><thead><tr>{head}<th>Source</th><th>Tags</th></tr>"
        f"</thead><tbody>\n{rows}\n</tbody></table>",
    ]
    if others:
        body.append("<h2>Problems outside any card</h2>" + _problem_list(others))
    return _page(title, "\n".join(body), assets.INDEX_JS)
