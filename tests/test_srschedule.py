"""The Spaced Repetition plugin's review progress (`<!--SR:…-->`), read and carried into Anki.

The forms are the ones the plugin writes (st3v3nmw/obsidian-spaced-repetition:
`src/data-stores/notes/notes.ts` reads `!date,interval,ease` groups and the older form without
`!`; `RepItemScheduleInfoOsr.dummyDueDateForNewCard` is the `2000-01-01` placeholder;
`src/algorithms/fsrs/rep-item-schedule-info-fsrs.ts` writes the `!fsrs,…` form;
`note-data-file-modifier.ts` moves comments into a `> [!sr|card-metadata]` callout). The Anki side
is the real backend (PyPI `anki`), importing as Anki's import screen does, with and without
"Import any learning progress".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import AnkiCollection

from vault2anki import Options, build, export_vault
from vault2anki.cards.layouts import note_cards
from vault2anki.cli import main
from vault2anki.model import CardSource
from vault2anki.report import Report
from vault2anki.vault.notes import read_note

TODAY = dt.date.today()


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def cards_of(tmp_path: Path, body: str, **options: object) -> tuple[list[CardSource], Report]:
    vault = tmp_path / "Мой vault"
    vault.mkdir(exist_ok=True)
    (vault / "Карточки 2024.md").write_text(body, encoding="utf-8")
    report = Report()
    note = read_note(vault / "Карточки 2024.md", "Карточки 2024.md", report)
    assert note is not None
    layout = Options.of(vault, **options).layout
    return note_cards(note, layout, report), report


def progress(card: CardSource) -> list[tuple[int, str, int, int]]:
    return [(s.ord, s.due.isoformat(), s.interval, s.factor) for s in card.schedule]


def test_every_form_the_plugin_writes(tmp_path: Path) -> None:
    cards, report = cards_of(
        tmp_path,
        "#flashcards\n\n"
        "Столица Франции::Париж <!--SR:!2024-01-10,3,250-->\n\n"
        "Front:::Back\n<!--SR:!2024-02-01,12,270!2024-02-03,4,230-->\n\n"
        "Only the front:::was reviewed\n<!--SR:!2024-02-01,12,270!2000-01-01,1,250-->\n\n"
        "A ==first== and ==second== and ==third== deletion\n"
        "<!--SR:!2024-03-01,5,230!2000-01-01,1,250!2024-03-03,7,250-->\n\n"
        "Multi-line question\n?\nIts answer\n"
        "> [!sr|card-metadata]\n> <!--SR:!2024-04-01,20,250-->\n\n"
        "Old::form <!--SR:2021-08-10,3,250-->\n\n"
        "Other formats::dates <!--SR:!10-01-2024,3,250-->\n\n"
        "Never::reviewed <!--SR:!2000-01-01,1,250-->\n\n"
        "Plain::card\n",
    )
    assert report.problems == []
    got = {c.question: progress(c) for c in cards}
    assert got == {
        "Столица Франции": [(0, "2024-01-10", 3, 2500)],
        "Front": [(0, "2024-02-01", 12, 2700), (1, "2024-02-03", 4, 2300)],
        "Only the front": [(0, "2024-02-01", 12, 2700)],  # the back stays new
        # deletion 2's placeholder: its card (c2, ord 1) stays new
        "A {{c1::first}} and {{c2::second}} and {{c3::third}} deletion": [
            (0, "2024-03-01", 5, 2300),
            (2, "2024-03-03", 7, 2500),
        ],
        "Multi-line question": [(0, "2024-04-01", 20, 2500)],
        "Old": [(0, "2021-08-10", 3, 2500)],
        "Other formats": [(0, "2024-01-10", 3, 2500)],
        "Never": [],
        "Plain": [],
    }
    multi = next(c for c in cards if c.question == "Multi-line question")
    assert multi.answer == "Its answer"  # the metadata callout is no part of the card


def test_fsrs_comment_keeps_the_memory_state(tmp_path: Path) -> None:
    cards, report = cards_of(
        tmp_path,
        "#flashcards\n\n"
        "f::s\n<!--SR:!fsrs,2024-05-01T12:00:00.000Z,13.2,5.1,5.5,2,7,1,0,2024-04-18T12:00:00.000Z-->\n\n"
        "new in fsrs::s <!--SR:!fsrs,2024-05-01T12:00:00.000Z,0,0,0,0,0,0,0,-->\n",
    )
    assert report.problems == []
    (schedule,) = cards[0].schedule
    assert (schedule.interval, schedule.reps, schedule.lapses) == (13, 7, 1)
    assert schedule.fsrs is not None
    assert (schedule.fsrs.stability, schedule.fsrs.difficulty) == (5.1, 5.5)
    assert schedule.fsrs.last_review == int(dt.datetime(2024, 4, 18, 12, tzinfo=dt.UTC).timestamp())
    assert cards[1].schedule == ()  # state 0: new


def test_an_unreadable_comment_is_a_warning_and_a_new_card(tmp_path: Path) -> None:
    cards, report = cards_of(
        tmp_path, "#flashcards\n\nbad::date\n<!--SR:!someday,1,250-->\n\nok::fine\n"
    )
    assert [c.schedule for c in cards] == [(), ()]
    (problem,) = report.problems
    assert (problem.kind, problem.line) == ("sr-schedule", 4)
    assert "someday" in problem.message and "new" in problem.message


def test_sr_data_id_and_the_comment_never_show(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "Pasted image 20240101120000 notes.md").write_text(
        "#flashcards\n\nid::data ^sr-data-id-abc12345\n\n"
        "Multi\n?\nLines\n^sr-data-id-def67890\n\n"
        "q::a <!--SR:!2024-01-10,3,250-->\n",
        encoding="utf-8",
    )
    fields = [(c.question, c.answer) for c in build(Options.of(vault)).rendered()]
    assert len(fields) == 3
    for question, answer in fields:
        for text in (question, answer):
            assert "SR:" not in text and "sr-data-id" not in text and "card-metadata" not in text


def test_no_sr_schedule_turns_it_off(tmp_path: Path) -> None:
    body = "#flashcards\n\nq::a <!--SR:!2024-01-10,3,250-->\n"
    cards, _ = cards_of(tmp_path, body, sr_schedule=False)
    assert cards[0].schedule == ()
    vault = tmp_path / "Мой vault"

    def export(*args: str) -> str:
        out = tmp_path / "o.apkg"
        result = CliRunner().invoke(main, ["export", str(vault), "-o", str(out), *args])
        assert result.exit_code == 0, result.output
        return result.output

    carried = "1 card carries review progress from the Spaced Repetition plugin"
    assert carried in export()  # on by default
    assert carried not in export("--no-sr-schedule")
    (vault / "vault2anki.toml").write_text("sr-schedule = false\n")
    assert carried not in export()
    assert carried in export("--sr-schedule")  # the flag wins over the file


SR_VAULT = (
    "#flashcards\n\n"
    "Столица Франции::Париж <!--SR:!{soon},7,250-->\n\n"
    "Front:::Back\n<!--SR:!{late},12,270!2000-01-01,1,250-->\n\n"
    "A ==one== and ==two==\n<!--SR:!{soon},3,230!{later},30,310-->\n\n"
    "f::s\n<!--SR:!fsrs,{soon}T12:00:00.000Z,13,5.1,5.5,2,7,1,0,{last}T12:00:00.000Z-->\n\n"
    "new::card\n"
)


def sr_vault(tmp_path: Path) -> Path:
    vault = tmp_path / "SR vault"
    vault.mkdir()
    text = SR_VAULT.format(soon=day(4), late=day(-3), later=day(30), last=day(-9))
    (vault / "Французский.md").write_text(text, encoding="utf-8")
    return vault


def card_rows(anki: AnkiCollection) -> dict[tuple[str, int], tuple[int, ...]]:
    """(sort field, ord) → (type, queue, due relative to Anki's today, ivl, factor)."""
    today = anki.col.sched.today
    rows = anki.col.db.all(
        "select n.sfld, c.ord, c.type, c.queue, c.due, c.ivl, c.factor from cards c "
        "join notes n on n.id = c.nid"
    )
    return {
        (sfld, ord_): (ctype, queue, due - today if ctype == 2 else 0, ivl, factor)
        for sfld, ord_, ctype, queue, due, ivl, factor in rows
    }


def test_import_with_learning_progress_keeps_the_schedule(
    tmp_path: Path, anki: AnkiCollection
) -> None:
    vault = sr_vault(tmp_path)
    result = CliRunner().invoke(main, ["export", str(vault), "-o", str(tmp_path / "sr.apkg")])
    assert result.exit_code == 0, result.output
    assert "5 cards carry review progress from the Spaced Repetition plugin" in result.output
    anki.import_package(tmp_path / "sr.apkg", with_scheduling=True)
    rows = card_rows(anki)
    assert rows[("Столица Франции", 0)] == (2, 2, 4, 7, 2500)
    assert rows[("Front", 0)] == (2, 2, -3, 12, 2700)  # overdue by three days
    assert rows[("Front", 1)] == (0, 0, 0, 0, 0)  # the placeholder: new
    cloze = next(k for k in rows if k[0].startswith("A "))[0]
    assert rows[(cloze, 0)] == (2, 2, 4, 3, 2300)
    assert rows[(cloze, 1)] == (2, 2, 30, 30, 3100)
    assert rows[("f", 0)][:4] == (2, 2, 4, 13)
    assert rows[("new", 0)] == (0, 0, 0, 0, 0)
    # One review-log row per scheduled card: answered Good with the card's interval.
    reviews = anki.col.db.all("select cid, ease, ivl, factor, type from revlog")
    assert sorted((ivl, ease, rtype) for _, ease, ivl, _, rtype in reviews) == [
        (3, 3, 1),
        (7, 3, 1),
        (12, 3, 1),
        (13, 3, 1),
        (30, 3, 1),
    ]
    fsrs_cid = anki.col.db.scalar(
        "select c.id from cards c join notes n on n.id = c.nid where n.sfld = 'f'"
    )
    fsrs_card = anki.col.get_card(fsrs_cid)
    assert fsrs_card.memory_state is not None
    assert round(fsrs_card.memory_state.stability, 3) == 5.1
    assert round(fsrs_card.memory_state.difficulty, 3) == 5.5


def test_import_without_learning_progress_gives_new_cards(
    tmp_path: Path, anki: AnkiCollection
) -> None:
    vault = sr_vault(tmp_path)
    export_vault(Options.of(vault, output=tmp_path / "sr.apkg"))
    anki.import_package(tmp_path / "sr.apkg", with_scheduling=False)
    assert {row[:2] for row in card_rows(anki).values()} == {(0, 0)}
    assert anki.col.db.scalar("select count() from revlog") == 0


def test_a_card_anki_holds_keeps_its_own_schedule(tmp_path: Path, anki: AnkiCollection) -> None:
    vault = sr_vault(tmp_path)
    export_vault(Options.of(vault, output=tmp_path / "one.apkg"))
    anki.import_package(tmp_path / "one.apkg", with_scheduling=True)
    before = card_rows(anki)
    note = vault / "Французский.md"
    note.write_text(note.read_text().replace(",7,250", ",90,130").replace("Париж", "Paris"))
    export_vault(Options.of(vault, output=tmp_path / "two.apkg"))
    counts = anki.import_package(tmp_path / "two.apkg", with_scheduling=True)
    assert counts.updated == 1  # the answer changed …
    assert card_rows(anki) == before  # … and no card's schedule did


_EXPORT_AND_IMPORT = """
import datetime as dt, json, sys, hashlib
sys.path.insert(0, {tests!r})
from pathlib import Path
from conftest import AnkiCollection
from vault2anki import Options, build, export_vault
out = Path(sys.argv[1])
export_vault(Options.of(Path(sys.argv[2]), output=out / "sr.apkg"))
anki = AnkiCollection(out / "collection.anki2")
anki.import_package(out / "sr.apkg", with_scheduling=True)
# Anki's day: the local date, starting at 4 am
today = (dt.datetime.now() - dt.timedelta(hours=4)).date()
rows = anki.col.db.all("select n.sfld, c.ord, c.due from cards c join notes n on n.id = c.nid "
                       "where c.type = 2")
due = {{f"{{s}}/{{o}}": (today + dt.timedelta(days=d - anki.col.sched.today)).isoformat()
       for s, o, d in rows}}
anki.close()
sha = hashlib.sha256((out / "sr.apkg").read_bytes()).hexdigest()
print(json.dumps({{"due": due, "sha": sha}}))
"""


@pytest.mark.parametrize("zones", [("America/Los_Angeles", "Asia/Tokyo")])
def test_due_days_do_not_depend_on_the_time_zone(tmp_path: Path, zones: tuple[str, str]) -> None:
    """The same vault exported and imported under two time zones: the same package, and every
    card due on the day its comment names (the FSRS card's due is an instant: left out)."""
    vault = tmp_path / "SR vault"
    vault.mkdir()
    (vault / "Французский.md").write_text(
        "#flashcards\n\n"
        f"Q1::A1 <!--SR:!{day(4)},7,250-->\n\n"
        f"Front:::Back\n<!--SR:!{day(-3)},12,270!{day(1)},2,250-->\n",
        encoding="utf-8",
    )
    tests = str(Path(__file__).parent)
    script = _EXPORT_AND_IMPORT.format(tests=tests)
    runs = []
    for zone in zones:
        out = tmp_path / zone.replace("/", "-")
        out.mkdir()
        env = dict(os.environ, TZ=zone, PYTHONPATH=os.environ.get("PYTHONPATH", "src"))
        done = subprocess.run(
            [sys.executable, "-c", script, str(out), str(vault)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout))
    first, second = runs
    assert first["sha"] == second["sha"]  # the package does not depend on the time zone
    # In each zone, Anki shows each card due on the very day its comment names.
    assert (
        first["due"]
        == second["due"]
        == {
            "Q1/0": day(4),
            "Front/0": day(-3),
            "Front/1": day(1),
        }
    )


def test_package_bytes_carry_no_schedule_when_there_is_none(tmp_path: Path) -> None:
    """A vault without comments writes the collection config genanki writes (no scheduler
    settings): packages of vaults without the plugin's progress are unchanged."""
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "n.md").write_text("#flashcards\n\nq::a\n", encoding="utf-8")
    export_vault(Options.of(vault, output=tmp_path / "o.apkg"))
    from vault2anki.apkg.package import open_collection

    with open_collection(tmp_path / "o.apkg") as (conn, _):
        (conf,) = conn.execute("select conf from col").fetchone()
        assert "creationOffset" not in json.loads(conf)
        assert conn.execute("select count() from revlog").fetchone() == (0,)
    assert hashlib.sha256((tmp_path / "o.apkg").read_bytes()).hexdigest()


def test_the_plugins_settings_keep_the_progress_with_its_cards(tmp_path: Path) -> None:
    """A multi-line end marker (comment before or after it) and a bold cloze pattern."""
    cards, report = cards_of(
        tmp_path,
        "#flashcards\n\n"
        "Multi\n?\nline A\n+++\n<!--SR:!2024-04-01,20,250-->\n\n"
        "Multi2\n?\nline B\n<!--SR:!2024-04-02,21,250-->\n+++\n\n"
        "**bold** cloze and ==hi== <!--SR:!2024-05-01,3,250!2024-05-02,4,250-->\n",
        sr_multiline_end_marker="+++",
        sr_cloze_pattern=("==[123;;]answer[;;hint]==", "**[123;;]answer[;;hint]**"),
    )
    assert report.problems == []
    assert [(c.answer, progress(c)) for c in cards] == [
        ("line A", [(0, "2024-04-01", 20, 2500)]),
        ("line B", [(0, "2024-04-02", 21, 2500)]),
        ("", [(0, "2024-05-01", 3, 2500), (1, "2024-05-02", 4, 2500)]),
    ]
