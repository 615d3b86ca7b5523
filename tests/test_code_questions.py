"""A coding task whose question is a block of code (issue 23): the card shows it as code, and
`list` and the preview index show its first line, not the code flattened token by token
(`console . log ( 1 );`, one space per highlighted token, as they did)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from conftest import AnkiCollection

from vault2anki.cli import main

TASK = """# Что выведет код?
```js
console.log(1);
setTimeout(() => console.log(2));
```
## Ответ
`1`, потом `2`.
"""
PLAIN = "# What is a closure, and why does `this` &amp; scope matter?\n## Answer\nA function.\n"


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "Задачи по JS"
    root.mkdir()
    (root / "Задача 01 event loop.md").write_text(TASK, encoding="utf-8")
    (root / "Closure.md").write_text(PLAIN, encoding="utf-8")
    return root


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_list_shows_the_first_line_and_json_the_lines(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    rows = [line.split("\t") for line in _cli("list", str(vault)).splitlines()]
    questions = {source: question for _, source, question in rows}
    assert questions["Задача 01 event loop.md:6"] == "Что выведет код? …"
    assert (
        questions["Closure.md:2"] == "What is a closure, and why does this & scope matter?"
    )  # as Obsidian shows it
    full = {r["source"]: r["question"] for r in json.loads(_cli("list", str(vault), "--json"))}
    assert full["Задача 01 event loop.md"].split("\n") == [
        "Что выведет код?",
        "console.log(1);",
        "setTimeout(() => console.log(2));",
    ]


def test_the_preview_index_shows_the_first_line(tmp_path: Path) -> None:
    vault, site = _vault(tmp_path), tmp_path / "site"
    CliRunner().invoke(main, ["preview", str(vault), "-o", str(site)])
    rows = re.findall(r'<a href="cards/[^"]+">([^<]*)</a>', (site / "index.html").read_text())
    assert "Что выведет код? …" in rows
    assert not any("console . log" in row for row in rows)


def test_the_card_shows_the_question_as_code(tmp_path: Path, anki: AnkiCollection) -> None:
    vault, deck = _vault(tmp_path), tmp_path / "deck.apkg"
    CliRunner().invoke(main, ["export", str(vault), "-o", str(deck)])
    anki.import_package(deck)
    (task,) = [n for n in anki.notes() if "Что выведет код?" in str(n["Question"])]
    question = str(task["Question"])
    assert "<pre" in question and "<code" in question
    assert "console" in question and "setTimeout" in question
