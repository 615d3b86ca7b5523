"""The vault this project exists for, exported and imported into real Anki (skips without it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import AnkiCollection, corpus

from vault2anki import Options, export_vault

pytestmark = pytest.mark.slow  # real corpora: deselect with -m 'not slow'

SEED = (
    "0000 Интересные вопросы/other themes/SoftSkills/012 Разница между менторингом и коучингом.md"
)
# Wikilink brackets, or a line of nothing but tags (the footer `#tag` lines are metadata).
# Tags inside a sentence or heading are shown as written, as Obsidian shows them.
RAW_SYNTAX = re.compile(
    r"\[\[|!\[\[|(?:^|<p>|<br>\n?|<li>)\s*(?:#[^\W\d][\w/-]*[\s,]*)+(?:</p>|<br>|</li>|$)",
    re.M,
)
CODE = re.compile(r"<code>.*?</code>|<pre>.*?</pre>|<div class=\"highlight\">.*?</div>", re.S)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    vault = corpus("frontend-interview-ru")
    tmp = tmp_path_factory.mktemp("fe")
    # no_lock=True: never write into the shared corpus
    result = export_vault(Options.of(vault, output=tmp / "fe.apkg", no_lock=True))
    # The sanitizer finds nothing to remove in this vault: its cards are as --trusted-html's.
    assert [p for p in result.problems if p.kind == "unsafe-html"] == []
    (tmp / "anki").mkdir()
    anki = AnkiCollection(tmp / "anki" / "collection.anki2")
    counts = anki.import_package(tmp / "fe.apkg")
    assert counts.new == len(result.cards) and counts.conflicting == 0
    notes = anki.notes()
    anki.close()
    return vault, notes


def test_seed_note(imported: tuple[Path, list[dict[str, object]]]) -> None:
    _, notes = imported
    [seed] = [n for n in notes if n["Source"] == SEED]
    assert "Разница между менторингом и коучингом?" in str(seed["Question"])
    assert "<img" not in str(seed["Question"])  # a video link, not a picture of one
    answer = str(seed["Answer"])
    assert "<img" in answer and "<em>Менторинг</em>" in answer and "<ol>" in answer
    for raw in ("Назад", "[[", "#softskills"):
        assert raw not in answer
    assert "softskills" in seed["tags"]  # type: ignore[operator]


def test_every_note_with_an_answer_heading_gives_a_card_unless_its_answer_is_empty(
    imported: tuple[Path, list[dict[str, object]]],
) -> None:
    vault, notes = imported
    heading = re.compile(r"^#{1,6}\s+Ответ\s*:?\s*$", re.M)
    # The answer as the seed vault writes an unwritten one: an empty fence before the footer.
    empty = re.compile(r"\A\s*(?:```\w*\n\s*```\s*)?(?:___.*)?\Z", re.S)
    expected, unwritten = set(), set()
    for p in vault.rglob("*.md"):
        text = p.read_text(encoding="utf-8", errors="replace")
        if m := heading.search(text):
            rel = p.relative_to(vault).as_posix()
            (unwritten if empty.match(text[m.end() :]) else expected).add(rel)
    assert len(expected) > 180 and len(unwritten) == 41
    sources = {n["Source"] for n in notes}
    assert expected <= sources and not unwritten & sources


def test_no_card_shows_raw_obsidian_syntax(imported: tuple[Path, list[dict[str, object]]]) -> None:
    _, notes = imported
    leaks = []
    for n in notes:
        for field in ("Question", "Answer"):
            text = CODE.sub("", str(n[field]))
            text = re.sub(r'src="data:[^"]*"', "", text)
            if m := RAW_SYNTAX.search(text):
                leaks.append((n["Source"], field, text[max(0, m.start() - 40) : m.end() + 20]))
    assert leaks == [], leaks
