"""The preview shows each card exactly as Anki renders it: for every card of the example vault and
of the visual gallery (cloze with hints, nesting and escaped characters, reversed cards, code,
callouts, images) and of a vault of sounds and videos (the backend's `[anki:play:q:0]` marks,
a front's sound on the back too), the HTML in the preview's side documents equals
`card.question()` and `card.answer()` from the real Anki backend after importing the exported
deck, and the files those marks play are the backend's `question_av_tags()` /
`answer_av_tags()`."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, AnkiCollection
from helpers import make_vault

from vault2anki import plan_export, write_export
from vault2anki.options import Options
from vault2anki.preview import write_preview

GALLERY = Path(__file__).resolve().parent.parent / "visual" / "gallery"
SOUNDS = {
    "Слова/Привет.md": "# Как сказать «привет»? ![[Привет.mp3]]\n## Answer\n"
    "Так: ![](Audio/Hello%20World.ogg) и ещё раз ![[Привет.mp3]], видео ![[Clip 1.webm]]\n",
    # a `[sound:…]` written as text is a sound to Anki too
    "Cards.md": "#flashcards\n\nSay it ![[Привет.mp3]]::Said [sound:Привет.mp3]\n\n"
    "Reversed ![[Clip 1.webm]]:::Back ![[Hello World.ogg]]\n",
    "Audio/Привет.mp3": "ID3 привет",
    "Audio/Hello World.ogg": "OggS hello",
    "Video/Clip 1.webm": "webm clip",
}
_SOUNDS_RE = re.compile(r"<html data-sounds=\"([^\"]*)\">")
_BODY_RE = re.compile(
    r'<body class="card card(\d+)"><link rel="stylesheet" href="\.\./assets/([\w.-]+)">'
    r"(.*)</body></html>\n\Z",
    re.S,
)


def _body(path: Path, ordinal: int) -> str:
    """The side's HTML as Anki's `card.question()` spells it: the note type's CSS, linked from
    the site's assets at the top of the body, back in a `<style>` element there."""
    m = _BODY_RE.search(path.read_text(encoding="utf-8"))
    assert m is not None, path
    assert int(m.group(1)) == ordinal + 1  # Anki's body class names the card's template
    css = (path.parent.parent / "assets" / m.group(2)).read_text(encoding="utf-8")
    return f"<style>{css}</style>{m.group(3)}"


def _sounds(path: Path) -> tuple[list[str], list[str]]:
    """The files a side document's `[anki:play:q:N]` and `[anki:play:a:N]` marks play."""
    m = _SOUNDS_RE.search(path.read_text(encoding="utf-8"))
    listed = json.loads(html.unescape(m.group(1))) if m else {"q": [], "a": []}
    return listed["q"], listed["a"]


@pytest.mark.parametrize("source", [EXAMPLES, GALLERY, None], ids=["example", "gallery", "sounds"])
def test_preview_html_is_ankis(source: Path | None, tmp_path: Path, anki: AnkiCollection) -> None:
    vault = tmp_path / "vault"
    if source is None:
        make_vault(vault, dict(SOUNDS))
    else:
        shutil.copytree(source, vault, ignore=shutil.ignore_patterns("vault2anki.lock"))
    options = Options.of(vault, output=tmp_path / "deck.apkg", no_lock=True)
    result = write_export(plan_export(options), options)
    assert result.output is not None
    write_preview(result, tmp_path / "preview", "test")
    anki.import_package(result.output)

    in_anki, played = {}, {}
    for cid in anki.col.find_cards(""):
        card = anki.col.get_card(cid)
        in_anki[card.note().guid, card.ord] = (card.question(), card.answer())
        heard = [t.filename for t in card.question_av_tags()]
        # the back plays its own; a `[anki:play:q:N]` the front put there plays the front's
        played[card.note().guid, card.ord] = (
            (heard, []),
            (heard, [t.filename for t in card.answer_av_tags()]),
        )
    in_preview, listed = {}, {}
    cards_dir = tmp_path / "preview" / "cards"
    for number, card in enumerate(result.cards, start=1):
        for front in cards_dir.glob(f"{number:04d}-*-front.html"):
            ordinal = int(front.name.split("-")[1]) - 1
            back = front.with_name(front.name.replace("-front", "-back"))
            in_preview[card.guid, ordinal] = (_body(front, ordinal), _body(back, ordinal))
            listed[card.guid, ordinal] = (_sounds(front), _sounds(back))

    assert len(in_anki) >= len(result.cards)
    assert in_preview.keys() == in_anki.keys()
    for key, (question, answer) in in_anki.items():
        assert in_preview[key][0] == question, key
        assert in_preview[key][1] == answer, key
    assert listed == played
    if source is None:  # every card plays something, and a back the front's sound too
        assert all(q and "[anki:play:q:0]" in in_anki[k][1] for k, ((q, _), _) in listed.items())
        assert sum(len(a) for _, (_, (_, a)) in listed.items()) == 3 + 1 + 2
    if source == GALLERY:  # the gallery does hold what makes rendering hard
        kinds = {card.kind for card in result.cards}
        assert kinds == {"basic", "reversed", "cloze"}
        assert any('data-cloze="' in q and "[a quantity]" in q for q, _ in in_anki.values())
