"""sync's usage rules for --watch, --debounce and --dry-run, where each value came from.

`watch = true` or `debounce = 5` in vault2anki.toml are defaults for the days one watches; they
must not turn a plain `sync` or a typed `--dry-run` into a usage error (exit 2). Nothing here
reaches an Anki: the URL is a closed port, so a sync that gets past its usage checks exits 1
saying it cannot reach Anki."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import make_vault
from vault2anki.cli import main

CLOSED = "http://127.0.0.1:9"  # discard port: nothing listens


def run(vault: Path, toml: str, *args: str) -> tuple[int, str]:
    (vault / "vault2anki.toml").write_text(toml, encoding="utf-8")
    result = CliRunner().invoke(main, ["sync", str(vault), "--anki-connect", CLOSED, *args])
    return result.exit_code, result.output


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(
        tmp_path / "Мой vault", {"Вопрос.md": "# Что такое DOM?\n\n## Ответ\n\nДерево.\n"}
    )


def test_typed_together_they_clash(vault: Path) -> None:
    code, out = run(vault, "", "--watch", "--dry-run")
    assert code == 2 and "leave out --dry-run" in out
    code, out = run(vault, "", "--debounce", "3")
    assert code == 2 and "--debounce is for --watch" in out


def test_a_debounce_from_the_file_waits_for_a_watch(vault: Path) -> None:
    code, out = run(vault, "debounce = 5\n")
    assert code == 1 and "cannot reach Anki" in out and "--debounce" not in out


def test_a_typed_dry_run_is_one_look_even_when_the_file_says_watch(vault: Path) -> None:
    code, out = run(vault, "watch = true\n", "--dry-run")
    assert code == 1 and "cannot reach Anki" in out and "--dry-run" not in out


def test_a_typed_watch_with_a_dry_run_from_the_file_clashes(vault: Path) -> None:
    code, out = run(vault, "dry-run = true\n", "--watch")
    assert code == 2 and "leave out --dry-run" in out
