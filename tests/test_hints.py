"""A bilingual note whose other language is written under headings that are not markers: the
card it loses is named in a warning whose options, passed as given, bring the card to Anki."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AnkiCollection, corpus
from helpers import note

from vault2anki.cards.hints import summary as hints_summary
from vault2anki.cards.layouts import note_cards
from vault2anki.cli import main
from vault2anki.options import LayoutOptions
from vault2anki.report import Report
from vault2anki.vault.notes import read_note

TRANSLIT = (
    "---\ntags: [kotlin]\n---\n"
    "# Vopros (RU)\n> Что такое Flow?\n\n"
    "# Question (EN)\n> What is Flow?\n\n"
    "## Otvet (RU)\nХолодный поток.\n\n"
    "## Answer (EN)\nA cold stream.\n\n"
    "## Dopolnitelnye Voprosy (RU)\n- Что такое StateFlow?\n\n"
    "## Follow-ups\n- What is StateFlow?\n"
)


def problems_of(body: str, layout: LayoutOptions | None = None) -> tuple[int, Report]:
    report = Report()
    cards = note_cards(note(body, rel="flow.md"), layout or LayoutOptions(), report)
    return len(cards), report


def test_unmarked_language_headings_get_one_warning_with_their_line() -> None:
    body = TRANSLIT.split("---\n", 2)[2]  # without frontmatter: body line 1 is file line 1
    cards, report = problems_of(body)
    assert cards == 1  # the default layout still makes only the EN card: nothing is guessed
    [warning] = report.problems
    assert (warning.path, warning.line, warning.kind) == ("flow.md", 1, "unmarked-language")
    assert "'# Vopros (RU)' (line 1)" in warning.message
    assert "'## Otvet (RU)' (line 7)" in warning.message
    assert "Dopolnitelnye" not in warning.message  # the later RU section is no answer
    assert (
        "--question-heading Question --question-heading Вопрос --question-heading Vopros "
        "--answer-heading Answer --answer-heading Ответ --answer-heading Otvet"
    ) in warning.message


def test_only_the_missing_role_is_suggested() -> None:
    body = "# Вопрос (RU)\n> в\n# Question (EN)\n> q\n## Answer (EN)\na\n## Otvet (RU)\nо\n"
    _, report = problems_of(body)
    [warning] = report.problems
    assert warning.line == 7 and "--answer-heading Otvet" in warning.message
    assert "--question-heading" not in warning.message


def test_no_warning_for_notes_that_are_not_missing_a_language() -> None:
    for body in (
        # both languages marked
        "# Вопрос (RU)\n> в\n# Question (EN)\n> q\n## Ответ (RU)\nо\n## Answer (EN)\na\n"
        "## Ссылки (RU)\n- x\n",
        # English only, with other qualified sections that are no question or answer
        "# Question (EN)\n> q\n# Summary (EN)\ns\n## Answer (EN)\na\n## Follow-ups (RU)\nf\n",
        # no qualifier on the markers: not a bilingual note
        "# What is X?\n## Answer\na\n## Notes (RU)\nn\n",
        # a qualifier that is no language
        "# Question (EN)\n> q\n# Extra (Medium)\nm\n## Answer (EN)\na\n## Otvet (Medium)\nx\n",
    ):
        _, report = problems_of(body)
        assert report.problems == [], body


def test_the_suggested_options_silence_the_warning_and_make_the_card() -> None:
    layout = LayoutOptions(
        question_heading=("Question", "Вопрос", "Vopros"),
        answer_heading=("Answer", "Ответ", "Otvet"),
    )
    cards, report = problems_of(TRANSLIT, layout)
    assert cards == 2 and report.problems == []


def test_cli_warns_per_note_with_one_hint_and_the_advice_reaches_anki(
    tmp_path: Path, anki: AnkiCollection
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    for name in ("flow.md", "channel.md"):
        (vault / name).write_text(TRANSLIT, encoding="utf-8")
    out = tmp_path / "deck.apkg"
    first = CliRunner().invoke(main, ["export", str(vault), "-o", str(out), "--no-lock"])
    assert first.exit_code == 0, first.output
    warnings = [
        ln for ln in first.stderr.splitlines() if "unmarked-language" in ln or "Otvet" in ln
    ]
    assert {ln.split(": warning:")[0] for ln in warnings if ": warning:" in ln} == {
        "channel.md:4",
        "flow.md:4",
    }
    [hint] = [ln for ln in first.stderr.splitlines() if ln.startswith("hint:")]
    assert hint.startswith("hint: 2 notes")
    assert anki.import_package(out).new == 2  # the EN card of each note only

    flags = shlex.split(re.sub(r"^.*get their cards with: ", "", hint))
    again = CliRunner().invoke(main, ["export", str(vault), "-o", str(out), "--no-lock", *flags])
    assert again.exit_code == 0 and "Otvet" not in again.stderr, again.output
    anki.import_package(out)
    fronts = sorted(str(n["Question"]) for n in anki.notes())
    assert len(fronts) == 4
    assert sum("Что такое Flow?" in f for f in fronts) == 2


@pytest.mark.slow
def test_bilingual_corpus_every_transliterated_note_is_named_once() -> None:
    vault = corpus("interview-questions-en-ru")
    report, warned_notes = Report(), 0
    for path in sorted(vault.rglob("q-*.md")):
        rel = path.relative_to(vault).as_posix()
        found = read_note(path, rel, report)
        if found is None:
            continue
        before = len(report.problems)
        note_cards(found, LayoutOptions(), report)
        mine = [p for p in report.problems[before:] if p.kind == "unmarked-language"]
        assert len(mine) <= 1, rel
        warned_notes += len(mine)
    hints = [p for p in report.problems if p.kind == "unmarked-language"]
    assert hints and all(p.line is not None for p in hints)
    # 210 notes write `## Otvet (RU)`; a few hide it in a broken fence or put `## Vopros (RU)`
    # under `## Answer (EN)`, where no guess is safe.
    assert 200 <= warned_notes <= 210
    assert all("--answer-heading Otvet" in p.message for p in hints)
    summary = hints_summary(report.problems)
    assert summary is not None and summary.startswith(f"hint: {warned_notes} notes")
    assert summary.endswith(
        "--question-heading Question --question-heading Вопрос --question-heading Vopros "
        "--answer-heading Answer --answer-heading Ответ --answer-heading Otvet"
    )
