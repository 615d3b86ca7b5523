"""Advice that works as written (issue 24, item 8).

- A path over the file system's limits (ENAMETOOLONG) was told to "fix its folder's
  permissions"; now the message says which limit the path is over. A name of 241 to 255
  bytes, which is legal, failed too: the temporary files beside it have longer names.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import export


def test_a_name_over_255_bytes_says_so(vault: Path, tmp_path: Path) -> None:
    out = tmp_path / ("й" * 150 + ".apkg")  # 305 bytes
    run = export(vault, out)
    assert run.code == 1
    assert run.lines[-1].endswith(
        "File name too long; nothing written (an existing file there is unchanged) — a name in "
        "that path has 305 bytes, over the 255 a name may have; give a shorter one with -o"
    )
    assert "permission" not in run.result.stderr


def test_a_path_over_path_max_says_so(vault: Path, tmp_path: Path) -> None:
    out = tmp_path.joinpath(*["d" * 200] * 21, "deck.apkg")
    run = export(vault, out)
    assert run.code == 1
    size = len(os.fsencode(out))
    assert run.lines[-1].endswith(
        f"— the path is too long ({size} bytes) for the file system; give a shorter one with -o"
    )
    assert "permission" not in run.result.stderr


@pytest.mark.parametrize("size", [241, 250, 255])
def test_a_long_but_legal_name_is_written(vault: Path, tmp_path: Path, size: int) -> None:
    out = tmp_path / ("x" * (size - len(".apkg")) + ".apkg")
    run = export(vault, out)
    assert run.code == 0, run.lines
    assert out.is_file() and (vault / "vault2anki.lock").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["vault", out.name])
