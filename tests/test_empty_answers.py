"""A card whose answer is empty is not a card by default (issue 23); --keep-empty-answers keeps
it with an empty back. The shapes are the seed vault's: a coding task under `tags:` and `___`,
the task as a code block, `### Ответ` over an empty ```js fence, then the navigation footer."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import AnkiCollection
from helpers import note

from tests.helpers import make_vault
from vault2anki import Options, export_vault
from vault2anki.cards.layouts import note_cards
from vault2anki.cli import main
from vault2anki.options import LayoutOptions
from vault2anki.report import Report

FOOTER = "___\n### [[011 Решение задач JS, TS и React|Назад]]\n"
TASK = (
    "tags: #JavaScript #taskJS #array \n___\n\n```js\n// что выведет?\nconsole.log(foo())\n```\n\n"
)
EMPTY_FENCE = TASK + "### Ответ\n\n```js\n\n```\n\n" + FOOTER
NOTHING = TASK + "### Ответ\n\n\n" + FOOTER
FENCE_TILDES = "# Что такое замыкание?\n\n## Answer\n\n~~~ts\n~~~\n"
WRITTEN = TASK + "### Ответ\n\n```js\n// [] [1] [1, 1]\n```\n\n" + FOOTER
KEEP = LayoutOptions(keep_empty_answers=True)


def kinds(report: Report) -> list[str]:
    return [p.kind for p in report.problems]


def test_the_seed_vaults_empty_solution_block_is_not_a_card() -> None:
    for body in (EMPTY_FENCE, NOTHING, FENCE_TILDES):
        report = Report()
        assert note_cards(note(body, "Task_array - foo()_0.md"), LayoutOptions(), report) == []
        assert kinds(report) == ["empty-answer-left-out"]
        assert "--keep-empty-answers" in report.problems[0].message


def test_the_warning_names_the_answer_headings_line() -> None:
    report = Report()
    note_cards(note(EMPTY_FENCE, "Task.md"), LayoutOptions(), report)
    assert report.problems[0].line == EMPTY_FENCE.split("\n").index("### Ответ") + 1


def test_a_written_answer_is_a_card_and_says_nothing() -> None:
    report = Report()
    [card] = note_cards(note(WRITTEN, "Task.md"), LayoutOptions(), report)
    assert "[1, 1]" in card.answer and kinds(report) == []


def test_keep_empty_answers_keeps_them_with_the_old_warning() -> None:
    report = Report()
    [card] = note_cards(note(EMPTY_FENCE, "Task.md"), KEEP, report)
    assert kinds(report) == ["empty-answer"] and "console.log" in card.question


def test_the_other_cards_of_the_note_keep_their_keys() -> None:
    body = (
        "# Первый?\n\n## Ответ\n\nДа.\n\n# Второй?\n\n## Ответ\n\n# Третий?\n\n## Ответ\n\nНет.\n"
    )
    left = note_cards(note(body, "Три.md"), LayoutOptions(), Report())
    kept = note_cards(note(body, "Три.md"), KEEP, Report())
    assert [c.key for c in left] == ["0", "2"]
    assert [c.key for c in kept] == ["0", "1", "2"]


def _vault(root: Path) -> Path:
    return make_vault(
        root / "frontend",
        {
            "011 Решение задач/Task_array - foo()_0.md": EMPTY_FENCE,
            "011 Решение задач/Task_array - bar()_0.md": WRITTEN,
            "003 JSCore/Что такое замыкание.md": "### Ответ\n\nФункция и её окружение.\n",
        },
    )


def test_check_counts_them_in_its_summary_and_json(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    out = CliRunner().invoke(main, ["check", str(vault)]).output
    assert "2 cards in 2 notes (1 with an empty answer left out)" in out
    data = json.loads(CliRunner().invoke(main, ["check", str(vault), "--json"]).stdout)
    assert data["cards"] == 2 and data["empty_answers_left_out"] == 1
    kept = json.loads(
        CliRunner().invoke(main, ["check", str(vault), "--json", "--keep-empty-answers"]).stdout
    )
    assert kept["cards"] == 3 and kept["empty_answers_left_out"] == 0


def test_list_and_export_agree_and_anki_gets_only_real_cards(
    tmp_path: Path, anki: AnkiCollection
) -> None:
    vault = _vault(tmp_path)
    listed = json.loads(CliRunner().invoke(main, ["list", str(vault), "--json"]).stdout)
    assert len(listed) == 2
    out = tmp_path / "deck.apkg"
    export_vault(Options.of(vault, output=out))
    counts = anki.import_package(out)
    assert counts.new == 2
    sources = sorted(str(n["Source"]) for n in anki.notes())
    assert sources == [
        "003 JSCore/Что такое замыкание.md",
        "011 Решение задач/Task_array - bar()_0.md",
    ]
    # Once written, the answer makes its card; the toml key keeps empty ones too.
    (vault / "vault2anki.toml").write_text("keep-empty-answers = true\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(vault), "-o", str(out)])
    assert result.exit_code == 0 and "3 cards in 3 notes from" in result.output
    counts = anki.import_package(out)
    assert counts.new == 1 and len(anki.notes()) == 3
