"""The card count printed by export/check and the preview's cards are the cards the package
holds, for nested and empty cloze deletions too: one rule (genanki's, which writes them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AnkiCollection

from vault2anki import Options, build
from vault2anki.cli import main
from vault2anki.preview import anki_cards

CLOZES = {
    "nested": "The {{c1::outer {{c2::inner}} part}} is nested.",
    "nested-deeper": "{{c1::a {{c2::b {{c3::c}} b}} a}} and {{c4::d}}.",
    "zero": "Deletion {{c0::zero}} is no card; {{c2::two}} is.",
    "repeated": "{{c1::one}}, {{c1::one again}} and {{c3::three}}.",
    "hinted": "A {{c2::deletion::with a hint}} here.",
}


@pytest.fixture
def cloze_vault(tmp_path: Path) -> Path:
    vault = tmp_path / "clozes"
    vault.mkdir()
    for name, text in CLOZES.items():
        (vault / f"{name}.md").write_text(f"#flashcards\n\n{text}\n", encoding="utf-8")
    return vault


def test_counts_are_the_cards_the_package_holds(
    cloze_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    out = tmp_path / "clozes.apkg"
    args = ["export", str(cloze_vault), "-o", str(out), "--no-lock", "--no-cache"]
    report = json.loads(CliRunner().invoke(main, [*args, "--json"]).stdout)
    anki.import_package(out)
    held = len(anki.col.find_cards(""))
    assert len(anki.col.find_notes("")) == report["notes"] == len(CLOZES)
    assert report["cards"] == held
    summary = CliRunner().invoke(main, args).stdout
    assert summary.startswith(f"{held} cards in {len(CLOZES)} notes"), summary
    check = CliRunner().invoke(main, ["check", str(cloze_vault), "--no-cache"]).stdout
    assert check.startswith(f"{held} cards in {len(CLOZES)} notes"), check
    # The preview shows exactly these cards: the same number, note by note.
    result = build(Options.of(cloze_vault, no_lock=True, no_cache=True))
    by_guid = {card.guid: card for card in result.rendered()}
    for nid in anki.col.find_notes(""):
        note = anki.col.get_note(nid)
        ords = sorted(card.ord for card in note.cards())
        assert [c.ordinal for c in anki_cards(by_guid[note.guid])] == ords, note.fields[0]
