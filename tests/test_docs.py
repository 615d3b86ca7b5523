"""The README documents every command and every option (as sqlite-utils' test_docs does): an
option added without a word in the README fails here."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

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


def _library_example() -> str:
    section = README[README.index("## Using it as a library") :]
    return section[section.index("```python\n") + 10 : section.index("```\n", 10)]


def test_the_library_example_runs_on_the_public_api(
    example_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    import vault2anki

    code = _library_example()
    imported = re.findall(r"^from vault2anki(\S*) import (.+)$", code, re.M)
    assert imported and all(module == "" for module, _ in imported)  # the package's face only
    names = {n.strip() for _, names in imported for n in names.split(",")}
    assert names <= set(vault2anki.__all__)
    monkeypatch.chdir(tmp_path)
    shutil.copytree(example_vault, tmp_path / "examples" / "vault")
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "example.apkg").is_file()
    assert re.match(r"\d+ cards; \d+ warnings", capsys.readouterr().out)
