"""Reversed and cloze notes, a deck change for a whole vault, and what happens to edits and
deletions made in Anki itself — through the same running Anki as the history test (other
paths, other decks: each test's notes are its own)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vault2anki import plan_export
from vault2anki.cards.identity import CLOZE_MODEL_ID, REVERSED_MODEL_ID
from vault2anki.cli import main
from vault2anki.options import Options
from vault2anki.sync.ankiconnect import AnkiConnect, AnkiConnectError, act
from vault2anki.sync.run import apply, prepare

CARDS = """#flashcards

Capital of France:::Paris

The ==mitochondria== is the powerhouse of the cell.
"""


def sync(vault: Path, anki: AnkiConnect, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        main, ["sync", str(vault), "--anki-connect", anki.url, "--json", *args]
    )
    assert result.exit_code == 0, result.output
    counts: dict[str, Any] = json.loads(result.stdout)["counts"]
    return counts


def notes(anki: AnkiConnect, mid: int) -> list[dict[str, Any]]:
    infos: list[dict[str, Any]] = anki.call(
        "notesInfo", notes=anki.call("findNotes", query=f"mid:{mid} deck:Kinds*")
    )
    for info in infos:
        info["decks"] = set(anki.call("getDecks", cards=info["cards"]))
    return infos


def test_reversed_and_cloze_notes_move_with_the_deck_and_anki_side_changes(
    tmp_path: Path, anki: AnkiConnect
) -> None:
    vault = tmp_path / "Kinds"
    (vault / "sr").mkdir(parents=True)
    (vault / "sr" / "kinds cards.md").write_text(CARDS)

    assert sync(vault, anki)["new"] == 2
    [rev] = notes(anki, REVERSED_MODEL_ID)
    [cloze] = notes(anki, CLOZE_MODEL_ID)
    assert len(rev["cards"]) == 2 and rev["decks"] == {"Kinds"}
    assert "{{c1::mitochondria}}" in cloze["fields"]["Text"]["value"]

    # A whole vault's deck changes: every card moves, both sides of the reversed note too.
    counts = sync(vault, anki, "--deck", "Kinds::Renamed")
    assert counts["moved"] == 2 and counts["new"] == 0 and counts["changed"] == 0
    assert notes(anki, REVERSED_MODEL_ID)[0]["decks"] == {"Kinds::Renamed"}
    assert notes(anki, CLOZE_MODEL_ID)[0]["decks"] == {"Kinds::Renamed"}
    counts = sync(vault, anki, "--deck", "Kinds::Renamed", "--deck-from-folders")
    assert counts["moved"] == 2 and counts["changed"] == 0
    assert notes(anki, REVERSED_MODEL_ID)[0]["decks"] == {"Kinds::Renamed::sr"}
    quiet = CliRunner().invoke(
        main, ["sync", str(vault), "--anki-connect", anki.url, "--deck", "Kinds::Renamed", "-q"]
    )
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")  # -q: errors only
    assert notes(anki, CLOZE_MODEL_ID)[0]["decks"] == {"Kinds::Renamed"}  # moved back

    # An edit made in Anki stays (with --no-cache too: the old record still says what the last
    # sync wrote) — until --no-cache --prefer vault compares every field and restores the
    # vault's text.
    anki.call(
        "updateNoteFields", note={"id": cloze["noteId"], "fields": {"Extra": "typed in Anki"}}
    )
    assert sync(vault, anki, "--deck", "Kinds::Renamed")["unchanged"] == 2
    assert sync(vault, anki, "--deck", "Kinds::Renamed", "--no-cache")["unchanged"] == 2
    assert notes(anki, CLOZE_MODEL_ID)[0]["fields"]["Extra"]["value"] == "typed in Anki"
    restore = ("--deck", "Kinds::Renamed", "--no-cache", "--prefer", "vault")
    assert sync(vault, anki, *restore)["changed"] == 1
    [cloze_now] = notes(anki, CLOZE_MODEL_ID)
    assert cloze_now["noteId"] == cloze["noteId"] and cloze_now["fields"]["Extra"]["value"] == ""
    # A vault edit synced with --no-cache is recorded too: the next sync sends nothing again.
    (vault / "sr" / "kinds cards.md").write_text(
        CARDS.replace(":::Paris", ":::Paris, on the Seine")
    )
    assert sync(vault, anki, "--deck", "Kinds::Renamed", "--no-cache")["changed"] == 1
    assert sync(vault, anki, "--deck", "Kinds::Renamed")["unchanged"] == 2

    # A note deleted in Anki comes back on the next sync (the vault still has it).
    anki.call("deleteNotes", notes=[rev["noteId"]])
    assert sync(vault, anki, "--deck", "Kinds::Renamed")["new"] == 1
    [rev_again] = notes(anki, REVERSED_MODEL_ID)
    assert rev_again["decks"] == {"Kinds::Renamed"} and len(rev_again["cards"]) == 2


def test_a_refused_action_is_one_error_that_says_what_to_do(anki: AnkiConnect) -> None:
    with pytest.raises(AnkiConnectError) as caught:
        anki.multi([act("deckNames"), act("noSuchAction")])
    assert str(caught.value).startswith("AnkiConnect refused noSuchAction: unsupported action;")
    assert "run the sync again" in str(caught.value)


def test_a_sync_that_failed_half_way_finishes_when_run_again(
    tmp_path: Path, anki: AnkiConnect, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every card gets the same content time: C's package would carry the id A had (measured:
    # Anki then gave C that id once A was deleted, and A's planned update overwrote C).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000100")
    vault = tmp_path / "Halfway"
    vault.mkdir()
    (vault / "halfway a.md").write_text("# A?\n\n## Answer\n\nA.\n")
    (vault / "halfway b.md").write_text("# B?\n\n## Answer\n\nB.\n")
    assert sync(vault, anki)["new"] == 2
    [a_nid] = anki.call("findNotes", query='"Source:*halfway a.md*"')
    # Planned: upload a picture, add C, update A. Then A is deleted in Anki before the update.
    (vault / "halfway a.md").write_text("# A?\n\n## Answer\n\nA, edited.\n")
    (vault / "halfway c.md").write_text("# C?\n\n## Answer\n\n![[halfway.png]]\n")
    (vault / "halfway.png").write_bytes(b"\x89PNG picture")
    job = prepare(plan_export(Options.of(vault)), vault, anki.url)
    anki.call("deleteNotes", notes=[a_nid])
    with pytest.raises(AnkiConnectError, match="refused updateNoteFields"):
        apply(job, vault)  # the picture and C made it, A's update did not
    counts = sync(vault, anki)  # the re-run finishes: A back, nothing sent twice
    assert (counts["new"], counts["unchanged"], counts["media"]) == (1, 2, 0)
    assert sync(vault, anki)["unchanged"] == 3
    [c_nid] = anki.call("findNotes", query='"Source:*halfway c.md*"')
    [c_info] = anki.call("notesInfo", notes=[c_nid])
    assert c_info["fields"]["Question"]["value"] == "<p>C?</p>"


def test_strict_with_a_warning_changes_nothing_in_anki(tmp_path: Path, anki: AnkiConnect) -> None:
    vault = tmp_path / "Strict"
    vault.mkdir()
    (vault / "strict.md").write_text("# Where?\n\n## Answer\n\n![[missing.png]]\n")
    result = CliRunner().invoke(main, ["sync", str(vault), "--anki-connect", anki.url, "--strict"])
    assert result.exit_code == 1
    err = result.stderr.splitlines()
    assert err[0].startswith("strict.md:5: warning: embedded file not found")
    assert err[-1] == "Error: 1 problems and --strict: nothing changed in Anki"
    assert anki.call("findNotes", query='"Source:*strict.md*"') == []


def test_new_notes_whose_ids_clash_are_still_found(
    tmp_path: Path, anki: AnkiConnect, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Same content time ⇒ the same note ids in both packages: Anki renumbers the second
    # vault's notes on import, and sync must still learn which note is which.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = tmp_path / "ClashOne", tmp_path / "ClashTwo"
    for vault, word in ((first, "one"), (second, "two")):
        vault.mkdir()
        for n in range(3):
            (vault / f"clash {word} {n}.md").write_text(f"# {word} {n}?\n\n## Answer\n\n{n}.\n")
        assert sync(vault, anki)["new"] == 3
    for vault in (first, second):
        counts = sync(vault, anki)
        assert (counts["new"], counts["unchanged"]) == (0, 3)
    two = anki.call("findNotes", query='"deck:ClashTwo"')
    assert len(two) == 3 and all(nid != 1700000000000 + k for nid in two for k in range(6))
