"""Review progress from the Spaced Repetition plugin, synced into a real Anki desktop (issue 22).

`vault2anki sync` adds new cards through AnkiConnect's `importPackage`, which runs Anki's own
importer with "Import any learning progress" on: the cards arrive under review, due on the
comment's day, with its interval and ease, one review-log row, and the FSRS memory state. Due
days are checked with Anki's own search (`prop:due=N` counts from Anki's today).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from vault2anki.cli import main
from vault2anki.sync.ankiconnect import AnkiConnect

TODAY = dt.date.today()


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


NOTE = (
    "#flashcards\n\n"
    "Столица Франции::Париж <!--SR:!{d4},7,250-->\n\n"
    "Front side:::Back side\n<!--SR:!{m3},12,270!2000-01-01,1,250-->\n\n"
    "A ==first== and ==second== deletion\n<!--SR:!{d4},3,230!{d30},30,310-->\n\n"
    "FSRS card::its answer\n"
    "<!--SR:!fsrs,{d5}T12:00:00.000Z,14,5.1,5.5,2,7,1,0,{m9}T12:00:00.000Z-->\n\n"
    "Never reviewed::new <!--SR:!2000-01-01,1,250-->\n"
)


def write_vault(root: Path, anki: AnkiConnect, deck: str) -> Path:
    vault = root / "SR vault"
    vault.mkdir()
    (vault / "vault2anki.toml").write_text(f'deck = "{deck}"\nanki-connect = "{anki.url}"\n')
    text = NOTE.format(d4=day(4), m3=day(-3), d30=day(30), d5=day(5), m9=day(-9))
    (vault / "Французский 2024.md").write_text(text, encoding="utf-8")
    return vault


def sync(vault: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["sync", str(vault), *args])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def cards(anki: AnkiConnect, deck: str) -> dict[tuple[str, int], dict[str, Any]]:
    """(question or cloze text, out of its paragraph, ord) → cardsInfo of every card in `deck`."""
    ids = anki.call("findCards", query=f'"deck:{deck}"')
    out = {}
    for info in anki.call("cardsInfo", cards=ids):
        fields = info["fields"]
        text = (fields.get("Question") or fields["Text"])["value"]
        out[(text.removeprefix("<p>").removesuffix("</p>"), info["ord"])] = info
    return out


def due_in(anki: AnkiConnect, cid: int, days: int) -> bool:
    return anki.call("findCards", query=f"cid:{cid} prop:due={days}") == [cid]


def state(info: dict[str, Any]) -> tuple[int, int, int, int, int, int]:
    keys = ("type", "queue", "due", "interval", "factor", "reps")
    return tuple(info[k] for k in keys)  # type: ignore[return-value]


def test_new_cards_arrive_with_their_schedule_and_keep_ankis(
    tmp_path: Path, anki: AnkiConnect
) -> None:
    deck = "SR progress"
    vault = write_vault(tmp_path, anki, deck)
    summary = sync(vault)
    assert "5 added (5 cards carry review progress from the Spaced Repetition plugin)" in summary
    got = cards(anki, deck)
    capital, front, back = (
        got[("Столица Франции", 0)],
        got[("Front side", 0)],
        got[("Front side", 1)],
    )
    cloze = {o: info for (text, o), info in got.items() if text.startswith("A ")}
    fsrs, never = got[("FSRS card", 0)], got[("Never reviewed", 0)]
    # Interval and ease as the comments say; due on their day, counted from Anki's today.
    for info, interval, factor, days in (
        (capital, 7, 2500, 4),
        (front, 12, 2700, -3),
        (cloze[0], 3, 2300, 4),
        (cloze[1], 30, 3100, 30),
        (fsrs, 14, 2500, 5),
    ):
        assert (info["type"], info["queue"], info["interval"], info["factor"]) == (
            2,
            2,
            interval,
            factor,
        ), info
        assert due_in(anki, info["cardId"], days), (info["due"], days)
    # Placeholders stay new.
    assert (back["type"], never["type"]) == (0, 0)
    # One review-log row per scheduled card, answered Good at the card's interval.
    scheduled = [capital, front, cloze[0], cloze[1], fsrs]
    reviews = anki.call("getReviewsOfCards", cards=[c["cardId"] for c in scheduled])
    assert [[(r["ease"], r["ivl"]) for r in reviews[str(c["cardId"])]] for c in scheduled] == [
        [(3, 7)],
        [(3, 12)],
        [(3, 3)],
        [(3, 30)],
        [(3, 14)],
    ]
    assert anki.call("getReviewsOfCards", cards=[back["cardId"]])[str(back["cardId"])] == []
    # The FSRS comment's memory state (stability 5.1, difficulty 5.5), read by Anki's search.
    query = f"cid:{fsrs['cardId']} prop:s>5.09 prop:s<5.11 prop:d>0.49 prop:d<0.51"
    assert anki.call("findCards", query=query) == [fsrs["cardId"]]

    # A second sync changes nothing.
    again = sync(vault, "--json")
    assert json.loads(again)["counts"]["new"] == 0
    assert json.loads(again)["counts"]["changed"] == 0
    assert {k: state(v) for k, v in cards(anki, deck).items()} == {
        k: state(v) for k, v in got.items()
    }

    # A card reviewed in Anki keeps Anki's schedule, even when its note and comment change.
    anki.call("answerCards", answers=[{"cardId": capital["cardId"], "ease": 4}])
    answered = cards(anki, deck)[("Столица Франции", 0)]
    assert answered["reps"] == capital["reps"] + 1 and answered["interval"] != 7
    note = vault / "Французский 2024.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("Париж <!--SR:!", "Paris <!--SR:!").replace(",7,250", ",90,130"))
    changed = json.loads(sync(vault, "--json"))["counts"]
    assert (changed["new"], changed["changed"]) == (0, 1)
    after = cards(anki, deck)[("Столица Франции", 0)]
    assert state(after) == state(answered)
    reviews = anki.call("getReviewsOfCards", cards=[capital["cardId"]])[str(capital["cardId"])]
    assert len(reviews) == 2  # the imported one and the answer; nothing added by the sync
