"""The command line through click's CliRunner: exit codes, summary, help, version."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from vault2anki import __version__
from vault2anki.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_export_writes_the_deck_and_prints_one_summary_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "deck.apkg"
    result = runner.invoke(main, ["export", str(EXAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"7 cards from 8 note files, 4 media files, 0 warnings → .*deck\.apkg", last
    ), last


def test_default_output_is_the_vault_name_in_the_current_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["export", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "vault.apkg").is_file()


def test_answer_heading_option_replaces_the_defaults(runner: CliRunner, tmp_path: Path) -> None:
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "a.md").write_text("# Q\n## Solution\nS\n")
    (vault / "b.md").write_text("# Q\n## Answer\nA\n")
    result = runner.invoke(
        main, ["export", str(vault), "-o", str(tmp_path / "o.apkg"), "--answer-heading", "Solution"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 cards from 2 note files")


def test_no_cards_is_exit_1_with_a_message(runner: CliRunner, tmp_path: Path) -> None:
    vault = tmp_path / "empty"
    vault.mkdir()
    (vault / "note.md").write_text("# Just a note\n")
    result = runner.invoke(main, ["export", str(vault), "-o", str(tmp_path / "x.apkg")])
    assert result.exit_code == 1
    assert "no cards found" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "x.apkg").exists()


def test_usage_errors_are_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["export", str(tmp_path / "missing")]).exit_code == 2
    assert runner.invoke(main, ["export"]).exit_code == 2
    assert runner.invoke(main, ["export", str(EXAMPLES), "--bogus"]).exit_code == 2


def test_help_and_version(runner: CliRunner) -> None:
    assert __version__ in runner.invoke(main, ["--version"]).stdout
    for args in (["--help"], ["export", "--help"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0 and "Usage:" in result.stdout


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "vault2anki", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and __version__ in proc.stdout
