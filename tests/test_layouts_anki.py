"""Spaced Repetition syntax and frontmatter-driven vaults, exported and imported into real Anki:
note types, cards per note, fields, decks, and re-import/edit behaviour."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AnkiCollection

from vault2anki import Options, export_vault
from vault2anki.apkg.notetypes import CLOZE_FIELDS, REVERSED_FIELDS
from vault2anki.cards.identity import BASIC_MODEL_ID, CLOZE_MODEL_ID, REVERSED_MODEL_ID
from vault2anki.cli import main

VAULTS = Path(__file__).parent / "vaults"


def copy_vault(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(VAULTS / name, target)
    return target


def touch_later(path: Path, seconds: int = 60) -> None:
    t = int(path.stat().st_mtime) + seconds
    os.utime(path, (t, t))


def imported(anki: AnkiCollection) -> list[dict[str, object]]:
    """Every note with its note type's id, name and field names, besides AnkiCollection.notes."""
    by_guid = {}
    for nid in anki.col.find_notes(""):
        note = anki.col.get_note(nid)
        notetype = note.note_type()
        assert notetype is not None
        by_guid[note.guid] = {
            "type_id": notetype["id"],
            "type": notetype["name"],
            "field_names": tuple(note.keys()),
            "ords": sorted(card.ord for card in note.cards()),
        }
    return [{**n, **by_guid[str(n["guid"])]} for n in anki.notes()]


def one(notes: list[dict[str, object]], **match: object) -> dict[str, object]:
    found = [n for n in notes if all(str(v) in str(n.get(k, "")) for k, v in match.items())]
    assert len(found) == 1, (
        match,
        [(n["Source"], n.get("Question", n.get("Text"))) for n in notes],
    )
    return found[0]


def export_sr(vault: Path, out: Path) -> Path:
    export_vault(Options.of(vault, output=out, deck_from_folders=True))
    return out


@pytest.fixture
def sr_vault(tmp_path: Path) -> Path:
    return copy_vault("sr", tmp_path)


def test_sr_vault_imports_with_note_types_cards_fields_and_decks(
    sr_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    counts = anki.import_package(export_sr(sr_vault, tmp_path / "sr.apkg"))
    assert (counts.new, counts.updated, counts.conflicting) == (7, 0, 0)
    notes = imported(anki)
    assert not [n for n in notes if n["Source"] == "Science/Plain.md"]  # not tagged #flashcards

    manger = one(notes, Question="manger")
    assert manger["type_id"] == BASIC_MODEL_ID and manger["cards"] == 1
    assert manger["Answer"] == "<p>to eat</p>"
    assert manger["decks"] == ["sr::Languages"]
    assert set(manger["tags"]) == {"flashcards", "french"}  # type: ignore[arg-type]

    jouet = one(notes, Question="le jouet")
    assert jouet["type_id"] == REVERSED_MODEL_ID
    assert jouet["field_names"] == REVERSED_FIELDS
    assert jouet["cards"] == 2 and jouet["ords"] == [0, 1]
    assert jouet["Answer"] == "<p>the toy</p>"  # the <!--SR:…--> comment is gone

    essentiel = one(notes, Question="essentiel")
    assert essentiel["Answer"] == "<p>to cut to the chase</p>"
    # `key::value` in inline code made no card: French gives exactly three.
    assert len([n for n in notes if n["Source"] == "Languages/French.md"]) == 3

    newton = one(notes, Question="second law")
    assert newton["type_id"] == BASIC_MODEL_ID and newton["cards"] == 1
    assert "(in one formula)" in str(newton["Question"])
    answer = str(newton["Answer"])
    assert "Force equals mass times acceleration" in answer
    assert "return" in answer and "F::ma" in answer  # the code block with its blank line
    assert "SR:" not in answer
    assert newton["decks"] == ["sr::Science::Physics"]

    unit = one(notes, Question="Unit of force")
    assert unit["type_id"] == REVERSED_MODEL_ID and unit["cards"] == 2
    assert unit["Answer"] == "<p>newton</p>"

    cloze = one(notes, Text="joule")
    assert cloze["type_id"] == CLOZE_MODEL_ID and cloze["field_names"] == CLOZE_FIELDS
    assert cloze["cards"] == 3 and cloze["ords"] == [0, 1, 2]  # c1 written, c2/c3 from ==…==
    text = str(cloze["Text"])
    assert "{{c2::energy}}" in text and "{{c3::joule}}" in text and "{{c1::power}}" in text
    assert "<mark>" not in text and cloze["Extra"] == ""
    assert cloze["Source"] == "Science/Physics/Mechanics.md"
    # Separators inside fenced code made nothing: Mechanics gives exactly three notes.
    assert len([n for n in notes if n["Source"] == "Science/Physics/Mechanics.md"]) == 3

    chat = one(notes, Question="chat")
    assert chat["decks"] == ["Custom::Vocabulary"]  # frontmatter deck: wins over folders


def test_counts_are_anki_cards_and_notes(sr_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "sr.apkg"
    args = ["export", str(sr_vault), "-o", str(out), "--no-lock"]
    text = CliRunner().invoke(main, args)
    # Notes: 7. Cards: 4 basic, 2 reversed (2 each), 1 cloze with 3 deletions.
    assert text.stdout.startswith("11 cards in 7 notes from 4 note files"), text.stdout
    report = json.loads(CliRunner().invoke(main, [*args, "--json"]).stdout)
    assert (report["cards"], report["notes"], report["note_files"]) == (11, 7, 4)
    check = CliRunner().invoke(main, ["check", str(sr_vault)])
    assert check.stdout.startswith("11 cards in 7 notes, 0 errors"), check.stdout


def test_sr_reimport_changes_nothing(sr_vault: Path, tmp_path: Path, anki: AnkiCollection) -> None:
    anki.import_package(export_sr(sr_vault, tmp_path / "1.apkg"))
    counts = anki.import_package(export_sr(sr_vault, tmp_path / "2.apkg"))
    assert (counts.new, counts.updated, counts.conflicting) == (0, 0, 0)
    assert counts.duplicate == 7


def test_editing_an_sr_answer_updates_that_card_without_a_duplicate(
    sr_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    anki.import_package(export_sr(sr_vault, tmp_path / "1.apkg"))
    before = {n["guid"] for n in imported(anki)}
    note = sr_vault / "Languages/French.md"
    note.write_text(note.read_text().replace("the toy", "the plaything"))
    mechanics = sr_vault / "Science/Physics/Mechanics.md"
    mechanics.write_text(mechanics.read_text().replace("==joule==", "==joule (J)=="))
    touch_later(note)
    touch_later(mechanics)
    counts = anki.import_package(export_sr(sr_vault, tmp_path / "2.apkg"))
    assert (counts.new, counts.conflicting) == (0, 0)
    assert counts.updated >= 2
    after = imported(anki)
    assert {n["guid"] for n in after} == before
    assert one(after, Question="le jouet")["Answer"] == "<p>the plaything</p>"
    assert "{{c3::joule (J)}}" in str(one(after, Text="energy")["Text"])


def test_frontmatter_vault_exports_with_one_line_of_configuration(
    tmp_path: Path, anki: AnkiCollection
) -> None:
    vault = copy_vault("frontmatter", tmp_path)
    out = tmp_path / "fm.apkg"
    args = ["export", str(vault), "-o", str(out), "--frontmatter-question", "title"]
    result = CliRunner().invoke(main, [*args, "--frontmatter-folder", "Questions"])
    assert result.exit_code == 0, result.output
    # Hoisting is reversed: two Anki cards in one note.
    assert result.stdout.startswith("4 cards in 3 notes from 4 note files"), result.stdout

    counts = anki.import_package(out)
    assert (counts.new, counts.updated, counts.conflicting) == (3, 0, 0)
    notes = imported(anki)
    assert not [n for n in notes if "Map of content" in str(n["Question"])]  # not selected

    closure = one(notes, Source="Closures.md")
    assert closure["Question"] == "<p>What is a closure?</p>"
    assert "<strong>variables</strong>" in str(closure["Answer"])
    assert 'class="highlight"' in str(closure["Answer"])  # the whole body, code included
    assert "Назад" not in str(closure["Answer"])  # footer trimmed
    assert closure["type_id"] == BASIC_MODEL_ID and closure["decks"] == ["frontmatter"]
    assert closure["tags"] == ["javascript"]

    hoisting = one(notes, Source="Hoisting.md")
    assert hoisting["type_id"] == REVERSED_MODEL_ID and hoisting["cards"] == 2  # reverse: true
    assert hoisting["Answer"] == "<p>Declarations are moved to the top of their scope.</p>"

    asked = one(notes, Source="Asked.md")
    # `question:` wins over title; what stands above the answer heading joins it.
    assert asked["Question"] == (
        "<p>Why use strict mode?</p>\n<p>Asked in every front-end interview.</p>"
    )
    assert asked["Answer"] == "<p>It turns silent errors into thrown ones.</p>"
    assert asked["decks"] == ["Interview::Hard"]

    again = tmp_path / "again.apkg"
    result = CliRunner().invoke(
        main, [*args, "--frontmatter-folder", "Questions", "-o", str(again)]
    )
    assert result.exit_code == 0, result.output
    counts = anki.import_package(again)
    assert (counts.new, counts.updated, counts.conflicting) == (0, 0, 0)


def test_frontmatter_question_without_selector_takes_every_note_with_the_key(
    tmp_path: Path,
) -> None:
    vault = copy_vault("frontmatter", tmp_path)
    out = tmp_path / "all.apkg"
    result = CliRunner().invoke(
        main, ["export", str(vault), "-o", str(out), "--frontmatter-question", "title"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("5 cards in 4 notes from 4 note files"), result.stdout
    # The map of content is now a card too: its answer is only links, a likely index note.
    assert "Maps/Index.md:4: warning: the answer is only links" in result.stderr


def test_switching_a_note_to_reversed_adds_a_new_note_instead_of_a_conflict(
    tmp_path: Path, anki: AnkiCollection
) -> None:
    """Measured: a known GUID arriving with another note type is "conflicting" and never
    updates again; the kind is in the GUID so that a switch makes a fresh note instead."""
    vault = tmp_path / "v"
    vault.mkdir()
    page = vault / "q.md"
    page.write_text("# Q\n## Answer\nA\n")
    anki.import_package(export_sr(vault, tmp_path / "1.apkg"))
    page.write_text("---\nreverse: true\n---\n# Q\n## Answer\nA\n")
    touch_later(page)
    counts = anki.import_package(export_sr(vault, tmp_path / "2.apkg"))
    assert (counts.new, counts.updated, counts.conflicting) == (1, 0, 0)
    assert sorted(n["type_id"] for n in imported(anki)) == [BASIC_MODEL_ID, REVERSED_MODEL_ID]


def test_sr_sections_go_to_the_decks_their_flashcards_tags_name(
    tmp_path: Path, anki: AnkiCollection
) -> None:
    vault = copy_vault("sr-decks", tmp_path)
    out = tmp_path / "decks.apkg"
    args = ["export", str(vault), "-o", str(out), "--deck-from-flashcards-tags", "--no-lock"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    # The line the plugin reads as a cloze (`== y ==`) and we do not is reported, with its line.
    assert "Course/Lectures.md:23: warning: the Spaced Repetition plugin reads a cloze" in (
        result.stderr
    )
    counts = anki.import_package(out)
    assert (counts.new, counts.conflicting) == (6, 0)
    notes = imported(anki)

    intro = one(notes, Text="Intro")
    assert intro["decks"] == ["sr-decks::course"]  # the frontmatter's tag: nothing above it
    assert intro["tags"] == ["flashcards::course"]

    mapped = one(notes, Question="map")
    assert mapped["Question"] == "<p>What does <code>map</code> return?</p>"  # no task box
    assert mapped["Answer"] == "<p>a new array</p>"
    assert mapped["decks"] == ["sr-decks::course::lecture-1"]
    assert mapped["tags"] == ["flashcards::course::lecture-1"]

    folds = one(notes, Text="filter")
    assert folds["type_id"] == CLOZE_MODEL_ID and folds["cards"] == 2
    assert "{{c1::<code>filter</code>}}" in str(folds["Text"])
    assert "{{c2::<code>reduce</code>}}" in str(folds["Text"])
    assert folds["decks"] == ["sr-decks::course::lecture-1"]

    answer = one(notes, Text="answer is")
    assert "{{c1::42}}" in str(answer["Text"]) and answer["cards"] == 1
    assert answer["decks"] == ["sr-decks::course::lecture-2"]

    # The plugin's `==N;;answer==` numbers a deletion (one card hides both), `;;hint` hints.
    grouped = one(notes, Text="hides")
    assert grouped["cards"] == 2 and grouped["decks"] == ["sr-decks::course::lecture-2"]
    text = str(grouped["Text"])
    assert "{{c1::both}}" in text and "{{c1::these}}" in text
    assert "{{c2::Paris::a capital}}" in text

    own = one(notes, Question="Own deck")
    assert own["Question"] == "<p>Own deck</p>"  # its tag files it; it is no word of it
    assert own["decks"] == ["sr-decks::course::extra"]
    assert own["tags"] == ["flashcards::course::extra"]


def test_bold_markers_frontmatter_tasks_and_excluded_notes_in_anki(
    tmp_path: Path, anki: AnkiCollection
) -> None:
    vault = copy_vault("layouts", tmp_path)  # its vault2anki.toml excludes Templates, Index.md
    out = tmp_path / "layouts.apkg"
    result = CliRunner().invoke(main, ["export", str(vault), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "from 3 note files" in result.stdout and "0 warnings" in result.stdout
    counts = anki.import_package(out)
    assert (counts.new, counts.conflicting) == (3, 0)
    notes = imported(anki)
    assert not [n for n in notes if "Index" in str(n["Source"]) or "Templates" in str(n["Source"])]

    closure = one(notes, Source="Closure.md")
    assert closure["Question"] == (
        "<p>What is a closure?</p>\n<p><strong>What they check:</strong> whether you know a "
        "scope outlives its call.</p>"
    )
    answer = str(closure["Answer"])
    assert answer.startswith("<p>A function together with the variables it captured.</p>")
    assert "<h4>Example</h4>" in answer and "counter" in answer and "Ответ" not in answer

    promise = one(notes, Source="Promise.md")
    assert promise["Question"] == "<p>What does Promise.all do?</p>"
    assert promise["Answer"] == (
        "<p>It waits for every promise, and rejects with the first rejection.</p>"
    )

    task = one(notes, Source="Reverse.md")
    question = str(task["Question"])
    assert question.startswith("<p>Reverse a string</p>\n<p>Write <code>reverse(s)</code>:</p>")
    assert "cba" in question and "<h1>" not in question  # the title heading is not repeated
    assert "[...s].reverse()" in html.unescape(re.sub(r"<[^>]+>", "", str(task["Answer"])))
    assert "Назад" not in str(task["Answer"])
    assert task["decks"] == ["layouts"] and task["type_id"] == BASIC_MODEL_ID

    # Without the toml's exclusions, the index note is a card and is reported as a likely index.
    check = CliRunner().invoke(main, ["check", str(vault), "--exclude", "Templates"])
    assert "Index.md:3: warning: the answer is only links" in check.stderr
    assert "--exclude Index.md" in check.stderr
