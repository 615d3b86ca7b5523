"""The command line through click's CliRunner: exit codes, summary, help, version, commands."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import cli_argv, make_vault

from vault2anki import __version__
from vault2anki.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_export_writes_the_deck_and_prints_one_summary_line(
    runner: CliRunner, example_vault: Path, tmp_path: Path
) -> None:
    out = tmp_path / "deck.apkg"
    result = runner.invoke(main, ["export", str(example_vault), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"7 cards in 7 notes from 8 note files, 4 media files, 0 warnings → .*deck\.apkg"
        r" \(\d+ KiB\)",
        last,
    ), last
    # The deck's size, as a phone downloads it (issue 23).
    assert last.endswith(f"({round(out.stat().st_size / 1024)} KiB)"), last


def test_default_output_is_the_vault_name_in_the_current_folder(
    runner: CliRunner, example_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["export", str(example_vault)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "vault.apkg").is_file()


def test_answer_heading_option_replaces_the_defaults(runner: CliRunner, tmp_path: Path) -> None:
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "a.md").write_text("# Q\n## Solution\nS\n")
    (vault / "b.md").write_text("# Q\n## Answer\nA\n")
    out = tmp_path / "o.apkg"
    result = runner.invoke(
        main, ["export", str(vault), "-o", str(out), "--answer-heading", "Solution"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 cards in 1 notes from 2 note files")


def test_no_cards_is_exit_1_with_a_message(runner: CliRunner, tmp_path: Path) -> None:
    vault = tmp_path / "empty"
    vault.mkdir()
    (vault / "note.md").write_text("# Just a note\n")
    result = runner.invoke(main, ["export", str(vault), "-o", str(tmp_path / "x.apkg")])
    assert result.exit_code == 1
    assert "no cards found" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "x.apkg").exists()


def test_usage_errors_are_exit_2(runner: CliRunner, tmp_path: Path, example_vault: Path) -> None:
    assert runner.invoke(main, ["export", str(tmp_path / "missing")]).exit_code == 2
    assert runner.invoke(main, ["export"]).exit_code == 2
    assert runner.invoke(main, ["export", str(example_vault), "--bogus"]).exit_code == 2
    both = ["export", str(example_vault), "--frozen", "--no-lock"]
    assert runner.invoke(main, both).exit_code == 2


def test_help_and_version(runner: CliRunner) -> None:
    assert __version__ in runner.invoke(main, ["--version"]).stdout
    for args in (
        ["--help"],
        ["export", "--help"],
        ["check", "--help"],
        ["list", "--help"],
        ["diff", "--help"],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 0 and "Usage:" in result.stdout


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run(
        cli_argv("--version"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and __version__ in proc.stdout


def test_export_json_report(runner: CliRunner, example_vault: Path, tmp_path: Path) -> None:
    (example_vault / "broken.md").write_text("# Q\n## Answer\n![[missing.png]]\n")
    out = tmp_path / "deck.apkg"
    result = runner.invoke(main, ["export", str(example_vault), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["cards"] == 8 and report["media_files"] == 4
    assert report["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    [warning] = report["warnings"]
    assert (warning["path"], warning["line"], warning["kind"]) == ("broken.md", 3, "missing-media")


def test_strict_writes_nothing_when_there_are_warnings(
    runner: CliRunner, example_vault: Path, tmp_path: Path
) -> None:
    (example_vault / "broken.md").write_text("# Q\n## Answer\n![[missing.png]]\n")
    out = tmp_path / "deck.apkg"
    result = runner.invoke(main, ["export", str(example_vault), "-o", str(out), "--strict"])
    assert result.exit_code == 1
    assert "broken.md:3: warning:" in result.stderr and "--strict" in result.stderr
    assert not out.exists()


def test_quiet_prints_nothing_on_success(
    runner: CliRunner, example_vault: Path, tmp_path: Path
) -> None:
    (example_vault / "broken.md").write_text("# Q\n## Answer\n![[missing.png]]\n")
    result = runner.invoke(
        main, ["export", str(example_vault), "-o", str(tmp_path / "d.apkg"), "-q"]
    )
    assert result.exit_code == 0 and result.output == ""


def test_check_reports_problems_and_writes_nothing(runner: CliRunner, example_vault: Path) -> None:
    before = sorted(p.name for p in example_vault.rglob("*"))
    assert runner.invoke(main, ["check", str(example_vault)]).exit_code == 0
    (example_vault / "broken.md").write_text("# Q\n## Answer\n![[missing.png]]\n")
    result = runner.invoke(main, ["check", str(example_vault)])
    assert result.exit_code == 0
    assert "broken.md:3: warning: embedded file not found" in result.stderr
    strict = runner.invoke(main, ["check", str(example_vault), "--strict"])
    assert strict.exit_code == 1
    assert sorted(p.name for p in example_vault.rglob("*")) == sorted([*before, "broken.md"])


def test_list_rows_and_json(runner: CliRunner, example_vault: Path) -> None:
    result = runner.invoke(main, ["list", str(example_vault)])
    assert result.exit_code == 0
    rows = result.stdout.strip().splitlines()
    assert len(rows) == 7
    assert "vault\tPython/Decorators.md:9\tWhat is a decorator in Python?" in rows
    data = json.loads(runner.invoke(main, ["list", str(example_vault), "--json"]).stdout)
    assert {
        "deck": "vault",
        "source": "Python/Generators.md",
        "line": 5,
        "question": "What does yield do?",
    } in data


def test_list_json_keeps_whole_questions_and_the_table_shortens_them(
    runner: CliRunner, tmp_path: Path
) -> None:
    long = "Why " + "does this very long question go on " * 8 + "?"
    (tmp_path / "long.md").write_text(f"# {long}\n## Answer\nBecause.\n", encoding="utf-8")
    [row] = json.loads(runner.invoke(main, ["list", str(tmp_path), "--json"]).stdout)
    assert row["question"] == long and len(long) > 200
    [line] = runner.invoke(main, ["list", str(tmp_path)]).stdout.splitlines()
    cell = line.split("\t")[2]
    assert cell.endswith("…") and len(cell) == 100 and long.startswith(cell[:-1])


def test_list_reports_skipped_notes_on_stderr_like_export(
    runner: CliRunner, tmp_path: Path
) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(f"---\nid: q-1\n---\n# {name}?\n## Answer\nYes.\n")
    for args in (["--json"], []):
        result = runner.invoke(main, ["list", str(tmp_path), *args])
        assert result.exit_code == 0, result.output
        assert "b.md:2: error: frontmatter id 'q-1' is already used by a.md:2" in result.stderr
        assert "b.md" not in result.stdout  # the listing is of cards that export
    quiet = runner.invoke(main, ["list", str(tmp_path), "-q"])
    assert "error:" in quiet.stderr
    (tmp_path / "c.md").write_text("# C?\n## Answer\n\n")
    assert "empty" in runner.invoke(main, ["list", str(tmp_path)]).stderr
    assert "empty" not in runner.invoke(main, ["list", str(tmp_path), "-q"]).stderr


def test_diff_help_says_what_stale_means(runner: CliRunner) -> None:
    text = " ".join(runner.invoke(main, ["diff", "--help"]).output.split())
    assert "stale (differs from OLD's copy but is not newer, so Anki's importer skips it" in text


def test_diff_old_package_against_the_vault(
    runner: CliRunner, example_vault: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.apkg"
    assert runner.invoke(main, ["export", str(example_vault), "-o", str(old)]).exit_code == 0
    (example_vault / "Python/Decorators.md").unlink()
    (example_vault / "Python/New.md").write_text("# New?\n## Answer\nYes.\n")
    note = example_vault / "Python/Generators.md"
    note.write_text(note.read_text().replace("consumed only once", "consumed ONE time"))
    result = runner.invoke(main, ["diff", str(old), str(example_vault)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("1 new, 1 changed, 0 stale, 5 unchanged, 1 orphaned")
    assert "Python/Decorators.md" in result.stdout  # named, so it can be deleted by hand
    data = json.loads(runner.invoke(main, ["diff", str(old), str(example_vault), "--json"]).stdout)
    assert data["counts"]["orphaned"] == 1 and data["orphaned"][0]["source"] == (
        "Python/Decorators.md"
    )
    new = tmp_path / "new.apkg"
    runner.invoke(main, ["export", str(example_vault), "-o", str(new)])
    same = runner.invoke(main, ["diff", str(old), str(new)])
    assert same.stdout.strip().endswith("1 new, 1 changed, 0 stale, 5 unchanged, 1 orphaned")


def test_diff_keeps_notes_not_read_this_run(
    runner: CliRunner, example_vault: Path, tmp_path: Path
) -> None:
    """An excluded, skipped or failing note is not "gone from the vault" (review1 #1)."""
    old = tmp_path / "old.apkg"
    assert runner.invoke(main, ["export", str(example_vault), "-o", str(old)]).exit_code == 0
    (example_vault / "Python/Decorators.md").unlink()  # really gone: the one orphan
    deep = example_vault / "Python/Generators.md"
    deep.write_text(deep.read_text() + "\n" + ">" * 150 + " deep\n")  # an error this run
    args = ["diff", str(old), str(example_vault), "--exclude", "Frontend/*", "--json"]
    data = json.loads(runner.invoke(main, args).stdout)
    assert [o["source"] for o in data["orphaned"]] == ["Python/Decorators.md"]
    kept = sorted(k["why"].split(":")[0] for k in data["kept"])
    assert {k for k in kept if not k.startswith("Frontend/")} == {"Python/Generators.md"}
    assert any(k.startswith("Frontend/") for k in kept)  # the excluded notes' cards
    text = runner.invoke(main, args[:-1]).stdout
    assert "= kept (source skipped this run; not gone, do not delete)" in text
    assert text.strip().endswith(f"1 orphaned, {len(kept)} kept")


def test_frozen_cli_lists_the_differences(
    runner: CliRunner, example_vault: Path, tmp_path: Path
) -> None:
    out = str(tmp_path / "d.apkg")
    assert runner.invoke(main, ["export", str(example_vault), "-o", out]).exit_code == 0
    assert runner.invoke(main, ["export", str(example_vault), "-o", out, "--frozen"]).exit_code == 0
    (example_vault / "Python/New.md").write_text("# New?\n## Answer\nYes.\n")
    result = runner.invoke(main, ["export", str(example_vault), "-o", out, "--frozen"])
    assert result.exit_code == 1
    assert "vault2anki.lock would change" in result.stderr and "Python/New.md" in result.stderr


def test_progress_is_reported_to_the_library_caller(tmp_path: Path) -> None:
    from vault2anki import Options, build

    vault = make_vault(
        tmp_path / "v", {f"n{i}.md": f"# Q{i}?\n## Answer\nA{i}\n" for i in range(30)}
    )
    seen: list[tuple[int, int]] = []
    build(Options.of(vault, no_cache=True), progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 30) and seen[-1] == (30, 30)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    """Under a pseudo-terminal a long export draws a bar on stderr; CliRunner (a pipe) gets
    none — see the exact one-line outputs asserted above."""
    import os
    import pty

    vault = make_vault(
        tmp_path / "v", {f"n{i}.md": f"# Q{i}?\n## Answer\nA{i}\n" for i in range(600)}
    )
    pid, fd = pty.fork()
    if pid == 0:  # child: the CLI with a terminal for stdout and stderr
        env = {k: v for k, v in os.environ.items() if k != "CI"}
        os.execve(
            sys.executable,
            cli_argv(
                "export", str(vault), "-o", str(tmp_path / "d.apkg"), "--no-lock", "--jobs", "1"
            ),
            env,
        )
    chunks = []
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    text = b"".join(chunks).decode(errors="replace")
    assert "Rendering" in text and "100%" in text
    assert "600 cards in 600 notes from 600 note files" in text
