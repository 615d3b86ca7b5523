"""A question reworded in place keeps its own identity by its answer, never a deleted
neighbour's (review1 #4).

Delete the first question of a note and reword the second: by place alone the second took the
deleted card's GUID — and its review history — while its own note was orphaned. The lock keeps
each card's question and content hashes; a card whose answer makes its note's old content hash
is the same card, and that is tried before the place."""

from __future__ import annotations

from pathlib import Path

from conftest import AnkiCollection, history, review

from vault2anki import Options, export_vault


def _sync(vault: Path, out: Path, anki: AnkiCollection) -> tuple[int, int, int]:
    export_vault(Options.of(vault, output=out))
    counts = anki.import_package(out)
    return counts.new, counts.updated, counts.conflicting


def _guid(anki: AnkiCollection, question: str) -> str:
    [guid] = [str(n["guid"]) for n in anki.notes() if question in str(n["Question"])]
    return guid


def test_deleting_a_question_and_rewording_the_next_keeps_each_history(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    assert _sync(example_vault, tmp_path / "1.apkg", anki) == (7, 0, 0)
    yield_guid = _guid(anki, "What does <code>yield</code> do?")
    expr_guid = _guid(anki, "What is a generator expression?")
    reviewed = review(anki, {yield_guid, expr_guid})
    gen = example_vault / "Python/Generators.md"
    head, _yield, expression = gen.read_text().split("\n## ")
    reworded = expression.replace(
        "What is a generator expression?", "What are generator expressions good for?"
    )
    gen.write_text(f"{head}\n## {reworded}")
    assert _sync(example_vault, tmp_path / "2.apkg", anki) == (0, 1, 0)
    # The reworded card is the expression card, with its history; yield's is left alone.
    assert _guid(anki, "What are generator expressions good for?") == expr_guid
    assert _guid(anki, "What does <code>yield</code> do?") == yield_guid
    assert history(anki, {yield_guid, expr_guid}) == reviewed
