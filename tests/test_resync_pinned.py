"""Adding a frontmatter `id` to a note Anki already has keeps its identity (review1 #3).

Our warnings and README advise an `id` to keep review history; the first export after adding
one used to give the note's cards new GUIDs (made from the id), so the import added a copy and
stranded the reviewed card. A card whose id-made GUID the lock does not know yet takes over
its note's existing lock entry, as any card does."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import AnkiCollection, history, review

from vault2anki import Options, export_vault

NOTE = "Frontend/002 Event loop.md"


def _sync(vault: Path, out: Path, anki: AnkiCollection) -> tuple[int, int, int]:
    export_vault(Options.of(vault, output=out))
    counts = anki.import_package(out)
    return counts.new, counts.updated, counts.conflicting


def _add_id(note: Path, value: str) -> None:
    text = note.read_text()
    assert text.startswith("---\n")
    note.write_text(f"---\nid: {value}\n{text[4:]}")


def test_adding_an_id_keeps_the_note_and_its_history(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    assert _sync(example_vault, tmp_path / "1.apkg", anki) == (7, 0, 0)
    [guid] = [n["guid"] for n in anki.notes() if n["Source"] == NOTE]
    reviewed = review(anki, {guid})
    _add_id(example_vault / NOTE, "evloop")
    assert _sync(example_vault, tmp_path / "2.apkg", anki) == (0, 0, 0)
    # From then on, a rename is an update of the same note, and so is an edit.
    shutil.move(example_vault / NOTE, example_vault / "Frontend/Event loop (id).md")
    assert _sync(example_vault, tmp_path / "3.apkg", anki) == (0, 1, 0)
    note = example_vault / "Frontend/Event loop (id).md"
    note.write_text(note.read_text().replace("is a macrotask", "is a MACROtask"))
    assert _sync(example_vault, tmp_path / "4.apkg", anki) == (0, 1, 0)
    assert len(anki.notes()) == 7
    assert history(anki, {guid}) == reviewed


def test_a_new_note_with_an_id_still_gets_its_id_identity(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    """The id-made GUID is kept for a note the lock never saw: a clone without the lock, or
    another vault sharing the note by id, gives the same GUID."""
    assert _sync(example_vault, tmp_path / "1.apkg", anki) == (7, 0, 0)
    (example_vault / "Python/Pinned.md").write_text(
        "---\nid: pinned-1\n---\n# Pinned?\n\n## Answer\n\nYes.\n"
    )
    assert _sync(example_vault, tmp_path / "2.apkg", anki) == (1, 0, 0)
    [guid] = [n["guid"] for n in anki.notes() if n["Source"] == "Python/Pinned.md"]
    from vault2anki.cards.identity import make_guid

    assert guid == make_guid("id", "pinned-1", "0")
