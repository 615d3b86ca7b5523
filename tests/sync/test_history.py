"""One vault's history through one running Anki, synced with `vault2anki sync` (issue 11).

sync → answer two cards → rename a note → move a folder → change a note's deck → edit an
answer → add a note → delete a note → --dry-run → sync → --prune. After each step: which notes
Anki holds, their ids (kept across renames and moves), decks, fields, review history, and a
hand-made note in another deck that must never change. `-s` prints each step's summary line.
"""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.helpers import media_name
from vault2anki.apkg.notetypes import basic_model
from vault2anki.cli import main
from vault2anki.identities.lock import LOCK_NAME
from vault2anki.sync.ankiconnect import AnkiConnect
from vault2anki.sync.read import OURS

PNG_1 = bytes.fromhex("89504e470d0a1a0a") + b"first picture bytes"
PNG_2 = bytes.fromhex("89504e470d0a1a0a") + b"second picture, edited"
# Obsidian's own names (issue 21): a pasted image, a Cyrillic name with a capital extension,
# and two files that differ only in case. Anki lower-cases what it stores.
PASTED = "Pasted image 20240101120000.png"
DIAGRAM = "Диаграмма.PNG"
IMAGES = {
    f"a/{PASTED}": PNG_1,
    f"a/{DIAGRAM}": bytes.fromhex("89504e470d0a1a0a") + "схема".encode(),
    "b/Chart.png": bytes.fromhex("89504e470d0a1a0a") + b"Chart, capital C",
    "b/chart.png": bytes.fromhex("89504e470d0a1a0a") + b"chart, small c",
}
BETA = f"![[{PASTED}]]\n\n![схема]({DIAGRAM})"


def note(question: str, answer: str, front: str = "") -> str:
    return f"{front}# {question}\n\n## Answer\n\n{answer}\n"


class History:
    """The vault on disk, the Anki it syncs into, and what each step printed."""

    def __init__(self, vault: Path, anki: AnkiConnect) -> None:
        self.vault, self.anki = vault, anki
        self.transcript: list[str] = []

    def sync(self, *args: str, step: str) -> dict[str, Any]:
        """Sync with --json (the URL comes from vault2anki.toml); return the report."""
        result = CliRunner().invoke(main, ["sync", str(self.vault), *args, "--json"])
        assert result.exit_code == 0, result.output
        report: dict[str, Any] = json.loads(result.stdout)
        self.transcript.append(f"{step}: {json.dumps(report['counts'])}")
        print(f"\n[{step}] {report['counts']}")
        return report

    def text(self, *args: str) -> str:
        result = CliRunner().invoke(main, ["sync", str(self.vault), *args])
        assert result.exit_code == 0, result.output
        print(result.stdout, end="")
        return str(result.stdout)

    def notes(self) -> dict[str, dict[str, Any]]:
        """Source path → {nid, question, answer, deck, cards} for every vault2anki note."""
        query = f"mid:{basic_model().model_id} deck:History"
        nids = self.anki.call("findNotes", query=query)
        infos = self.anki.call("notesInfo", notes=nids)
        cards = [c for info in infos for c in info["cards"]]
        deck_of = {
            cid: deck
            for deck, ids in self.anki.call("getDecks", cards=cards).items()
            for cid in ids
        }
        out = {}
        for info in infos:
            fields = {k: v["value"] for k, v in info["fields"].items()}
            source = fields["Source"].split(">")[-2].split("<")[0]  # the link's text
            out[source] = {
                "nid": info["noteId"],
                "question": fields["Question"],
                "answer": fields["Answer"],
                "decks": {deck_of[c] for c in info["cards"]},
                "cards": info["cards"],
            }
        return out

    def images(self) -> dict[str, bytes]:
        """Every `<img src>` of every note, with the bytes Anki serves for it: a name Anki
        does not hold fails here, whatever the case of the vault's file names."""
        found = {}
        for info in self.notes().values():
            for name in re.findall(r'<img [^>]*src="([^"]+)"', info["question"] + info["answer"]):
                data = self.anki.call("retrieveMediaFile", filename=html.unescape(name))
                assert data, f"{name} is not in Anki's media folder"
                found[name] = base64.b64decode(data)
        return found

    def reviews(self, cards: list[int]) -> dict[int, int]:
        found = self.anki.call("getReviewsOfCards", cards=cards)
        return {int(cid): len(entries) for cid, entries in found.items()}


@pytest.fixture
def vault(tmp_path: Path, anki: AnkiConnect) -> Path:
    root = tmp_path / "History"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "c").mkdir()
    (root / "a" / "alpha.md").write_text(note("What is alpha?", "Alpha answer."))
    (root / "a" / "beta.md").write_text(note("What is beta?", f"Beta answer.\n\n{BETA}"))
    for rel, data in IMAGES.items():
        (root / rel).write_bytes(data)
    (root / "b" / "gamma.md").write_text(note("What is gamma?", "Gamma answer. ![[Chart.png]]"))
    (root / "b" / "delta.md").write_text(note("What is delta?", "Delta answer. ![](chart.png)"))
    (root / "c" / "epsilon.md").write_text(note("What is epsilon?", "Epsilon answer."))
    (root / "vault2anki.toml").write_text(f'deck = "History"\nanki-connect = "{anki.url}"\n')
    return root


def hand_made(anki: AnkiConnect) -> dict[str, Any]:
    [nid] = anki.call("findNotes", query="deck:Hand")
    [info] = anki.call("notesInfo", notes=[nid])
    decks = anki.call("getDecks", cards=info["cards"])
    return {"info": info, "decks": decks}


def test_history_through_one_running_anki(vault: Path, anki: AnkiConnect) -> None:
    h = History(vault, anki)
    anki.call("createDeck", deck="Hand")
    mine = {"deckName": "Hand", "modelName": "Basic", "fields": {"Front": "mine", "Back": "x"}}
    nid = anki.call("addNote", note=mine)
    # This AnkiConnect's addNote ignores deckName on Anki 26.9 (the card lands in Default).
    [info] = anki.call("notesInfo", notes=[nid])
    anki.call("changeDeck", cards=info["cards"], deck="Hand")
    config = anki.call("getDeckConfig", deck="Default")
    config["new"]["perDay"] = 37  # a user's own option: importing our notes must keep it
    assert anki.call("saveDeckConfig", config=config)
    untouched = hand_made(anki)
    # Notes of our note types that earlier tests left in this Anki: a sync without a record
    # reads them back too.
    others = len(anki.call("findNotes", query=OURS))

    # 1. First sync: every card added to the deck named in vault2anki.toml, media uploaded.
    report = h.sync(step="1 sync")
    assert report["counts"]["new"] == 5 and report["counts"]["media"] == 4
    assert sorted(h.images().values()) == sorted(IMAGES.values())  # each resolves, rightly
    first = h.notes()
    assert set(first) == {"a/alpha.md", "a/beta.md", "b/gamma.md", "b/delta.md", "c/epsilon.md"}
    assert all(n["decks"] == {"History"} for n in first.values())
    assert first["a/alpha.md"]["question"] == "<p>What is alpha?</p>"
    # The exact content-addressed name: other tests in this Anki may have left files under the
    # same stem with other bytes, so a glob would not say which one is ours.
    pic = media_name(f"a/{PASTED}", PNG_1)
    assert pic in anki.call("getMediaFilesNames", pattern="pasted_image_20240101120000-*.png")
    assert pic in first["a/beta.md"]["answer"]
    again = h.sync(step="1b sync again")  # nothing changed: nothing sent, nothing read back
    assert again["counts"] == {**again["counts"], "new": 0, "changed": 0, "unchanged": 5}
    assert again["counts"]["media"] == 0 and again["rescanned"] == 0
    assert again["requests"] == 3  # what exists, the note types, the decks: whatever the size

    # 2. Answer two cards in Anki: the review history the rest must keep.
    reviewed = [first["a/alpha.md"]["cards"][0], first["b/gamma.md"]["cards"][0]]
    assert anki.call("answerCards", answers=[{"cardId": c, "ease": 3} for c in reviewed])
    assert h.reviews(reviewed) == {reviewed[0]: 1, reviewed[1]: 1}
    # Without the record of the last sync (a cleared cache) every note is read back from Anki
    # and compared field by field: still nothing to do.
    report = h.sync("--no-cache", step="2b sync, no record")
    assert report["rescanned"] == 5 + others and report["counts"]["unchanged"] == 5

    # 3. Rename a note: same Anki note (id, card, history), Source updated.
    (vault / "a" / "alpha.md").rename(vault / "a" / "alpha renamed.md")
    report = h.sync(step="3 rename a note")
    assert report["counts"]["changed"] == 1 and report["counts"]["new"] == 0
    now = h.notes()
    assert now["a/alpha renamed.md"]["nid"] == first["a/alpha.md"]["nid"]
    assert "a/alpha.md" not in now
    assert h.reviews(reviewed) == {reviewed[0]: 1, reviewed[1]: 1}

    # 4. Move a folder: both notes keep their ids.
    (vault / "z").mkdir()
    shutil.move(vault / "b", vault / "z" / "b")
    report = h.sync(step="4 move a folder")
    assert report["counts"]["changed"] == 2 and report["counts"]["new"] == 0
    now = h.notes()
    assert now["z/b/gamma.md"]["nid"] == first["b/gamma.md"]["nid"]
    assert now["z/b/delta.md"]["nid"] == first["b/delta.md"]["nid"]
    assert h.reviews(reviewed) == {reviewed[0]: 1, reviewed[1]: 1}

    # 5. Change a note's deck: its card moves, nothing else changes.
    delta = vault / "z" / "b" / "delta.md"
    front = "---\ndeck: History::Moved\n---\n"
    delta.write_text(note("What is delta?", "Delta answer. ![](chart.png)", front))
    report = h.sync(step="5 change a note's deck")
    assert report["counts"]["moved"] == 1 and report["counts"]["new"] == 0
    now = h.notes()
    assert now["z/b/delta.md"]["decks"] == {"History::Moved"}
    assert now["z/b/delta.md"]["nid"] == first["b/delta.md"]["nid"]
    assert now["z/b/gamma.md"]["decks"] == {"History"}
    assert sorted(h.images().values()) == sorted(IMAGES.values())  # moved notes still show them

    # 6. Edit an answer (and the picture it shows): the note is updated in place.
    (vault / "a" / "beta.md").write_text(note("What is beta?", f"Beta, edited.\n\n{BETA}"))
    (vault / "a" / PASTED).write_bytes(PNG_2)
    report = h.sync(step="6 edit an answer")
    assert report["counts"]["changed"] == 1 and report["counts"]["media"] == 1
    now = h.notes()
    assert now["a/beta.md"]["nid"] == first["a/beta.md"]["nid"]
    assert now["a/beta.md"]["answer"].startswith("<p>Beta, edited.</p>")
    # New bytes, new name (media names are content hashes): the card shows the new file.
    edited = media_name(f"a/{PASTED}", PNG_2)
    assert edited != pic
    assert f'src="{edited}"' in now["a/beta.md"]["answer"]
    assert base64.b64decode(anki.call("retrieveMediaFile", filename=edited)) == PNG_2
    assert base64.b64decode(anki.call("retrieveMediaFile", filename=pic)) == PNG_1
    assert sorted(h.images().values()) == sorted({**IMAGES, f"a/{PASTED}": PNG_2}.values())

    # 7. Add a note.
    (vault / "c" / "zeta.md").write_text(note("What is zeta?", "Zeta answer."))
    report = h.sync(step="7 add a note")
    assert report["counts"]["new"] == 1 and report["counts"]["changed"] == 0
    now = h.notes()
    assert now["c/zeta.md"]["decks"] == {"History"}
    assert now["c/zeta.md"]["nid"] not in {n["nid"] for n in first.values()}

    # 8. Delete a note: listed as orphaned, still in Anki.
    (vault / "c" / "epsilon.md").unlink()
    report = h.sync(step="8 delete a note")
    assert report["counts"]["orphaned"] == 1 and report["counts"]["deleted"] == 0
    assert [o["source"] for o in report["orphaned"]] == ["c/epsilon.md"]
    assert h.notes()["c/epsilon.md"]["nid"] == first["c/epsilon.md"]["nid"]

    # 9. --dry-run: says what would happen, in diff's words, and changes nothing.
    (vault / "z" / "b" / "gamma.md").write_text(note("What is gamma?", "Gamma, edited."))
    anki.call("updateModelStyling", model={"name": "vault2anki Basic", "css": ".card {}"})
    lock_before = (vault / LOCK_NAME).read_bytes()
    before = h.notes()
    out = h.text("--dry-run")
    assert "~ changed (will be updated): 1\n    z/b/gamma.md" in out
    assert "- orphaned (gone from the vault; deleted with --prune): 1\n    c/epsilon.md" in out
    assert out.splitlines()[-1].startswith("0 new, 1 changed, 0 moved, 4 unchanged, 1 orphaned")
    assert h.notes() == before and (vault / LOCK_NAME).read_bytes() == lock_before
    assert anki.call("modelStyling", modelName="vault2anki Basic") == {"css": ".card {}"}

    # 10. Sync: the edit and the note type's CSS arrive.
    report = h.sync(step="10 sync")
    assert report["counts"]["changed"] == 1 and report["counts"]["note_types"] == 1
    assert h.notes()["z/b/gamma.md"]["answer"] == "<p>Gamma, edited.</p>"
    assert len(h.images()) == 3  # beta's two and delta's: gamma's edit dropped its chart
    assert anki.call("modelStyling", modelName="vault2anki Basic") == {"css": basic_model().css}

    # 11. --prune: the orphan goes, nothing else.
    report = h.sync("--prune", step="11 --prune")
    assert report["counts"]["deleted"] == 1
    final = h.notes()
    assert set(final) == {
        "a/alpha renamed.md", "a/beta.md", "z/b/gamma.md", "z/b/delta.md", "c/zeta.md"
    }  # fmt: skip
    assert final["a/alpha renamed.md"]["nid"] == first["a/alpha.md"]["nid"]
    assert h.reviews(reviewed) == {reviewed[0]: 1, reviewed[1]: 1}
    assert hand_made(anki) == untouched
    assert anki.call("getDeckConfig", deck="Default")["new"]["perDay"] == 37
    print("\n".join(h.transcript))
