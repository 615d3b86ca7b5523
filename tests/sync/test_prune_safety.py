"""`sync --prune` deletes a note only when its card is really gone from the vault (review1 #1).

A card merely missing from one run — its note had an error, was skipped with a warning (over
the size limit), or was left out by `--exclude` — is kept, never an orphan; a run with an
error or a skipped note deletes nothing at all (a note renamed and broken in the same run
looks gone under its old name). Each test answers a card first, so a wrongly deleted note
would take real review history with it. Same running Anki as the history test; each test has
its own paths and deck, so its notes are its own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from vault2anki.apkg.notetypes import basic_model
from vault2anki.cli import main
from vault2anki.sync.ankiconnect import AnkiConnect
from vault2anki.vault.notes import MAX_NOTE_BYTES

DEEP = ">" * 150 + " too deep"  # nesting past the limit: the card is skipped with an error


def note(question: str, answer: str) -> str:
    return f"# {question}\n\n## Answer\n\n{answer}\n"


def make_vault(tmp_path: Path, anki: AnkiConnect, name: str, toml: str = "") -> Path:
    root = tmp_path / name
    for folder, stem in (("keep", "one"), ("keep", "two"), ("other", "three")):
        path = root / f"{name}-{folder}" / f"{name} {stem}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note(f"{name}: what is {stem}?", f"{stem.title()} answer."))
    (root / "vault2anki.toml").write_text(f'deck = "{name}"\nanki-connect = "{anki.url}"\n{toml}')
    return root


def sync(vault: Path, *args: str, code: int = 0) -> tuple[dict[str, Any], str]:
    result = CliRunner().invoke(main, ["sync", str(vault), "--json", *args])
    assert result.exit_code == code, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report, str(result.stderr)


def anki_notes(anki: AnkiConnect, deck: str) -> dict[str, dict[str, Any]]:
    """Question text → note id and review count, for every vault2anki note in `deck`."""
    nids = anki.call("findNotes", query=f'mid:{basic_model().model_id} "deck:{deck}"')
    out = {}
    for info in anki.call("notesInfo", notes=nids):
        reviews = anki.call("getReviewsOfCards", cards=info["cards"])
        question = info["fields"]["Question"]["value"].removeprefix("<p>").removesuffix("</p>")
        out[question] = {"nid": info["noteId"], "reviews": sum(map(len, reviews.values()))}
    return out


def first_sync(
    vault: Path, anki: AnkiConnect, name: str, new: int = 3
) -> dict[str, dict[str, Any]]:
    """Sync, then answer every card once: each note has review history to lose."""
    report, _ = sync(vault)
    assert report["counts"]["new"] == new
    before = anki_notes(anki, name)
    cards = anki.call("findCards", query=f'"deck:{name}"')
    anki.call("answerCards", answers=[{"cardId": c, "ease": 3} for c in cards])
    after = anki_notes(anki, name)
    assert all(n["reviews"] == 1 for n in after.values()) and after.keys() == before.keys()
    return after


def test_a_note_with_an_error_is_kept_and_a_run_with_errors_deletes_nothing(
    tmp_path: Path, anki: AnkiConnect
) -> None:
    name = "SafeErr"
    vault = make_vault(tmp_path, anki, name, toml="prune = true\n")  # prune from the toml
    before = first_sync(vault, anki, name)
    one = vault / f"{name}-keep" / f"{name} one.md"

    # The card of "one" errors this run: kept, not an orphan, nothing to delete.
    one.write_text(note(f"{name}: what is one?", "One answer.\n\n" + DEEP))
    report, stderr = sync(vault, code=1)
    assert "nested" in stderr and report["counts"]["deleted"] == 0
    assert report["counts"]["orphaned"] == 0 and report["counts"]["kept"] == 1
    assert [k["source"] for k in report["kept"]] == [f"{name}-keep/{name} one.md"]
    assert anki_notes(anki, name) == before

    # Renamed and broken in the same run: under its old name it looks gone. The run had an
    # error, so --prune deletes nothing — one line says why — and exits 1.
    one.rename(one.with_name(f"{name} one renamed.md"))
    (vault / f"{name}-other" / f"{name} three.md").unlink()  # really gone, but not this run
    report, stderr = sync(vault, code=1)
    assert report["counts"]["orphaned"] == 2 and report["counts"]["deleted"] == 0
    assert "--prune deleted nothing" in report["prune_refused"]
    assert stderr.count("--prune deleted nothing") == 1
    assert anki_notes(anki, name) == before

    # --dry-run says the same and changes nothing.
    result = CliRunner().invoke(main, ["sync", str(vault), "--dry-run"])
    assert result.exit_code == 1 and "--prune would delete nothing" in result.stderr
    assert anki_notes(anki, name) == before

    # Fixed (renamed back: a note renamed while its card fails cannot be recognised — its old
    # path is gone and the lock drops that entry — so that is not what this test is about):
    # the note keeps its id and history, the deleted one is pruned.
    one.with_name(f"{name} one renamed.md").rename(one)
    one.write_text(note(f"{name}: what is one?", "One answer."))
    report, _ = sync(vault)
    assert report["counts"]["deleted"] == 1 and report["prune_refused"] is None
    after = anki_notes(anki, name)
    assert set(after) == {f"{name}: what is one?", f"{name}: what is two?"}
    assert after[f"{name}: what is one?"] == before[f"{name}: what is one?"]  # nid, reviews


def test_a_skipped_note_is_kept_and_blocks_deletion(tmp_path: Path, anki: AnkiConnect) -> None:
    name = "SafeSkip"
    vault = make_vault(tmp_path, anki, name)
    before = first_sync(vault, anki, name)
    two = vault / f"{name}-keep" / f"{name} two.md"

    # Over the size limit: skipped with a warning (exit 0), its note kept in Anki.
    two.write_text(note(f"{name}: what is two?", "x" * (MAX_NOTE_BYTES + 1)))
    report, stderr = sync(vault, "--prune")
    assert report["counts"]["orphaned"] == 0 and report["counts"]["deleted"] == 0
    assert "too-large" in json.dumps(report["warnings"]) and report["counts"]["kept"] == 1
    assert anki_notes(anki, name) == before

    # A skipped note could be a renamed one: while a note is skipped, nothing is deleted.
    (vault / f"{name}-other" / f"{name} three.md").unlink()
    report, stderr = sync(vault, "--prune", code=1)
    assert stderr.count("--prune deleted nothing") == 1
    assert report["counts"]["deleted"] == 0 and report["prune_refused"]
    assert anki_notes(anki, name) == before
    result = CliRunner().invoke(main, ["sync", str(vault), "--prune"])  # text output
    assert result.exit_code == 1 and "source skipped this run" in result.stderr
    assert "--prune deleted nothing" in result.stderr and "1 kept" in result.stdout

    two.write_text(note(f"{name}: what is two?", "Two answer."))
    report, _ = sync(vault, "--prune")
    assert report["counts"]["deleted"] == 1
    assert anki_notes(anki, name).keys() == {f"{name}: what is one?", f"{name}: what is two?"}


def test_an_excluded_note_is_never_an_orphan(tmp_path: Path, anki: AnkiConnect) -> None:
    name = "SafeExcl"
    vault = make_vault(tmp_path, anki, name)
    before = first_sync(vault, anki, name)

    report, _ = sync(vault, "--prune", "--exclude", f"{name}-other/*")
    assert report["counts"]["orphaned"] == 0 and report["counts"]["deleted"] == 0
    assert [k["why"] for k in report["kept"]] == [
        f"{name}-other/{name} three.md: excluded (--exclude)"
    ]
    assert anki_notes(anki, name) == before
    dry = CliRunner().invoke(main, ["sync", str(vault), "--dry-run", "--exclude", "*three*"])
    assert dry.exit_code == 0 and "= kept (source skipped this run" in dry.stdout
    assert "0 orphaned, 1 kept" in dry.stdout


def test_a_really_deleted_note_or_question_is_still_pruned(
    tmp_path: Path, anki: AnkiConnect
) -> None:
    name = "SafeGone"
    vault = make_vault(tmp_path, anki, name)
    one = vault / f"{name}-keep" / f"{name} one.md"
    second = note(f"{name}: what is one and a half?", "Half answer.")
    one.write_text(one.read_text() + "\n" + second)
    before = first_sync(vault, anki, name, new=4)

    (vault / f"{name}-other" / f"{name} three.md").unlink()  # the file is gone
    one.write_text(second)  # a question gone from a note read in full
    report, _ = sync(vault, "--prune")
    assert report["counts"]["orphaned"] == 2 and report["counts"]["deleted"] == 2
    assert report["counts"]["kept"] == 0
    after = anki_notes(anki, name)
    half, two = f"{name}: what is one and a half?", f"{name}: what is two?"
    assert after == {half: before[half], two: before[two]}
