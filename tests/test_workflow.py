"""examples/github-actions.yml: it parses, installs vault2anki from a source that exists at the
pinned version, shares one render cache between its commands, and publishes deck and preview."""

from __future__ import annotations

import shlex
import tomllib
from dataclasses import fields
from typing import Any

import pytest
import yaml
from conftest import REPO
from packaging.requirements import Requirement

import vault2anki
from vault2anki.options import DeckOptions, LayoutOptions, RenderOptions

WORKFLOW = REPO / "examples" / "github-actions.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = workflow["jobs"]["deck"]["steps"]
    return steps


def _commands(workflow: dict[Any, Any]) -> list[list[str]]:
    """Every shell command of the job, continuation lines joined, as argument lists."""
    script = "\n".join(str(s.get("run", "")) for s in _steps(workflow)).replace("\\\n", " ")
    return [shlex.split(line) for line in script.splitlines() if line.strip()]


def test_the_workflow_runs_on_a_tag_with_the_ci_flags(workflow: dict[Any, Any]) -> None:
    assert workflow[True]["push"]["tags"] == ["v*"]  # YAML reads the key `on` as True
    [export] = [c for c in _commands(workflow) if c[:2] == ["vault2anki", "export"]]
    assert {"--frozen", "--strict", "--json"} <= set(export)


def test_the_pinned_version_is_this_version(workflow: dict[Any, Any]) -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert workflow["env"]["VAULT2ANKI_VERSION"] == vault2anki.__version__ == project["version"]


def test_the_install_step_names_a_source_that_exists(workflow: dict[Any, Any]) -> None:
    """vault2anki is not on PyPI: `pip install vault2anki==X` cannot work. The step installs
    from the Git repository at the tag of the pinned version, a placeholder owner said so."""
    [install] = [c for c in _commands(workflow) if c[:2] == ["pip", "install"]]
    [argument] = install[2:]
    version = workflow["env"]["VAULT2ANKI_VERSION"]
    requirement = Requirement(argument.replace("${{ env.VAULT2ANKI_VERSION }}", version))
    assert requirement.name == "vault2anki"
    assert requirement.url is not None, "not on PyPI: install from the repository"
    assert requirement.url == f"git+https://github.com/OWNER/vault2anki@v{version}"
    assert "Replace OWNER" in WORKFLOW.read_text(encoding="utf-8")  # the placeholder is said


def _shaping(command: list[str]) -> list[tuple[str, str | None]]:
    """The card-shaping options (layout, render, deck: the render cache key) of a command."""
    names = {
        "--" + f.name.replace("_", "-")
        for part in (LayoutOptions, RenderOptions, DeckOptions)
        for f in fields(part)
    }
    names |= {"--no-" + n[2:] for n in names}
    found = []
    for i, token in enumerate(command):
        option = token.split("=", 1)[0]
        if option in names:
            value = command[i + 1] if i + 1 < len(command) else None
            found.append((option, value if value and not value.startswith("-") else None))
    return sorted(found)


def test_every_command_shares_the_card_shaping_options(workflow: dict[Any, Any]) -> None:
    """check, export and preview render under one cache key: the same cards, rendered once."""
    ours = [c for c in _commands(workflow) if c[:1] == ["vault2anki"]]
    assert {c[1] for c in ours} == {"check", "export", "preview"}
    shaping = {c[1]: _shaping(c) for c in ours}
    assert shaping["export"] == [("--deck", "$DECK")]
    assert shaping["check"] == shaping["export"] == shaping["preview"]
    assert workflow["env"]["DECK"] == "${{ github.event.repository.name }}"


def test_the_cache_persists_per_version_and_lock(workflow: dict[Any, Any]) -> None:
    steps = _steps(workflow)
    [cache] = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache@")]
    assert cache["with"]["path"] == "~/.cache/vault2anki"
    key = cache["with"]["key"]
    assert "${{ env.VAULT2ANKI_VERSION }}" in key and "hashFiles('vault2anki.lock')" in key
    install = next(s["run"] for s in steps if "pip install" in str(s.get("run", "")))
    assert "${{ env.VAULT2ANKI_VERSION }}" in install
    # Restored before the export runs, so the export reads it.
    export = next(i for i, s in enumerate(steps) if "vault2anki export" in str(s.get("run", "")))
    assert steps.index(cache) < export


def test_the_release_publishes_the_preview_next_to_the_deck(workflow: dict[Any, Any]) -> None:
    [upload] = [c for c in _commands(workflow) if c[:3] == ["gh", "release", "upload"]]
    assert "deck-${{ github.ref_name }}.apkg" in upload
    assert "preview-${{ github.ref_name }}.zip" in upload
