"""Issue 24, item 7: two Anki profiles at one AnkiConnect URL each get the vault.

The sync record used to be kept per vault and URL only, so a second profile was reported
"unchanged" while it held none of the notes (or the old text). Against a real Anki desktop
with two profiles, switched with AnkiConnect's own `loadProfile`: each profile has its own
record, every sync into either one does what that profile needs, and a record of the old
kind (per vault and URL) is adopted only by the collection it checks out against.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vault2anki.cli import main
from vault2anki.render.sanitize import html_to_text
from vault2anki.sync.ankiconnect import AnkiConnect
from vault2anki.sync.read import identity_of
from vault2anki.sync.record import AnkiIdentity, load_state, state_path

from .conftest import API_KEY, PROFILE, SECOND_PROFILE, open_profile


@pytest.fixture
def anki2(keyed_anki: AnkiConnect) -> Iterator[AnkiConnect]:
    """The two-profile Anki, with its first profile open again afterwards."""
    yield keyed_anki
    if identity(keyed_anki).profile != PROFILE:
        open_profile(keyed_anki, PROFILE)


def identity(anki: AnkiConnect) -> AnkiIdentity:
    found = identity_of(None, anki.call("getMediaDirPath"))
    assert found is not None
    return found


def make_vault(root: Path, deck: str) -> Path:
    """Three notes named as in real vaults, in a folder named after the test's own deck (GUIDs
    follow the path: two tests' notes must not share one)."""
    root.mkdir()
    (root / "vault2anki.toml").write_text(f'deck = "{deck}"\n')
    notes = {
        f"{deck}/Event Loop.md": ("Что такое Event Loop?", "Цикл событий."),
        f"{deck}/js/Замыкание.md": ("What is a closure?", "A function with its scope."),
        f"{deck}/Pasted notes 20240101.md": ("Why HTTP/2?", "Multiplexing."),
    }
    for rel, (question, answer) in notes.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"# {question}\n\n## Answer\n\n{answer}\n", encoding="utf-8")
    return root


class Syncer:
    def __init__(self, vault: Path, anki: AnkiConnect, cache: Path) -> None:
        self.vault, self.anki, self.cache = vault, anki, cache

    def sync(self, *args: str) -> dict[str, Any]:
        result = CliRunner().invoke(
            main,
            ["sync", str(self.vault), "--anki-connect", self.anki.url, "--json", *args],
            env={"ANKICONNECT_API_KEY": API_KEY, "XDG_CACHE_HOME": str(self.cache)},
        )
        assert result.exit_code == 0, result.output
        report: dict[str, Any] = json.loads(result.stdout)
        return report

    def answers(self, deck: str) -> dict[str, str]:
        """Question → Answer field of every note in `deck` of the profile open now."""
        infos = self.anki.call(
            "notesInfo", notes=self.anki.call("findNotes", query=f'"deck:{deck}"')
        )
        return {
            html_to_text(i["fields"]["Question"]["value"]): i["fields"]["Answer"]["value"]
            for i in infos
        }

    def record(self, anki: AnkiIdentity | None) -> Path:
        return state_path(self.cache / "vault2anki", self.vault, self.anki.url, anki)


def counts(report: dict[str, Any]) -> tuple[int, int, int]:
    c = report["counts"]
    return c["new"], c["changed"], c["unchanged"]


def test_second_profile_at_the_same_url_is_not_stale(anki2: AnkiConnect, tmp_path: Path) -> None:
    deck = "Profiles Item7"
    s = Syncer(make_vault(tmp_path / "vault", deck), anki2, tmp_path / "cache")
    first = s.sync()
    assert counts(first) == (3, 0, 0) and first["anki_profile"] == PROFILE
    one = identity(anki2)

    open_profile(anki2, SECOND_PROFILE)
    two = identity(anki2)
    assert two.profile == SECOND_PROFILE and two.media_dir != one.media_dir
    assert s.answers(deck) == {}  # the other collection: none of the notes yet
    second = s.sync()
    assert counts(second) == (3, 0, 0)  # all added, not "3 unchanged"
    assert second["anki_profile"] == SECOND_PROFILE
    assert len(s.answers(deck)) == 3
    assert s.record(one).is_file() and s.record(two).is_file()

    open_profile(anki2, PROFILE)
    assert counts(s.sync()) == (0, 0, 3)

    note = s.vault / deck / "js/Замыкание.md"
    note.write_text("# What is a closure?\n\n## Answer\n\nA function and its lexical scope.\n")
    assert counts(s.sync()) == (0, 1, 2)
    assert "lexical scope" in s.answers(deck)["What is a closure?"]
    open_profile(anki2, SECOND_PROFILE)
    assert "lexical scope" not in s.answers(deck)["What is a closure?"]  # still the old text
    assert counts(s.sync()) == (0, 1, 2)
    assert "lexical scope" in s.answers(deck)["What is a closure?"]
    assert counts(s.sync()) == (0, 0, 3)


def test_an_old_record_is_adopted_only_by_the_collection_it_checks_out_against(
    anki2: AnkiConnect, tmp_path: Path
) -> None:
    deck = "Profiles Migration"
    s = Syncer(make_vault(tmp_path / "vault", deck), anki2, tmp_path / "cache")
    assert counts(s.sync()) == (3, 0, 0)
    one = identity(anki2)
    new, legacy = s.record(one), s.record(None)  # None: keyed by vault and URL, as before
    old_text = new.read_text(encoding="utf-8")
    recorded = load_state(new).notes
    # (every note of our types in this profile, other tests' too: this vault's are "mine")
    assert sum(r.mine for r in recorded.values()) == 3 and not legacy.exists()

    # An old record that does not check out (two GUIDs swapped, as a hand edit would) is left
    # as it is; every note is read back from Anki instead, and none is added twice.
    data = json.loads(old_text)
    a, b = sorted(data["notes"])[:2]
    data["notes"][a][0], data["notes"][b][0] = data["notes"][b][0], data["notes"][a][0]
    swapped = json.dumps(data)
    new.unlink()
    legacy.write_text(swapped, encoding="utf-8")
    report = s.sync()
    assert counts(report) == (0, 0, 3) and report["rescanned"] == len(recorded)
    assert legacy.read_text(encoding="utf-8") == swapped and new.is_file()
    assert load_state(new).notes == recorded

    # A good old record: another profile (none of its notes there) leaves it alone ...
    new.unlink()
    legacy.write_text(old_text, encoding="utf-8")
    open_profile(anki2, SECOND_PROFILE)
    assert counts(s.sync()) == (3, 0, 0)
    assert legacy.read_text(encoding="utf-8") == old_text
    # ... and the profile it came from adopts it: nothing read back note by note, nothing
    # re-sent, and the old file is gone once the new one is written.
    open_profile(anki2, PROFILE)
    report = s.sync()
    assert counts(report) == (0, 0, 3) and report["rescanned"] == 0
    assert not legacy.exists() and load_state(new).notes == recorded


def test_profiles_holding_the_same_notes_each_get_an_edit(
    anki2: AnkiConnect, tmp_path: Path
) -> None:
    """The case that stayed stale: one .apkg imported into both profiles gives them the same
    note ids (Anki keeps a package's ids), so a record shared between them said "unchanged"
    to the profile that still held the old text."""
    deck = "Profiles Same Ids"
    s = Syncer(make_vault(tmp_path / "vault", deck), anki2, tmp_path / "cache")
    apkg = tmp_path / "deck.apkg"
    exported = CliRunner().invoke(main, ["export", str(s.vault), "-o", str(apkg), "-q"])
    assert exported.exit_code == 0, exported.output
    anki2.call("importPackage", path=str(apkg))
    ids = set(anki2.call("findNotes", query=f'"deck:{deck}"'))
    open_profile(anki2, SECOND_PROFILE)
    anki2.call("importPackage", path=str(apkg))
    assert set(anki2.call("findNotes", query=f'"deck:{deck}"')) == ids and len(ids) == 3
    assert counts(s.sync()) == (0, 0, 3)
    open_profile(anki2, PROFILE)
    assert counts(s.sync()) == (0, 0, 3)

    note = s.vault / deck / "Event Loop.md"
    note.write_text("# Что такое Event Loop?\n\n## Answer\n\nОчередь задач.\n", encoding="utf-8")
    assert counts(s.sync()) == (0, 1, 2)
    open_profile(anki2, SECOND_PROFILE)
    assert "Очередь" not in s.answers(deck)["Что такое Event Loop?"]
    assert counts(s.sync()) == (0, 1, 2)  # not "3 unchanged"
    assert "Очередь" in s.answers(deck)["Что такое Event Loop?"]


def test_the_profile_is_the_media_folders_parent_when_the_add_on_cannot_say() -> None:
    # The vendored add-on has no getActiveProfile (the tests above go this way); newer ones do.
    windows = r"C:\Users\Мария\AppData\Roaming\Anki2\Work Profile\collection.media"
    assert identity_of(None, windows) == AnkiIdentity("Work Profile", windows)
    assert identity_of("Work Profile", windows) == AnkiIdentity("Work Profile", windows)
    assert identity_of(None, "/anki/User 1/collection.media/").profile == "User 1"
    assert identity_of("User 1", None) == AnkiIdentity("User 1", "")
    assert identity_of(None, None) is None  # an add-on that says neither: kept per URL
