"""`--relink` with a deck that is not this vault's must not take over its notes (review1 #5).

Matching on file name and position alone handed the GUIDs — and the review history — of
"What is a decorator?" to an unrelated note that merely lived at the same path in another vault.
Now a place match also needs the same answer, notes of a deck whose Source links name another
vault are not matched, and the export says how many cards were relinked and by which rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AnkiCollection

from vault2anki.cli import main
from vault2anki.identities.lock import LOCK_NAME


def _export(vault: Path, out: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(main, ["export", str(vault), "-o", str(out), "--no-cache", *args])
    assert result.exit_code == 0, result.output
    return result.stderr.splitlines()


def _unrelated(root: Path) -> Path:
    """Two notes at the example vault's paths, with nothing else in common."""
    (root / "Python").mkdir(parents=True)
    (root / "Python/Generators.md").write_text("# What is a monad?\n\n## Answer\n\nx\n")
    (root / "Python/Decorators.md").write_text("# Completely different\n\n## Answer\n\nxyz\n")
    return root


def test_same_paths_and_vault_name_but_other_notes_are_not_relinked(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # both locks stamp the same time
    _export(example_vault, tmp_path / "ex.apkg")
    assert anki.import_package(tmp_path / "ex.apkg").new == 7
    other = _unrelated(tmp_path / "elsewhere" / example_vault.name)  # same vault name
    lines = _export(other, tmp_path / "other.apkg", "--relink", str(tmp_path / "ex.apkg"))
    assert lines[0] == (
        f"relinked 0 of 2 cards to notes of {tmp_path / 'ex.apkg'}; 2 get new identities"
    )
    relinked = (other / LOCK_NAME).read_text()
    # Same as with no deck at all. (Same paths without an `id` share their path-made GUIDs in
    # any case — the README says so — but the deck adds no match of its own.)
    (other / LOCK_NAME).unlink()
    _export(other, tmp_path / "plain.apkg")
    assert (other / LOCK_NAME).read_text() == relinked
    counts = anki.import_package(tmp_path / "other.apkg")
    assert counts.updated == 0
    questions = "".join(str(n["Question"]) for n in anki.notes())
    assert "What is a decorator in Python?" in questions
    assert "Completely different" in questions


def test_a_deck_of_another_vault_is_not_matched_and_says_so(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    _export(example_vault, tmp_path / "ex.apkg")
    assert anki.import_package(tmp_path / "ex.apkg").new == 7
    other = tmp_path / "other"
    shutil.copytree(example_vault, other, ignore=shutil.ignore_patterns(LOCK_NAME, "*.apkg"))
    lines = _export(other, tmp_path / "other.apkg", "--relink", str(tmp_path / "ex.apkg"))
    assert lines[0] == (
        f"{LOCK_NAME}: warning: 6 notes of {tmp_path / 'ex.apkg'} link to vault "
        f"'{example_vault.name}', not 'other'; they are not relinked — if it is this vault "
        f"under another name, export with --vault-name '{example_vault.name}'"
    )
    assert lines[1].startswith("relinked 0 of 6 cards")  # the one with an `id` keeps it
    # The advice works: same vault under its old name, every card relinked by its fields.
    (other / LOCK_NAME).unlink()
    lines = _export(
        other,
        tmp_path / "again.apkg",
        "--relink",
        str(tmp_path / "ex.apkg"),
        "--vault-name",
        example_vault.name,
    )
    assert lines[0] == (
        f"relinked 6 of 6 cards to notes of {tmp_path / 'ex.apkg'} (place and fields 6)"
    )


def test_a_reworded_question_in_place_is_relinked_by_its_answer(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    _export(example_vault, tmp_path / "ex.apkg")
    assert anki.import_package(tmp_path / "ex.apkg").new == 7
    (example_vault / LOCK_NAME).unlink()  # lost
    gen = example_vault / "Python/Generators.md"
    gen.write_text(gen.read_text().replace("What does `yield` do?", "What is `yield` for?"))
    deco = example_vault / "Python/Decorators.md"  # question and answer both rewritten
    deco.write_text("# Something else entirely\n\n## Answer\n\nNothing alike.\n")
    lines = _export(example_vault, tmp_path / "2.apkg", "--relink", str(tmp_path / "ex.apkg"))
    assert lines[0] == (
        f"relinked 6 of 7 cards to notes of {tmp_path / 'ex.apkg'} (place and fields 5, "
        "place and answer 1); 1 gets a new identity"
    )
    counts = anki.import_package(tmp_path / "2.apkg")
    assert (counts.new, counts.updated) == (1, 1)
