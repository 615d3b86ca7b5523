"""`vault2anki init`: the detected options written to vault2anki.toml make a flag-less export
the same deck as the export with the hint's flags; an existing file is never overwritten
without --force."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AnkiCollection
from helpers import make_vault
from test_detect import CASES, SOLUTION, advised_flags, check, headings, titles

from vault2anki.apkg.diff import read_package
from vault2anki.cli import main


def export(vault: Path, out: Path, *flags: str) -> Path:
    run = CliRunner().invoke(main, ["export", str(vault), "-o", str(out), "--no-lock", *flags])
    assert run.exit_code == 0, run.output
    return out


def init(vault: Path, *flags: str) -> tuple[int, str]:
    run = CliRunner().invoke(main, ["init", str(vault), *flags])
    return run.exit_code, run.output


@pytest.mark.parametrize("case", sorted(CASES))
def test_init_then_export_equals_export_with_the_flags(case: str, tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault", CASES[case][0])
    _, [hint], _ = check(vault)
    flagged = read_package(export(vault, tmp_path / "flags.apkg", *advised_flags(hint)))
    code, output = init(vault)
    assert code == 0, output
    plain = read_package(export(vault, tmp_path / "plain.apkg"))
    assert plain == flagged  # GUIDs, fields, tags, media, note types: the same notes
    assert len(plain) > 0
    _, hints, _ = check(vault)
    assert hints == []  # the file reads the layout: nothing left to advise


def test_the_file_says_what_each_option_was_found_from(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault", titles(6) | SOLUTION | headings(1))
    code, output = init(vault)
    assert code == 0, output
    text = (vault / "vault2anki.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text) == {
        "answer-heading": ["Answer", "Ответ", "Solution"],
        "frontmatter-question": "title",
    }
    lines = text.splitlines()
    above = {ln.split(" = ")[0]: lines[i - 1] for i, ln in enumerate(lines) if " = " in ln}
    assert above["answer-heading"] == (
        "# 6 notes have 'Solution' headings and no answer heading: 7 cards with it"
    )
    assert above["frontmatter-question"].startswith(
        "# 6 notes have a frontmatter 'title' and no answer heading: "
    )
    # What the first export gives, with both: 6 + 6 + 1 cards.
    assert "first export: 13 cards in 13 notes from 13 note files" in output
    assert "(with the defaults: 1 cards)" in output
    assert "frontmatter-question = title" in output


def test_warnings_are_counted_by_kind(tmp_path: Path) -> None:
    files = titles(4) | {"docs/Пустой.md": "---\ntitle: Пусто?\n---\n\n## Ответ\n\n"}
    vault = make_vault(tmp_path / "vault", files)
    code, output = init(vault)
    assert code == 0, output
    assert "1 warnings: 1 empty-answer" in output


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault", titles(4))
    mine = 'deck = "Mine"\n'
    (vault / "vault2anki.toml").write_text(mine, encoding="utf-8")
    code, output = init(vault)
    assert code == 1
    assert "vault2anki.toml exists; nothing written — pass --force" in output
    assert (vault / "vault2anki.toml").read_text(encoding="utf-8") == mine
    code, output = init(vault, "--force")
    assert code == 0, output
    assert tomllib.loads((vault / "vault2anki.toml").read_text(encoding="utf-8")) == {
        "frontmatter-question": "title"
    }


def test_a_vault_the_defaults_read_gets_a_file_without_options(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault", headings(3))
    before = read_package(export(vault, tmp_path / "before.apkg"))
    code, output = init(vault)
    assert code == 0 and "no options: the defaults read this vault" in output
    text = (vault / "vault2anki.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text) == {} and "3 cards from answer headings" in text
    assert read_package(export(vault, tmp_path / "after.apkg")) == before


def test_the_initialised_deck_imports_into_anki(tmp_path: Path, anki: AnkiCollection) -> None:
    vault = make_vault(tmp_path / "Интервью", titles(5) | headings(1))
    assert init(vault)[0] == 0
    counts = anki.import_package(export(vault, tmp_path / "deck.apkg"))
    assert counts.new == 6 and counts.conflicting == 0
    questions = sorted(str(n["Question"]) for n in anki.notes())
    assert sum("Что такое замыкание" in q for q in questions) == 5
