"""The bilingual interview vault (1,700 notes, RU + EN halves) exported and imported into real
Anki; skips without ../shared/corpora. One export for the module: it is the slow part."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import AnkiCollection, corpus
from test_render_pipeline import raw_syntax

from vault2anki import ExportResult, Options, export_vault
from vault2anki.render.renderer import source_html

pytestmark = pytest.mark.slow  # real corpora: deselect with -m 'not slow'

# The vault marks halves in three spellings: English, Russian, and transliterated Russian.
ANSWER_MARKERS = ("Answer", "Ответ", "Otvet")
QUESTION_MARKERS = ("Question", "Вопрос", "Vopros")
STATEFLOW = "70-Kotlin/q-stateflow-mutablestateflow--flow--easy.md"  # `# Vopros (RU)` layout


@dataclass
class Imported:
    vault: Path
    result: ExportResult
    notes: list[dict[str, object]]
    source_fields: dict[str, str]  # GUID → the Source field as Anki holds it (HTML)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    vault = corpus("interview-questions-en-ru")
    tmp = tmp_path_factory.mktemp("bilingual")
    options = Options.of(
        vault=vault,
        output=tmp / "bi.apkg",
        answer_heading=ANSWER_MARKERS,
        question_heading=QUESTION_MARKERS,
        no_lock=True,  # never write into the shared corpus
    )
    result = export_vault(options)
    (tmp / "anki").mkdir()
    anki = AnkiCollection(tmp / "anki" / "collection.anki2")
    counts = anki.import_package(tmp / "bi.apkg")
    assert (counts.new, counts.conflicting) == (len(result.cards), 0)
    notes = anki.notes()
    found = (anki.col.get_note(nid) for nid in anki.col.find_notes(""))
    source_fields = {note.guid: note["Source"] for note in found}
    anki.close()
    return Imported(vault, result, notes, source_fields)


def test_most_notes_give_cards(imported: Imported) -> None:
    sources = Counter(str(n["Source"]) for n in imported.notes)
    assert len(sources) >= 1_200  # note files with at least one card
    assert len(imported.notes) >= 2_100
    assert len(imported.notes) == len(imported.result.cards)
    assert sum(1 for c in sources.values() if c == 2) >= 1_000  # one card per language


def test_only_known_problems(imported: Imported) -> None:
    # The corpus reuses frontmatter ids across different notes (e.g. `sysdes-077` in three
    # files): a GUID collision that would merge notes in Anki, so each later note is an error.
    errors = imported.result.errors
    assert errors and {p.kind for p in errors} == {"duplicate-id"}
    for problem in errors:
        assert "is already used by" in problem.message and problem.line == 2
    kinds = Counter(p.kind for p in imported.result.warnings)
    # Both halves asking the very same thing, and one note whose `## Answer (EN)` has only
    # other sections above it: content problems of the vault, reported.
    assert set(kinds) <= {"duplicate-question", "no-question"}, kinds


def test_no_card_shows_raw_obsidian_syntax(imported: Imported) -> None:
    leaks = [
        (n["Source"], field, leak)
        for n in imported.notes
        for field in ("Question", "Answer")
        if (leak := raw_syntax(str(n[field]))) is not None
    ]
    assert leaks == []


def test_transliterated_markers_make_cards(imported: Imported) -> None:
    cards = [n for n in imported.notes if n["Source"] == STATEFLOW]
    questions = sorted(str(n["Question"]) for n in cards)
    assert len(cards) == 2
    assert "Как правильно использовать <code>MutableStateFlow</code>?" in questions[1]
    assert "How to properly use <code>MutableStateFlow</code>?" in questions[0]
    for n in cards:
        answer = str(n["Answer"])
        assert answer.startswith("<h3>") and '<div class="highlight">' in answer
        assert "Otvet" not in answer and "Answer (EN)" not in answer


def test_tables_math_and_nested_tags(imported: Imported) -> None:
    answers = [str(n["Answer"]) for n in imported.notes]
    assert sum("<table>" in a for a in answers) >= 300
    tags = {t for n in imported.notes for t in n["tags"]}  # type: ignore[attr-defined]
    assert "difficulty::medium" in tags or "difficulty::hard" in tags
    # Format strings are not math: "%1$s — %2$s" stays text.
    assert not any(r"\(s — %2\)" in a for a in answers)


def test_cards_carry_an_open_in_obsidian_source_link(imported: Imported) -> None:
    name = imported.vault.name
    fields = imported.source_fields
    for card in imported.result.cards:  # export_vault's cards: CardRefs, no HTML
        assert fields[card.guid] == source_html(card.source, name)
    assert "obsidian://open?vault=interview-questions-en-ru&amp;file=70-Kotlin%2F" in (
        next(fields[c.guid] for c in imported.result.cards if c.source == STATEFLOW)
    )
