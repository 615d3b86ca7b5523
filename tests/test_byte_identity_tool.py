"""tools/byte_identity.py finds the corpora where the tests do, and never passes a case it did
not compare: an absent vault fails the run (or, with --allow-missing, is reported skipped)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
TOOL = REPO / "tools" / "byte_identity.py"


def _load(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.delenv("VAULT2ANKI_CORPORA", raising=False)
    spec = importlib.util.spec_from_file_location("byte_identity", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_default_corpora_sit_next_to_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    """/work/main → /work/shared/corpora: the folder tests/conftest.py and benchmarks use."""
    tool = _load(monkeypatch)
    assert REPO.parent / "shared" / "corpora" == tool.CORPORA
    corpus_cases = [vault for _, vault, _, _ in tool.CASES if tool.CORPORA in vault.parents]
    assert len(corpus_cases) == 6  # both corpora, three option sets each


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    empty = tmp_path / "no-corpora"
    empty.mkdir(exist_ok=True)
    env = {**os.environ, "VAULT2ANKI_CORPORA": str(empty)}
    command = [sys.executable, str(TOOL), "WORKTREE", "WORKTREE", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, cwd=tmp_path)


def test_absent_corpora_fail_the_run_and_are_never_counted_identical(tmp_path: Path) -> None:
    done = _run(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert sum("SKIPPED" in line for line in lines) == 6
    assert "3 of 3 compared cases identical, 6 skipped" in lines
    assert not any("9 of 9" in line for line in lines)
    allowed = _run(tmp_path, "--allow-missing")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "3 of 3 compared cases identical, 6 skipped" in allowed.stdout
