"""Issue 21: AnkiConnect with an API key (its `apiKey` setting), against a real Anki desktop
whose add-on is configured with one.

Without the key: one line that says how to give it. A wrong key: one line that says so. With
it — from `--anki-connect-key`, `ANKICONNECT_API_KEY` or `anki-connect-key` in vault2anki.toml,
in that order of precedence — a sync that works. The key is never printed, nor written to
the sync record, the sync lock or vault2anki.lock.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.helpers import PNG
from vault2anki.cli import main
from vault2anki.identities.lock import LOCK_NAME
from vault2anki.sync.ankiconnect import AnkiConnect, AnkiConnectError, act

from .conftest import API_KEY

WRONG = "not-the-key-4a1b"
DECK = "Api Key"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / DECK).mkdir(parents=True)
    (root / DECK / "Pasted image note.md").write_text(
        "# Что такое ключ?\n\n## Answer\n\nA secret AnkiConnect asks for.\n", encoding="utf-8"
    )
    return root


def run(vault: Path, url: str, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        main,
        ["sync", str(vault), "--anki-connect", url, "--deck", DECK, *args],
        env={"XDG_CACHE_HOME": str(vault.parent / "cache"), **(env or {})},
    )


def leaked(result: Result, vault: Path, *keys: str) -> list[str]:
    """Where any of `keys` shows up: the output, or a file this tool wrote (the record and
    sync lock in the cache folder, vault2anki.lock), vault2anki.toml aside."""
    places = {"stdout": result.stdout, "stderr": result.stderr}
    for path in (vault.parent / "cache").rglob("*"):
        if path.is_file():
            places[str(path)] = path.read_bytes().decode("utf-8", "replace")
    if (vault / LOCK_NAME).is_file():
        places[LOCK_NAME] = (vault / LOCK_NAME).read_text(encoding="utf-8")
    return [where for where, text in places.items() for key in keys if key in text]


def deck_notes(anki: AnkiConnect) -> list[int]:
    found: list[int] = anki.call("findNotes", query=f'"deck:{DECK}"')
    return found


@pytest.mark.parametrize("args", [(), ("--json",), ("--dry-run",)])
def test_without_the_key_one_line_says_how_to_give_it(
    keyed_anki: AnkiConnect, vault: Path, args: tuple[str, ...]
) -> None:
    result = run(vault, keyed_anki.url, *args)
    assert result.exit_code == 1  # as when Anki cannot be reached
    err = result.stderr.splitlines()
    assert len(err) == 1 and "Traceback" not in result.output, result.output
    assert err[0].startswith(f"Error: Anki at {keyed_anki.url} asks for an API key")
    for way in ("--anki-connect-key", "ANKICONNECT_API_KEY", "anki-connect-key in vault2anki.toml"):
        assert way in err[0]
    assert result.stdout == "" and not (vault / LOCK_NAME).exists()


@pytest.mark.parametrize(
    ("args", "env", "origin"),
    [
        (("--anki-connect-key", WRONG), {}, "--anki-connect-key"),
        ((), {"ANKICONNECT_API_KEY": WRONG}, "ANKICONNECT_API_KEY"),
        (("--json",), {"ANKICONNECT_API_KEY": WRONG}, "ANKICONNECT_API_KEY"),
    ],
)
def test_a_wrong_key_is_one_line_naming_where_it_came_from(
    keyed_anki: AnkiConnect, vault: Path, args: tuple[str, ...], env: dict[str, str], origin: str
) -> None:
    result = run(vault, keyed_anki.url, *args, env=env)
    assert result.exit_code == 1
    err = result.stderr.splitlines()
    assert len(err) == 1 and "Traceback" not in result.output, result.output
    assert f"refused the API key given ({origin})" in err[0]
    assert leaked(result, vault, WRONG, API_KEY) == []


def test_with_the_key_it_syncs_and_the_key_is_written_nowhere(
    keyed_anki: AnkiConnect, vault: Path
) -> None:
    before = set(deck_notes(keyed_anki))
    first = run(vault, keyed_anki.url, "--json", env={"ANKICONNECT_API_KEY": API_KEY})
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["counts"]["new"] == 1 and len(set(deck_notes(keyed_anki)) - before) == 1
    assert leaked(first, vault, API_KEY) == []
    # The flag wins over a wrong environment variable; the text output has the key nowhere.
    again = run(
        vault, keyed_anki.url, "--anki-connect-key", API_KEY, env={"ANKICONNECT_API_KEY": WRONG}
    )
    assert again.exit_code == 0, again.output
    assert "1 unchanged" in again.stdout
    assert leaked(again, vault, API_KEY, WRONG) == []
    assert API_KEY not in repr(keyed_anki)


def test_the_key_from_vault2anki_toml_and_the_environment_wins_over_it(
    keyed_anki: AnkiConnect, vault: Path
) -> None:
    (vault / "vault2anki.toml").write_text(f'anki-connect-key = "{API_KEY}"\n')
    from_file = run(vault, keyed_anki.url, "--dry-run")
    assert from_file.exit_code == 0, from_file.output
    assert "dry run: nothing changed" in from_file.stdout
    assert leaked(from_file, vault, API_KEY) == []
    wrong_env = run(vault, keyed_anki.url, env={"ANKICONNECT_API_KEY": WRONG})
    assert wrong_env.exit_code == 1
    assert "refused the API key given (ANKICONNECT_API_KEY)" in wrong_env.stderr
    (vault / "vault2anki.toml").write_text(f'anki-connect-key = "{WRONG}"\n')
    wrong_file = run(vault, keyed_anki.url)
    assert "refused the API key given (anki-connect-key in the options file)" in wrong_file.stderr
    assert leaked(wrong_file, vault, API_KEY, WRONG) == []


def test_a_key_given_to_an_anki_that_asks_for_none(anki: AnkiConnect, vault: Path) -> None:
    result = run(vault, anki.url, env={"ANKICONNECT_API_KEY": WRONG})
    assert result.exit_code == 1
    err = result.stderr.splitlines()
    assert len(err) == 1 and "has no API key set" in err[0] and "ANKICONNECT_API_KEY" in err[0]
    assert leaked(result, vault, WRONG) == []


def test_the_client_sends_the_key_in_every_request_and_shows_it_nowhere(
    keyed_anki: AnkiConnect, tmp_path: Path
) -> None:
    client = AnkiConnect(keyed_anki.url, key=API_KEY)
    # One action, a batch (each action in it needs the key too), a file streamed in base64.
    assert client.call("version") >= 6
    assert client.multi([act("version"), act("deckNames")])[0] >= 6
    picture = tmp_path / "Pasted image 20240101120000.png"
    picture.write_bytes(PNG)
    stored = client.call_with_file("storeMediaFile", {"filename": "api_key_test.png"}, picture)
    assert stored == "api_key_test.png"
    with pytest.raises(AnkiConnectError) as refused:
        AnkiConnect(keyed_anki.url, key=WRONG).multi([act("version")])
    assert WRONG not in str(refused.value) and WRONG not in repr(refused.value)
    assert API_KEY not in repr(client) and "key=given" in repr(client)
