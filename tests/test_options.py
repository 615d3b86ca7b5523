"""The options object: one field per command-line option, built the same from the command line,
from `vault2anki.toml` and from the library."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from helpers import make_vault

from vault2anki import ExportResult
from vault2anki.cli import commands as cli
from vault2anki.cli import main
from vault2anki.options import FIELD_PART, Options, OptionsError, cli_fields


def test_fields_are_routed_to_their_parts_by_name() -> None:
    options = Options.of(
        Path("v"), answer_heading=["Solution"], links="obsidian", deck="D", no_lock=True
    )
    assert options.layout.answer_heading == ("Solution",)  # lists become tuples
    assert options.render.links == "obsidian"
    assert options.deck.deck == "D"
    assert options.run.no_lock
    assert Options.of(Path("v")) == Options(vault=Path("v"))
    with pytest.raises(TypeError, match="answer_markers"):
        Options.of(Path("v"), answer_markers=["x"])


def test_values_are_normalised_and_validated() -> None:
    options = Options.of(Path("v"), flashcards_tag=" #cards ", frontmatter_question="")
    assert options.layout.flashcards_tag == ("cards",)
    assert options.layout.frontmatter_question is None
    assert Options.of(Path("v"), flashcards_tag="").layout.flashcards_tag == ()
    assert Options.of(Path("v"), flashcards_tag=("a", "#b/c")).layout.flashcards_tag == ("a", "b/c")
    for bad in (
        {"frontmatter_tag": ["x"]},
        {"sr_inline": "::", "sr_inline_reversed": "::"},
        {"frozen": True, "no_lock": True},
        {"links": "html"},
    ):
        with pytest.raises(OptionsError):
            Options.of(Path("v"), **bad)


def test_replace_changes_some_fields_and_validates_again() -> None:
    options = Options.of(Path("v"), deck="D", jobs=2)
    changed = options.replace(jobs=1, links="obsidian")
    assert (changed.deck.deck, changed.run.jobs, changed.render.links) == ("D", 1, "obsidian")
    with pytest.raises(OptionsError):
        options.replace(frozen=True, no_lock=True)


def test_the_cache_key_follows_what_shapes_cards_only() -> None:
    base = Options.of(Path("v"))
    assert base.replace(jobs=3, no_lock=True, output=Path("x")).cards_key() == base.cards_key()
    for shaping in ({"answer_heading": ["A"]}, {"links": "obsidian"}, {"deck_from_folders": True}):
        assert base.replace(**shaping).cards_key() != base.cards_key()


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[Options]:
    seen: list[Options] = []

    def fake_plan(options: Options, progress: Any = None, spool: Any = None) -> ExportResult:
        seen.append(options)
        raise cli.Vault2AnkiError("stop here")

    monkeypatch.setattr(cli, "plan_export", fake_plan)
    return seen


def test_command_line_and_config_file_build_the_same_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _spy(monkeypatch)
    vault = make_vault(tmp_path / "v", {"a.md": "# Q\n## Answer\nA\n"})
    args = ["--answer-heading", "Sol", "--deck", "D", "--no-lock", "--jobs", "2"]
    args += ["--no-sr-highlight-cloze", "-o", str(tmp_path / "o.apkg")]
    CliRunner().invoke(main, ["export", str(vault), *args])
    (vault / "vault2anki.toml").write_text(
        'answer-heading = "Sol"\ndeck = "D"\nno-lock = true\njobs = 2\n'
        f'sr-highlight-cloze = false\noutput = "{tmp_path / "o.apkg"}"\n',
        encoding="utf-8",
    )
    CliRunner().invoke(main, ["export", str(vault)])
    from_args, from_file = seen
    assert from_args == from_file
    assert from_args == Options.of(
        vault,
        answer_heading=("Sol",),
        deck="D",
        no_lock=True,
        jobs=2,
        sr_highlight_cloze=False,
        output=tmp_path / "o.apkg",
    )


def test_every_option_field_is_a_command_line_option() -> None:
    export = main.commands["export"]
    check = main.commands["check"]
    names = {p.name for p in export.params if isinstance(p, click.Option)}
    for _, field in cli_fields():
        assert field.name in names
    assert {f for f in FIELD_PART if f not in names} == {"cache_dir"}  # library only
    # Options of commands that write a deck are not offered where nothing is written.
    check_names = {p.name for p in check.params}
    assert "output" not in check_names and "frozen" not in check_names
    assert "answer_heading" in check_names and "strict" in check_names


@pytest.mark.parametrize("command", ["check", "preview", "list"])
def test_commands_that_read_no_lock_do_not_offer_no_lock(command: str, tmp_path: Path) -> None:
    """check, list and preview only build cards; the lock is read when identities are settled
    (export, diff, sync), so --no-lock would change nothing there."""
    vault = make_vault(tmp_path / "v", {"a.md": "# Q\n## Answer\nA\n"})
    runner = CliRunner()
    assert "--no-lock" not in runner.invoke(main, [command, "--help"]).output
    assert "--no-lock" in runner.invoke(main, ["export", "--help"]).output
    refused = runner.invoke(main, [command, str(vault), "--no-lock"])
    assert refused.exit_code == 2 and "No such option '--no-lock'" in refused.output
    # One vault2anki.toml serves every command: export's key is skipped here, not an error.
    (vault / "vault2anki.toml").write_text("no-lock = true\n", encoding="utf-8")
    args = [command, str(vault)] + (["-o", str(tmp_path / "site")] if command == "preview" else [])
    assert runner.invoke(main, args).exit_code == 0


def test_sync_does_not_offer_output_it_writes_no_package() -> None:
    help_text = CliRunner().invoke(main, ["sync", "--help"]).output
    assert "--output" not in help_text and "--frozen" in help_text


def test_a_misspelt_excluded_option_is_caught_when_the_command_is_declared() -> None:
    from vault2anki.cli.options import vault_options

    with pytest.raises(ValueError, match="no_lok"):
        vault_options(without=("no_lok",))


def test_the_negative_spelling_of_a_flag_in_the_config_file_means_what_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _spy(monkeypatch)
    vault = make_vault(tmp_path / "v", {"a.md": "# Q\n## Answer\nA\n"})
    for line, expected in [
        ("no-sr-highlight-cloze = true", False),
        ("no-sr-highlight-cloze = false", True),
        ("sr-highlight-cloze = false", False),
    ]:
        (vault / "vault2anki.toml").write_text(line + "\n", encoding="utf-8")
        CliRunner().invoke(main, ["export", str(vault)])
        assert seen[-1].layout.sr_highlight_cloze is expected, line
