"""vault2anki.toml: options kept with the vault; flags win; every problem reported at once."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from vault2anki.cli import main


def test_config_supplies_options_and_flags_win(example_vault: Path, tmp_path: Path) -> None:
    (example_vault / "vault2anki.toml").write_text(
        'deck = "From config"\noutput = "build/deck.apkg"\nanswer_heading = "Answer"\n'
    )
    runner = CliRunner()
    result = runner.invoke(main, ["export", str(example_vault)])
    assert result.exit_code == 0, result.output
    assert (example_vault / "build/deck.apkg").is_file()  # relative to the config file
    # answer-heading = "Answer" only: the two Russian `Ответ` notes are no longer cards
    assert result.stdout.startswith("4 cards")
    rows = runner.invoke(main, ["list", str(example_vault)]).stdout.splitlines()
    assert rows and all(row.startswith("From config\t") for row in rows)  # `output` skipped
    flagged = runner.invoke(main, ["list", str(example_vault), "--deck", "Flag"]).stdout
    assert all(row.startswith("Flag\t") for row in flagged.splitlines())


def test_explicit_config_file(example_vault: Path, tmp_path: Path) -> None:
    config = tmp_path / "ci.toml"
    config.write_text('deck = "CI"\n')
    result = CliRunner().invoke(main, ["list", str(example_vault), "--config", str(config)])
    assert result.exit_code == 0 and result.stdout.startswith("CI\t")


def test_unknown_keys_and_bad_values_are_all_reported(example_vault: Path) -> None:
    config = example_vault / "vault2anki.toml"
    config.write_text('bogus = 1\nstrict = "maybe"\nanswer-heading = 3.5\n')
    result = CliRunner().invoke(main, ["export", str(example_vault)])
    assert result.exit_code == 2
    assert f"{config}: unknown key 'bogus'" in result.stderr
    assert f"{config}: bad value for 'strict'" in result.stderr
    assert f"{config}: bad value for 'answer-heading': Value must be an iterable" in result.stderr


def test_broken_toml_is_a_usage_error(example_vault: Path) -> None:
    (example_vault / "vault2anki.toml").write_text("deck = \n")
    result = CliRunner().invoke(main, ["check", str(example_vault)])
    assert result.exit_code == 2 and "not valid TOML" in result.stderr
