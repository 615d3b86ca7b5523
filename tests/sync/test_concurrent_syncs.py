"""Issue 24, item 2: two syncs at once, or a hand-edited sync record, never put one note's
content into another note in Anki.

Checked against a real Anki desktop: every note of the deck is read back through an export
(its GUID included, which AnkiConnect's notesInfo does not give) and must hold the card the
vault's lock gives that GUID — once, never twice.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.helpers import cli_argv
from vault2anki.cli import main
from vault2anki.export.cache import default_cache_dir
from vault2anki.identities.lockfile import read_lock
from vault2anki.model import Card
from vault2anki.sync import plan as sync_plan
from vault2anki.sync.ankiconnect import AnkiConnect
from vault2anki.sync.lock import sync_lock
from vault2anki.sync.read import rescan
from vault2anki.sync.record import lock_path

REPO = Path(__file__).resolve().parents[2]


def make_notes(vault: Path, count: int, answer: str = "Answer {n}.") -> None:
    """`count` notes, named after the vault's folder (each test's deck): GUIDs follow the
    path, and notes of two tests must not share one."""
    vault.mkdir(exist_ok=True)
    for n in range(count):
        text = f"# Question {n}?\n\n## Answer\n\n{answer.format(n=n)}\n"
        (vault / f"{vault.name}-{n:04}.md").write_text(text)


def anki_deck(anki: AnkiConnect, deck: str) -> dict[str, list[str]]:
    """GUID → the Source field text of every note with that GUID in `deck`, read through
    an export (the only way AnkiConnect shows GUIDs)."""
    nids = anki.call("findNotes", query=f'"deck:{deck}"')
    found: dict[str, list[str]] = {}
    for record in rescan(anki, nids).values():
        found.setdefault(record.guid, []).append(record.source)
    return found


def question_of(anki: AnkiConnect, deck: str) -> dict[str, str]:
    """Source text → Question field, for every note in `deck`."""
    nids = anki.call("findNotes", query=f'"deck:{deck}"')
    infos = anki.call("notesInfo", notes=nids)
    return {
        rec.source: info["fields"]["Question"]["value"]
        for rec, info in zip(rescan(anki, nids).values(), infos, strict=True)
    }


def assert_each_note_is_its_own(anki: AnkiConnect, vault: Path, deck: str, count: int) -> None:
    lock = read_lock(vault)
    assert lock is not None
    want = {e.guid: e.source for e in lock.cards}
    have = anki_deck(anki, deck)
    twice = {g: s for g, s in have.items() if len(s) > 1}
    wrong = {g: s for g, s in have.items() if [want.get(g)] != s[:1]}
    assert not twice, f"{len(twice)} GUIDs held by two notes"
    assert not wrong, f"{len(wrong)} notes hold another note's content: {list(wrong.items())[:3]}"
    assert len(have) == count


def _sync_process(vault: Path, url: str, deck: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), VAULT2ANKI_SYNC_WAIT="600")
    return subprocess.Popen(
        cli_argv("sync", str(vault), "--anki-connect", url, "--deck", deck),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_syncs_started_together_leave_every_note_its_own(
    tmp_path: Path, anki: AnkiConnect
) -> None:
    deck, count = "Concurrent", 1000
    vault = tmp_path / deck
    make_notes(vault, count)
    first, second = (_sync_process(vault, anki.url, deck) for _ in range(2))
    outs = [p.communicate(timeout=600) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], [err for _, err in outs]
    added = sorted(int(out.split(" added")[0]) for out, _ in outs)
    assert added == [0, count]  # one waited for the other, then found every note there
    waited = [err for _, err in outs if "waiting for the sync already running (pid" in err]
    assert len(waited) == 1, [err for _, err in outs]
    assert_each_note_is_its_own(anki, vault, deck, count)
    again = CliRunner().invoke(main, ["sync", str(vault), "--anki-connect", anki.url,
                                      "--deck", deck, "--dry-run"])  # fmt: skip
    assert again.exit_code == 0 and again.stdout.startswith("0 new, 0 changed"), again.output


def test_a_second_sync_says_who_holds_the_lock(
    tmp_path: Path, anki: AnkiConnect, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "Busy"
    make_notes(vault, 1)
    monkeypatch.setenv("VAULT2ANKI_SYNC_WAIT", "0.5")
    args = ["sync", str(vault), "--anki-connect", anki.url, "--deck", "Busy"]
    with sync_lock(lock_path(default_cache_dir(), vault, anki.url)):
        started = time.monotonic()
        result = CliRunner().invoke(main, args)
        waited = time.monotonic() - started
    assert result.exit_code == 1
    waiting, err = result.stderr.splitlines()  # one line while waiting, one when given up
    assert "Traceback" not in result.output, result.output
    holder = f"(pid {os.getpid()} on {os.uname().nodename}, started 20"
    assert waiting.startswith(f"waiting for the sync already running {holder}")
    assert err.startswith("Error: another vault2anki sync of this vault into this Anki is ")
    assert holder in err
    assert 0.5 <= waited < 10
    assert anki.call("findNotes", query='"deck:Busy"') == []  # nothing changed in Anki
    assert CliRunner().invoke(main, args).exit_code == 0  # once it is free, the sync runs


def test_a_record_with_two_guids_swapped_is_caught(tmp_path: Path, anki: AnkiConnect) -> None:
    deck = "Swapped"
    vault = tmp_path / deck
    make_notes(vault, 3)
    args = ["sync", str(vault), "--anki-connect", anki.url, "--deck", deck]
    assert CliRunner().invoke(main, args).exit_code == 0
    [record] = (default_cache_dir() / "sync").glob("*.json")
    data = json.loads(record.read_text())
    lock = read_lock(vault)
    assert lock is not None
    ours = {e.guid for e in lock.cards}  # the record also names other tests' notes
    (a, ea), (b, eb) = [(nid, e) for nid, e in data["notes"].items() if e[0] in ours][:2]
    ea[0], eb[0] = eb[0], ea[0]  # note a now "holds" b's GUID, and b a's
    record.write_text(json.dumps(data))
    make_notes(vault, 3, answer="Answer {n}, edited.")  # every note changed: each is written
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    wrong = [line for line in result.stderr.splitlines() if "the sync record says" in line]
    assert len(wrong) == 2 and {a, b} == {w.split("Anki note ")[1].split()[0] for w in wrong}
    assert_each_note_is_its_own(anki, vault, deck, 3)
    assert question_of(anki, deck) == {
        f"{deck}-{n:04}.md": f"<p>Question {n}?</p>" for n in range(3)
    }  # fmt: skip
    nids = anki.call("findNotes", query=f'"deck:{deck}"')
    answers = {i["fields"]["Answer"]["value"] for i in anki.call("notesInfo", notes=nids)}
    assert answers == {f"<p>Answer {n}, edited.</p>" for n in range(3)}


def test_ids_a_package_gave_are_checked_against_anki(
    tmp_path: Path, anki: AnkiConnect, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program imports notes of our note types, with the very ids our package gives,
    just before our import (what a second sync did): Anki renumbers ours. The record must name
    only our notes: the next sync, which edits every note, finds no entry to correct, and the
    other program's notes keep their content."""
    deck = "Clash"
    vault = tmp_path / deck
    make_notes(vault, 3)
    real_write = sync_plan.write_package

    def write_then_race(
        cards: list[Card], media: Any, path: Path, mods: Any, first: Any, *, fields: Any
    ) -> None:
        other = [
            replace(c, guid=f"other{n}", source=f"other{n}.md", answer="<p>Not ours.</p>")
            for n, c in enumerate(cards)
        ]
        real_write(other, [], path, mods, first, fields=fields)  # the ids ours are about to get
        anki.call("importPackage", path=str(path))
        real_write(cards, media, path, mods, first, fields=fields)

    monkeypatch.setattr(sync_plan, "write_package", write_then_race)
    args = ["sync", str(vault), "--anki-connect", anki.url, "--deck", deck]
    assert CliRunner().invoke(main, args).exit_code == 0
    monkeypatch.setattr(sync_plan, "write_package", real_write)
    make_notes(vault, 3, answer="Answer {n}, edited.")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "the sync record says" not in result.stderr, result.stderr
    assert result.stdout.startswith("0 added, 3 updated"), result.stdout
    have = anki_deck(anki, deck)
    lock = read_lock(vault)
    assert lock is not None
    assert sorted(have) == sorted([*(e.guid for e in lock.cards), "other0", "other1", "other2"])
    nids = anki.call("findNotes", query=f'"deck:{deck}"')
    answers = [i["fields"]["Answer"]["value"] for i in anki.call("notesInfo", notes=nids)]
    assert sorted(answers) == sorted(
        [*(f"<p>Answer {n}, edited.</p>" for n in range(3)), *["<p>Not ours.</p>"] * 3]
    )
