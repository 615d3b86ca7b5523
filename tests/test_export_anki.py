"""Export the example vault and import it into a real Anki collection, then re-sync edits."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import AnkiCollection

from vault2anki import Options, export_vault
from vault2anki.cards.identity import file_digest
from vault2anki.vault.media import package_name


def export(vault: Path, out: Path) -> Path:
    export_vault(Options.of(vault, output=out))
    return out


def touch_later(path: Path, seconds: int = 60) -> None:
    """Make a file newer than anything exported so far (mtimes have 1 s resolution)."""
    t = int(path.stat().st_mtime) + seconds
    os.utime(path, (t, t))


def vault_name(vault: Path, rel: str) -> str:
    """The media name the vault file `rel` gets."""
    return package_name(rel, file_digest(vault / rel))


def by_source(anki: AnkiCollection) -> dict[str, list[dict[str, object]]]:
    notes: dict[str, list[dict[str, object]]] = {}
    for n in anki.notes():
        notes.setdefault(str(n["Source"]), []).append(n)
    return notes


def test_first_import_gives_every_card_with_fields_tags_and_media(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    counts = anki.import_package(export(example_vault, tmp_path / "deck.apkg"))
    assert (counts.new, counts.updated, counts.conflicting) == (7, 0, 0)
    notes = by_source(anki)
    assert "index.md" not in notes and "Templates/Question template.md" not in notes
    assert len(notes["Python/Generators.md"]) == 2

    [seed] = notes["Frontend/001 Что такое замыкание.md"]
    assert '<a href="https://youtu.be/dQw4w9WgXcQ?t=42">Что такое замыкание?</a>' in str(
        seed["Question"]
    )
    answer = str(seed["Answer"])
    pasted = vault_name(example_vault, "attachments/Pasted image 20240101120000.png")
    assert f'src="{pasted}" width="400"' in answer
    assert "<em>Замыкание</em>" in answer and '<div class="highlight">' in answer
    assert "Назад" not in answer and "[[" not in answer and "#javascript" not in answer
    assert set(seed["tags"]) == {"javascript", "closures"}  # type: ignore[arg-type]
    assert seed["decks"] == ["vault"]

    [decorators] = notes["Python/Decorators.md"]
    assert set(decorators["tags"]) == {  # type: ignore[arg-type]
        "python",
        "python::functions",
        "python::syntax",
    }

    # Two different diagram.png files: each note shows its own, both are in the collection.
    frontend_diagram = vault_name(example_vault, "Frontend/img/diagram.png")
    python_diagram = vault_name(example_vault, "Python/img/diagram.png")
    assert frontend_diagram in answer and python_diagram in str(decorators["Answer"])
    media = anki.media_names()
    assert {pasted, frontend_diagram, python_diagram} <= media
    assert (
        anki.media_bytes(python_diagram) == (example_vault / "Python/img/diagram.png").read_bytes()
    )


def test_reimport_of_an_unchanged_export_changes_nothing(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    anki.import_package(export(example_vault, tmp_path / "1.apkg"))
    counts = anki.import_package(export(example_vault, tmp_path / "2.apkg"))
    assert (counts.new, counts.updated, counts.conflicting) == (0, 0, 0)
    assert counts.duplicate == 7


def test_editing_one_note_updates_exactly_that_note(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    anki.import_package(export(example_vault, tmp_path / "1.apkg"))
    note = example_vault / "Frontend/002 Event loop.md"
    note.write_text(note.read_text().replace("takes the next task", "picks the NEXT task"))
    touch_later(note)
    counts = anki.import_package(export(example_vault, tmp_path / "2.apkg"))
    assert (counts.new, counts.updated, counts.conflicting) == (0, 1, 0)
    [updated] = by_source(anki)["Frontend/002 Event loop.md"]
    assert "picks the NEXT task" in str(updated["Answer"])
    assert len(anki.notes()) == 7


def test_adding_a_note_adds_exactly_one(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    anki.import_package(export(example_vault, tmp_path / "1.apkg"))
    (example_vault / "Python/New.md").write_text("# What is new?\n\n## Answer\n\nThis.\n")
    counts = anki.import_package(export(example_vault, tmp_path / "2.apkg"))
    assert (counts.new, counts.updated, counts.conflicting) == (1, 0, 0)


def test_editing_the_second_of_two_questions_updates_it_and_adds_nothing(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    anki.import_package(export(example_vault, tmp_path / "1.apkg"))
    before = {n["guid"]: n for n in by_source(anki)["Python/Generators.md"]}
    note = example_vault / "Python/Generators.md"
    note.write_text(note.read_text().replace("consumed only once", "consumed ONE time"))
    touch_later(note)
    counts = anki.import_package(export(example_vault, tmp_path / "2.apkg"))
    assert (counts.new, counts.conflicting) == (0, 0)
    after = {n["guid"]: n for n in by_source(anki)["Python/Generators.md"]}
    assert after.keys() == before.keys()  # same notes, no duplicate
    changed = [g for g in after if after[g]["Answer"] != before[g]["Answer"]]
    assert len(changed) == 1 and "consumed ONE time" in str(after[changed[0]]["Answer"])
    # The lock records each card's rendered content: only the edited card gets a newer mod.
    assert counts.updated == 1


def test_without_the_lock_a_file_edit_resends_all_its_cards(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    def export_nolock(out: Path) -> Path:
        export_vault(Options.of(example_vault, output=out, no_lock=True))
        return out

    anki.import_package(export_nolock(tmp_path / "1.apkg"))
    assert anki.import_package(export_nolock(tmp_path / "2.apkg")).updated == 0
    note = example_vault / "Python/Generators.md"
    note.write_text(note.read_text().replace("consumed only once", "consumed ONE time"))
    touch_later(note)
    counts = anki.import_package(export_nolock(tmp_path / "3.apkg"))
    # mtime is per file: both cards of the note are newer, so Anki rewrites both (same text).
    assert (counts.new, counts.updated) == (0, 2)


def test_a_new_image_version_reaches_anki(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    anki.import_package(export(example_vault, tmp_path / "1.apkg"))
    image = example_vault / "Python/img/diagram.png"
    image.write_bytes(image.read_bytes() + b"\0")  # still a name Anki has, new bytes
    touch_later(image)
    counts = anki.import_package(export(example_vault, tmp_path / "2.apkg"))
    assert (counts.new, counts.updated) == (0, 1)  # only the note embedding it
