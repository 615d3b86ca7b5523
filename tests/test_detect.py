"""Layout detection: small vaults of each documented layout, read with the options that miss
them, get one `hint:` line naming the flags and the cards they give; the count is what
`check` then says, and the hint is silent once the options read the vault."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import make_vault

from vault2anki import Options, build
from vault2anki.cards.signals import note_signals
from vault2anki.cli import main
from vault2anki.options import LayoutOptions
from vault2anki.report import Report
from vault2anki.vault.notes import read_note

SR_SETTINGS = ".obsidian/plugins/obsidian-spaced-repetition/data.json"


def titles(n: int) -> dict[str, str | bytes]:
    """The 1,517-note vault's layout in small: the question in `title:`, the body the answer."""
    return {
        f"docs/Вопрос {i:03}.md": (
            f"---\ntitle: Что такое замыкание {i}?\ntags: [js]\n---\n"
            f"Замыкание — функция {i} со своим окружением.\n\n"
            "![[Pasted image 20240101120000.png]]\n"
        )
        for i in range(n)
    } | {"docs/Pasted image 20240101120000.png": b"\x89PNG\r\n\x1a\n"}


def headings(n: int, word: str = "Answer") -> dict[str, str | bytes]:
    return {
        f"Heading {i}.md": f"# What is the event loop {i}?\n\n## {word}\nIt runs task {i}.\n"
        for i in range(n)
    }


SOLUTION = {
    f"Tasks/Task {i}.md": (
        f"# Reverse a list {i}?\n\n```python\nxs = [1, 2, 3]\n```\n\n## Solution\n\n"
        "```python\nxs[::-1]\n```\n"
    )
    for i in range(6)
}
BOLD = {
    f"Задачи/Задача {i}.md": f"Сколько будет {i} + {i}?\n\n**Решение:**\n{2 * i}.\n"
    for i in range(5)
}
BILINGUAL = {
    f"Fragen/q-{i}.md": (
        f"# Frage (DE)\n> Was ist ein Flow {i}?\n\n"
        f"# Question (FR)\n> Qu'est-ce qu'un flow {i} ?\n\n"
        f"## Antwort (DE)\nEin kalter Strom.\n\n## Réponse (FR)\nUn flux froid.\n"
    )
    for i in range(4)
}
SPACED = {
    f"SR/Deck {i}.md": (
        f"#cards/js\n\nWhat is {i} + 1?::{i + 1}\n\nThe capital of France {i}\n?\nParis\n"
    )
    for i in range(5)
} | {
    # A heading card tagged #cards: with that flashcards tag it is read as Spaced Repetition
    # syntax and gives none, which the count must show (the note shows no signal).
    "Tagged heading.md": "#cards\n\n# What is a deck?\n\n## Answer\nA list of cards.\n",
}
# The plugin's own settings name the tag: the options read them (options/srplugin.py).
SETTINGS = {SR_SETTINGS: '{"settings": {"flashcardTags": ["#cards"]}, "buryDate": ""}'}


def check(vault: Path, *flags: str) -> tuple[int, list[str], str]:
    """`check`'s card count, its hint lines, and all it printed."""
    run = CliRunner().invoke(main, ["check", str(vault), *flags])
    summary = run.stdout.strip().splitlines()[-1]
    m = re.match(r"(\d+) cards in", summary)
    assert m, run.output
    hints = [ln for ln in run.stderr.splitlines() if ln.startswith("hint:")]
    return int(m.group(1)), hints, run.output


def advised_flags(hint: str) -> list[str]:
    m = re.search(r" — (.+) gives ([\d,]+) cards \(vault2anki init", hint)
    assert m, hint
    return shlex.split(m.group(1))


def advised_count(hint: str) -> int:
    m = re.search(r" gives ([\d,]+) cards", hint)
    assert m, hint
    return int(m.group(1).replace(",", ""))


CASES = {
    "frontmatter-title": (
        # A `title:` over an empty body is no evidence, and no card either: its answer is empty.
        titles(12) | headings(2) | {"docs/Пусто.md": "---\ntitle: Пусто?\n---\n"},
        "hint: 12 notes have a frontmatter 'title' and no answer heading — "
        "--frontmatter-question title gives 14 cards",
    ),
    "solution-headings": (
        SOLUTION,
        "hint: 6 notes have 'Solution' headings and no answer heading — --answer-heading "
        "Answer --answer-heading Ответ --answer-heading Solution gives 6 cards",
    ),
    "bold-markers": (
        BOLD | headings(1),
        "hint: 5 notes have bold 'Решение' lines and no answer heading — --answer-heading "
        "Answer --answer-heading Ответ --answer-heading Решение gives 6 cards",
    ),
    "bilingual": (
        BILINGUAL,
        "hint: 4 notes have 'Antwort' headings or 'Réponse' headings under 'Frage' sections "
        "and no answer heading — --question-heading Question --question-heading Вопрос "
        "--question-heading Frage --answer-heading Answer --answer-heading Ответ "
        "--answer-heading Antwort --answer-heading Réponse gives 8 cards",
    ),
    "spaced-repetition": (
        SPACED,
        "hint: 5 notes in Spaced Repetition syntax are tagged '#cards', which is no flashcards "
        "tag — --flashcards-tag flashcards --flashcards-tag cards gives 10 cards",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_layout_gets_its_hint_and_the_flags_give_the_count(case: str, tmp_path: Path) -> None:
    files, expected = CASES[case]
    vault = make_vault(tmp_path / "vault", files)
    before, [hint], _ = check(vault)
    assert hint == expected + " (vault2anki init writes it to vault2anki.toml)"
    after, hints, output = check(vault, *advised_flags(hint))
    # The count is the card finder's, run with those flags: what check then counts.
    assert after == advised_count(hint) > before, output
    assert hints == []  # the options read the vault now: silent


def test_the_hint_never_changes_the_cards(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault", titles(5) | headings(2))
    result = build(Options.of(vault))
    assert [a.fields for a in result.advice] == [{"frontmatter_question": "title"}]
    assert len(result.cards) == 2  # advised, not applied
    assert {c.source for c in result.cards} == {"Heading 0.md", "Heading 1.md"}


def test_a_vault_with_no_cards_names_the_layout_in_the_error(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault", titles(4))
    run = CliRunner().invoke(main, ["export", str(vault), "-o", str(tmp_path / "d.apkg")])
    assert run.exit_code == 1
    assert "no cards found in 4 notes" in run.stderr
    assert "hint: 4 notes have a frontmatter 'title'" in run.stderr
    assert "--frontmatter-question title gives 4 cards" in run.stderr


SILENT = {
    # Three stray notes with a `title:` (indexes) beside 40 heading cards: no part of the vault.
    "few-titles-among-many-cards": titles(3) | headings(40),
    # Most notes with a `title:` give cards (their question is a heading): the rest are not
    # questions the options miss (the bilingual corpus' concept notes).
    "titles-mostly-caught": {
        f"q-{i}.md": (
            f"---\ntitle: Flow {i} / Поток\n---\n# Question (EN)\n> What?\n## Answer (EN)\nA.\n"
        )
        for i in range(8)
    }
    | {
        f"c-{i}.md": f"---\ntitle: Concept {i}\n---\n# Summary (EN)\nText.\n## References\n- x\n"
        for i in range(5)
    },
    # `::` and `?` inside code are no Spaced Repetition cards, whatever the tag.
    "code-is-no-sr": {
        f"cpp/Vector {i}.md": (
            f"#cpp\n\n# What is std::vector {i}?\n\n```cpp\nstd::vector<int> v;\na::b\n?\n```\n"
        )
        for i in range(6)
    }
    | headings(3),
    # The same notes, with the plugin's settings naming their tag: read, nothing to advise.
    "sr-settings-read": SPACED | SETTINGS,
    # Two `## Solution` notes: fewer than three make no layout.
    "two-solutions": dict(list(SOLUTION.items())[:2]) | headings(3),
}


@pytest.mark.parametrize("case", sorted(SILENT))
def test_the_hint_stays_silent(case: str, tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault", SILENT[case])
    _, hints, output = check(vault)
    assert hints == [], output


def test_the_hint_is_silent_when_the_options_given_read_the_notes(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault", SOLUTION | titles(4))
    _, [hint], _ = check(vault)
    assert "'Solution' headings" in hint  # gives most: 6 cards against 4
    _, hints, _ = check(vault, "--answer-heading", "Solution")
    assert len(hints) == 1 and "frontmatter 'title'" in hints[0]  # the other part still
    _, hints, _ = check(vault, "--answer-heading", "Solution", "--frontmatter-question", "title")
    assert hints == []


def test_signals_of_a_note(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault", BILINGUAL | titles(1))
    report = Report()
    de = read_note(vault / "Fragen/q-0.md", "Fragen/q-0.md", report)
    assert de is not None
    found = note_signals(de, (), LayoutOptions(), sr_read=False)
    assert found is not None
    # `Question (FR)` is a marker already: only `Frage (DE)` is a question section to add.
    assert found.answers == ("Antwort", "Réponse") and found.questions == ("Frage",)
    title = read_note(vault / "docs/Вопрос 000.md", "docs/Вопрос 000.md", report)
    assert title is not None
    signals = note_signals(title, (), LayoutOptions(), sr_read=False)
    assert signals is not None and signals.keys == ("title",) and signals.answers == ()
    plain = make_vault(tmp_path / "plain", headings(1))
    note = read_note(plain / "Heading 0.md", "Heading 0.md", report)
    assert note is not None and note_signals(note, (), LayoutOptions(), sr_read=False) is None


def test_json_reports_carry_the_hint(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault", SOLUTION | headings(1))
    checked = CliRunner().invoke(main, ["check", str(vault), "--json"])
    hint = json.loads(checked.stdout)["hint"]
    assert hint.startswith("hint: 6 notes have 'Solution' headings") and "gives 7 cards" in hint
    out = tmp_path / "d.apkg"
    exported = CliRunner().invoke(main, ["export", str(vault), "-o", str(out), "--json"])
    assert json.loads(exported.stdout)["hint"] == hint
    flags = ["--answer-heading", "Answer", "--answer-heading", "Solution"]
    again = CliRunner().invoke(main, ["check", str(vault), "--json", *flags])
    assert json.loads(again.stdout)["hint"] is None
