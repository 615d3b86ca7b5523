"""Layout detection on the real vaults (skips without ../shared/corpora): silent where the
default options read the vault, firing with the right count where a vault's answer word is
not a marker, and `init` writing what the bilingual vault's warnings advise."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import corpus
from test_detect import advised_count, advised_flags, check

from vault2anki import Options, build
from vault2anki.apkg.diff import read_package
from vault2anki.cli import main
from vault2anki.export.init_vault import init_vault

pytestmark = pytest.mark.slow  # real corpora: deselect with -m 'not slow'

# `#### Ответ`, `**Ответ:**`, `**Ответ` (unclosed): the seed vault's answer markers.
MARKER = re.compile(r"^(\s{0,3}(?:#{1,6}\s+|\*\*|__))Ответ", re.M)


def test_the_seed_vault_needs_no_hint() -> None:
    result = build(Options.of(corpus("frontend-interview-ru")))
    assert result.advice == []  # its answer headings are the defaults'
    # 233 answer headings, 41 of them over an empty solution block: left out (cards/empty.py).
    assert len(result.cards) == 192
    assert sum(p.kind == "empty-answer-left-out" for p in result.problems) == 41


def test_the_seed_vault_with_another_answer_word_gets_the_hint(tmp_path: Path) -> None:
    seed = corpus("frontend-interview-ru")
    vault = tmp_path / "frontend-interview-ru"
    shutil.copytree(seed, vault)
    renamed = 0
    for path in vault.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        new, n = MARKER.subn(r"\1Решение", text)
        if n:
            path.write_text(new, encoding="utf-8")
            renamed += 1
    assert renamed > 200
    before, [hint], _ = check(vault)
    assert before < 10  # a vault whose answer word is not a marker loses its cards
    assert re.match(r"hint: \d+ notes have 'Решение' headings and no answer heading — ", hint)
    assert advised_flags(hint) == [
        *("--answer-heading", "Answer", "--answer-heading", "Ответ"),
        *("--answer-heading", "Решение"),
    ]
    # The same cards as the seed vault gives with its own word, counted before they are made.
    assert advised_count(hint) == check(vault, *advised_flags(hint))[0] == check(seed)[0]
    run = CliRunner().invoke(
        main,
        ["export", str(vault), "-o", str(tmp_path / "a.apkg"), "--no-lock", *advised_flags(hint)],
    )
    assert run.exit_code == 0, run.output
    assert CliRunner().invoke(main, ["init", str(vault)]).exit_code == 0
    again = CliRunner().invoke(
        main, ["export", str(vault), "-o", str(tmp_path / "b.apkg"), "--no-lock"]
    )
    assert again.exit_code == 0 and "hint:" not in again.stderr, again.output
    assert read_package(tmp_path / "b.apkg") == read_package(tmp_path / "a.apkg")


def test_the_bilingual_vault_init_writes_its_other_language(tmp_path: Path) -> None:
    vault = tmp_path / "interview-questions-en-ru"
    shutil.copytree(corpus("interview-questions-en-ru"), vault)
    done = init_vault(vault)
    # Its concept notes carry a `title:` too, but most `title:` notes give cards already:
    # --frontmatter-question is not advised. The RU halves under `Otvet (RU)` are.
    assert "frontmatter_question" not in done.options
    assert "Otvet" in done.options["answer_heading"]
    assert "Vopros" in done.options["question_heading"]
    assert done.before == 2273 and done.cards > done.before + 150
    assert done.warnings["unmarked-language"] == 0
    assert done.result.advice == []
