"""The README documents every command and every option (as sqlite-utils' test_docs does): an
option added without a word in the README fails here."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from vault2anki.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def spellings(command: click.Command) -> list[str]:
    """Every long option of `command`, both sides of a `--flag/--no-flag` pair."""
    return [
        opt
        for param in command.params
        if isinstance(param, click.Option)
        for opt in (*param.opts, *param.secondary_opts)
        if opt.startswith("--") and opt != "--help"
    ]


def named(text: str) -> bool:
    """`text` appears in the README as itself, not as the start of a longer option."""
    return re.search(rf"(?<![\w-]){re.escape(text)}(?![\w-])", README) is not None


@pytest.mark.parametrize("name", sorted(main.commands))
def test_the_readme_names_every_command(name: str) -> None:
    assert named(f"vault2anki {name}")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_the_readme_names_every_option(name: str) -> None:
    missing = [opt for opt in spellings(main.commands[name]) if not named(opt)]
    assert missing == [], f"vault2anki {name}: document {', '.join(missing)} in README.md"


def test_the_check_sees_a_missing_option() -> None:
    assert named("--deck") and not named("--deck-from-nowhere")
    assert "--no-sr-highlight-cloze" in spellings(main.commands["export"])
