"""Workers that die and notes that never finish: an error naming the note, never a hang."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from vault2anki.export import parallel, pool

from .conftest import GOOD, deck_fields, export

# A card the engine would take minutes over (`slow_engine` makes it so: markdown-it has no
# input known to be that slow, but the budget must hold for the next one found).
BRACKETS = "# Why is this slow?\n## Answer\nSLOW " + "[" * 20_000 + "\n"


@pytest.fixture
def slow_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendering a card that holds `SLOW` burns CPU until interrupted (the budget counts CPU
    time); forked workers inherit the patch."""
    from vault2anki.render.renderer import Renderer

    convert = Renderer.convert

    def slow(self: Renderer, text: str, context: object = None) -> str:
        while "SLOW" in text:
            sum(range(10_000))
        return convert(self, text, context)  # type: ignore[arg-type]

    monkeypatch.setattr(Renderer, "convert", slow)


def _many(root: Path, n: int) -> None:
    for i in range(n):
        (root / f"note {i:03}.md").write_text(GOOD.replace("good", f"good {i}"), encoding="utf-8")


@pytest.fixture
def pooled(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool even for a test-sized vault, with small chunks so that there are many."""
    monkeypatch.setattr(parallel, "MIN_NOTES_PER_JOB", 1)
    monkeypatch.setattr(parallel, "CHUNK_NOTES", 4)


def test_a_killed_worker_ends_the_export_naming_its_note(
    vault: Path, out: Path, pooled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many(vault, 60)
    first = export(vault, out, "--jobs", "1", "--no-cache")
    assert first.code == 0, first.result.output
    before = out.read_bytes()
    lock = (vault / "vault2anki.lock").read_bytes()
    (vault / "new.md").write_text("# A new question?\n## Answer\nYes.\n", encoding="utf-8")

    real = pool.run_pool
    killed: list[int] = []

    def kill_one_worker(work: Any, chunks: Any, jobs: int, on_chunk: Any) -> None:
        def arrived(tasks: Any, results: Any) -> None:
            if not killed:  # as the OOM killer would: from outside, mid-export
                victim = multiprocessing.active_children()[0]
                os.kill(victim.pid, signal.SIGKILL)  # type: ignore[arg-type]
                killed.append(victim.pid)  # type: ignore[arg-type]
            on_chunk(tasks, results)

        real(work, chunks, jobs, arrived)

    monkeypatch.setattr(parallel, "run_pool", kill_one_worker)
    run = export(vault, out, "--jobs", "2", "--no-cache")
    assert killed
    assert run.code == 1
    message = run.lines[-1]
    assert "worker process rendering this note died (killed by SIGKILL" in message, run.lines
    named = message.removeprefix("Error: ").split(": the worker process")[0]
    assert (vault / named).is_file() and named.endswith(".md"), message
    assert out.read_bytes() == before  # the previous package is intact
    assert (vault / "vault2anki.lock").read_bytes() == lock
    assert not multiprocessing.active_children()  # the other worker was stopped too


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_note_over_the_time_budget_is_skipped_and_the_export_goes_on(
    vault: Path, out: Path, pooled: None, jobs: str, slow_engine: None
) -> None:
    _many(vault, 10)
    (vault / "slow.md").write_text(BRACKETS, encoding="utf-8")
    # Rendered after the interrupted note, by the same process: markup must still render.
    (vault / "zz after.md").write_text("# After?\n## Answer\nStill *emphasis*.\n", "utf-8")
    run = export(vault, out, "--jobs", jobs, "--time-budget", "0.5")
    assert run.code == 1  # an error: scripts and CI see it
    slow = [line for line in run.lines if line.startswith("slow.md")]
    assert slow == [
        "slow.md: error: rendering took longer than 0.5 s, so this note is skipped — look for "
        "a very long line (thousands of brackets or backticks), split the note, or raise "
        "--time-budget"
    ]
    assert len(run.questions()) == 12  # every other note made its card
    [after] = [fields for fields in deck_fields(out) if fields[0] == "<p>After?</p>"]
    assert after[1] == "<p>Still <em>emphasis</em>.</p>"
    assert not multiprocessing.active_children()


def test_the_time_budget_comes_from_the_config_file(
    vault: Path, out: Path, slow_engine: None
) -> None:
    (vault / "slow.md").write_text(BRACKETS, encoding="utf-8")
    (vault / "vault2anki.toml").write_text("time-budget = 0.5\n", encoding="utf-8")
    run = export(vault, out, "--jobs", "1")
    assert any(
        line.startswith("slow.md: error: rendering took longer than 0.5 s") for line in run.lines
    )
    assert len(run.questions()) == 1


def test_a_timed_out_note_is_not_cached(vault: Path, out: Path, tmp_path: Path) -> None:
    """A larger budget later must be able to render it: the skip is not remembered."""
    (vault / "slow.md").write_text("# Slowish?\n## Answer\n" + "![[a" * 3_000 + "\n", "utf-8")
    skipped = export(vault, out, "--jobs", "1", "--time-budget", "0.001")
    assert any(line.startswith("slow.md: error") for line in skipped.lines)
    again = export(vault, out, "--jobs", "1", "--time-budget", "0")
    assert again.code == 0, again.lines
    assert len(again.questions()) == 2


def test_the_budget_is_per_card_so_a_note_of_many_quick_cards_renders(
    vault: Path, out: Path
) -> None:
    body = "".join(f"## Question {i}?\n### Answer\nAnswer *{i}*.\n\n" for i in range(2_000))
    (vault / "many.md").write_text(body, encoding="utf-8")
    run = export(vault, out, "--jobs", "1", "--time-budget", "2", "--no-cache")
    assert run.code == 0, run.lines
    assert len(run.questions()) == 2_001
