"""The preview shows each card exactly as Anki renders it: for every card of the example vault and
of the visual gallery (cloze with hints, nesting and escaped characters, reversed cards, code,
callouts, images), the HTML in the preview's side documents equals `card.question()` and
`card.answer()` from the real Anki backend after importing the exported deck."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, AnkiCollection

from vault2anki import plan_export, write_export
from vault2anki.options import Options
from vault2anki.preview import write_preview

GALLERY = Path(__file__).resolve().parent.parent / "visual" / "gallery"
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


@pytest.mark.parametrize("source", [EXAMPLES, GALLERY], ids=["example", "gallery"])
def test_preview_html_is_ankis(source: Path, tmp_path: Path, anki: AnkiCollection) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(source, vault, ignore=shutil.ignore_patterns("vault2anki.lock"))
    options = Options.of(vault, output=tmp_path / "deck.apkg", no_lock=True)
    result = write_export(plan_export(options), options)
    assert result.output is not None
    write_preview(result, tmp_path / "preview", "test")
    anki.import_package(result.output)

    in_anki = {}
    for cid in anki.col.find_cards(""):
        card = anki.col.get_card(cid)
        in_anki[card.note().guid, card.ord] = (card.question(), card.answer())
    in_preview = {}
    cards_dir = tmp_path / "preview" / "cards"
    for number, card in enumerate(result.cards, start=1):
        for front in cards_dir.glob(f"{number:04d}-*-front.html"):
            ordinal = int(front.name.split("-")[1]) - 1
            back = front.with_name(front.name.replace("-front", "-back"))
            in_preview[card.guid, ordinal] = (_body(front, ordinal), _body(back, ordinal))

    assert len(in_anki) >= len(result.cards)
    assert in_preview.keys() == in_anki.keys()
    for key, (question, answer) in in_anki.items():
        assert in_preview[key][0] == question, key
        assert in_preview[key][1] == answer, key
    if source == GALLERY:  # the gallery does hold what makes rendering hard
        kinds = {card.kind for card in result.cards}
        assert kinds == {"basic", "reversed", "cloze"}
        assert any('data-cloze="' in q and "[a quantity]" in q for q, _ in in_anki.values())
