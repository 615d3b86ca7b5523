"""The README's map of the code (its Development section) names every module and package of
src/vault2anki, and the first screen's test command is the one the Development section and
.ci/run use: a module added without a word there fails here."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
PACKAGE = REPO / "src" / "vault2anki"


def _development() -> str:
    start = README.index("\n## Development")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def _modules() -> list[str]:
    names = [
        f"{p.name}/" if p.is_dir() else p.name
        for p in PACKAGE.iterdir()
        if (p.is_dir() and (p / "__init__.py").is_file())
        or (p.suffix == ".py" and p.name not in ("__init__.py", "__main__.py"))
    ]
    return sorted(names)


def test_the_code_map_names_every_module_and_package() -> None:
    section = _development()
    missing = [name for name in _modules() if f"`{name}`" not in section]
    assert missing == [], f"name these in the README's Development section: {missing}"


def _install_commands(text: str) -> set[str]:
    return set(re.findall(r'pip install (?:--quiet )?(-e "\.\[\w+\]")', text))


def test_one_test_command() -> None:
    first_screen = README[: README.index("\n## ")]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert _install_commands(first_screen) == _install_commands(_development())
    assert _install_commands(first_screen) == _install_commands(ci) == {'-e ".[dev]"'}
    # what .ci/run runs after the tests, the Development section lists
    for tool in ("ruff check src tests benchmarks", "ruff format --check", "mypy"):
        assert tool in ci and tool in _development(), tool
