"""`sync` without a usable home folder: one warning, and the sync still happens — as `export`
does without one (tests/bad_input/test_cache_faults.py). The record of what Anki holds simply
is not kept, with or without --no-cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vault2anki.cli import main
from vault2anki.sync.ankiconnect import AnkiConnect


def _no_home(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    if how == "relative":
        monkeypatch.setenv("HOME", "relhome")  # Path.home() is not absolute
        return
    monkeypatch.delenv("HOME", raising=False)
    import pwd

    def no_entry(uid: int) -> object:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)  # Path.home() raises KeyError


@pytest.mark.parametrize("how", ["relative", "unset"])
@pytest.mark.parametrize("no_cache", [True, False])
def test_sync_without_a_home_warns_once_and_syncs(
    tmp_path: Path, anki: AnkiConnect, monkeypatch: pytest.MonkeyPatch, how: str, no_cache: bool
) -> None:
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / f"homeless-{how}-{no_cache}.md").write_text(
        f"# Homeless {how} {no_cache}?\n\n## Answer\n\nYes.\n"
    )
    _no_home(monkeypatch, how)
    deck = f"Homeless-{how}-{no_cache}"
    args = ["sync", str(vault), "--anki-connect", anki.url, "--deck", deck]
    result = CliRunner().invoke(main, [*args, *(["--no-cache"] if no_cache else [])])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    homeless = [line for line in result.stderr.splitlines() if "no home directory" in line]
    assert len(homeless) == 1, result.stderr
    assert "XDG_CACHE_HOME" in homeless[0]
    assert result.stdout.startswith("1 added"), result.stdout
    found = anki.call("findNotes", query=f'"deck:{deck}"')
    assert len(found) == 1
    # --json carries the warning too
    quiet = CliRunner().invoke(main, [*args, "--no-cache", "--json"])
    assert quiet.exit_code == 0, quiet.output
    kinds = [w["kind"] for w in json.loads(quiet.stdout)["warnings"]]
    assert kinds == ["cache-unusable"]
