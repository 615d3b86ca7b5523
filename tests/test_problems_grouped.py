"""Warnings grouped by kind (issue 23): 41 "answer is empty" lines no longer bury the one
missing embed. A kind seen more than three times prints one line with its count and what to
do, its first three notes and how many more; `-v` and `--json` hold every one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vault2anki.cli import main

EMPTY = 41


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """Coding tasks with an empty solution block, as in the seed vault, and one note whose
    pasted image is missing."""
    root = tmp_path / "Собеседование"
    (root / "Задачи").mkdir(parents=True)
    for i in range(EMPTY):
        (root / "Задачи" / f"Задача {i:02}.md").write_text(
            f"# Реализуйте debounce №{i}\n## Ответ\n```js\n```\n", encoding="utf-8"
        )
    (root / "Event Loop.md").write_text(
        "# Что такое event loop?\n## Ответ\nОчередь задач.\n![[Pasted image 20240101120000.png]]\n",
        encoding="utf-8",
    )
    return root


def _run(*args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stderr.splitlines(), result.stdout


def test_a_repeated_kind_is_one_group_and_the_lone_warning_stays_visible(
    vault: Path, tmp_path: Path
) -> None:
    code, lines, _ = _run("export", str(vault), "-o", str(tmp_path / "deck.apkg"))
    assert code == 0
    heads = [ln for ln in lines if ln.startswith("warning: ")]
    assert heads == [f"warning: {EMPTY} × empty-answer-left-out: " + heads[0].split(": ", 2)[2]]
    assert "keep them with an empty back with --keep-empty-answers" in heads[0]
    members = [ln for ln in lines if ln.startswith("  Задачи/")]
    assert len(members) == 3 and all(": warning: answer is empty" in ln for ln in members)
    assert f"  … and {EMPTY - 3} more (--verbose or --json lists all)" in lines
    missing = [ln for ln in lines if ln.startswith("Event Loop.md:4: warning: ")]
    assert len(missing) == 1 and "Pasted image 20240101120000.png" in missing[0]
    assert len(lines) < 10  # 42 warnings, read in a glance


def test_verbose_lists_every_note_of_a_group(vault: Path, tmp_path: Path) -> None:
    _, lines, _ = _run("check", str(vault), "-v")
    members = [ln for ln in lines if ln.startswith("  Задачи/") and "answer is empty" in ln]
    assert len(members) == EMPTY
    assert not any(ln.startswith("  … and") for ln in lines)


def test_check_json_holds_every_problem(vault: Path) -> None:
    code, _, stdout = _run("check", str(vault), "--json")
    report = json.loads(stdout)
    kinds = [w["kind"] for w in report["warnings"]]
    assert kinds.count("empty-answer-left-out") == EMPTY and kinds.count("missing-media") == 1
    assert report["cards"] == report["notes"] == 1 and report["errors"] == []
    assert report["empty_answers_left_out"] == EMPTY
    assert code == 0


def test_a_kind_seen_three_times_prints_its_lines_as_they_are(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    for i in range(3):
        (root / f"Q{i}.md").write_text(f"# Q{i}?\n## Answer\n![[Missing {i}.png]]\n")
    _, lines, _ = _run("check", str(root))
    assert [ln.split(": ", 2)[:2] for ln in lines[:3]] == [
        [f"Q{i}.md:3", "warning"] for i in range(3)
    ]
    assert not any(ln.startswith("warning: ") for ln in lines)
