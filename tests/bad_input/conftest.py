"""Helpers for the hostile-input suite: run the CLI like a user, read back what was written."""

from __future__ import annotations

import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vault2anki.cli import main

_GROUP_HEAD = re.compile(r"^warning: \d+ × [a-z-]+: ")
_GROUP_TAIL = re.compile(r"^  … and \d+ more \(")
_CARD_LINE = re.compile(r"^\S+  .*:\d+$")  # `GUID  path:line`, export -v
GOOD = "# What is a good note?\n## Answer\nOne that still exports.\n"


@dataclass
class Run:
    result: Result
    output: Path

    @property
    def code(self) -> int:
        return self.result.exit_code

    @property
    def lines(self) -> list[str]:
        """stderr lines: one per problem, then click's `Error: …` line if the export failed.

        A kind seen more than three times is printed as a group (cli/problems.py): its header
        and its "… and N more" line are left out here, its notes' lines taken as they are. Run
        with `-v` for every line of every group; the cards `-v` lists are left out too."""
        lines = []
        for line in self.result.stderr.splitlines():
            if _GROUP_HEAD.match(line) or _GROUP_TAIL.match(line) or _CARD_LINE.match(line):
                continue
            lines.append(line.removeprefix("  "))
        return lines

    def questions(self) -> list[str]:
        return deck_questions(self.output)


def _notes(apkg: Path, column: str) -> list[str]:
    with zipfile.ZipFile(apkg) as archive, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        db.write_bytes(archive.read("collection.anki2"))
        conn = sqlite3.connect(db)
        try:
            rows = conn.execute(f"select {column} from notes order by id").fetchall()
        finally:
            conn.close()
    return [row[0] for row in rows]


def deck_fields(apkg: Path) -> list[list[str]]:
    """Every note's fields (Question, Answer, Source) as stored in the package's database."""
    return [flds.split("\x1f") for flds in _notes(apkg, "flds")]


def deck_tags(apkg: Path) -> list[list[str]]:
    """Every note's tags, in the same order."""
    return [tags.split() for tags in _notes(apkg, "tags")]


def deck_questions(apkg: Path) -> list[str]:
    return [fields[0] for fields in deck_fields(apkg)]


def export(vault: Path, output: Path, *args: str) -> Run:
    result = CliRunner().invoke(main, ["export", str(vault), "-o", str(output), *args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return Run(result, output)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A vault holding one good note; each test adds its hostile file(s) next to it."""
    root = tmp_path / "vault"
    root.mkdir()
    (root / "good.md").write_text(GOOD, encoding="utf-8")
    return root


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out" / "deck.apkg"
