"""`-o` with a name Anki's File → Import does not offer (issue 23): written, with a warning
that says the name to use; `--strict` stops before writing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vault2anki.cli import main


def _run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stderr.splitlines()


@pytest.mark.parametrize("name", ["deck.zip", "Deck", "deck.APKG.bak"])
def test_an_output_not_named_apkg_is_a_warning(tmp_path: Path, name: str) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "Q.md").write_text("# Q?\n## Answer\nA.\n")
    code, lines = _run("export", str(root), "-o", str(tmp_path / name))
    assert code == 0 and (tmp_path / name).is_file()  # written all the same
    stem = name.split(".")[0]
    assert [ln for ln in lines if "output-not-apkg" in ln or "File → Import" in ln] == [
        f"{tmp_path / name}: warning: the deck is written as {name!r}, which Anki's File → "
        f"Import does not offer; name it {Path(name).stem or stem}.apkg"
    ]
    code, lines = _run("export", str(root), "-o", str(tmp_path / name), "--strict")
    assert code == 1 and "nothing written" in lines[-1]


def test_an_apkg_output_in_capitals_is_no_warning(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "Q.md").write_text("# Q?\n## Answer\nA.\n")
    code, lines = _run("export", str(root), "-o", str(tmp_path / "Deck.APKG"))
    assert code == 0 and lines == []
