r"""File names that are not UTF-8, or hold control characters (issue 24, item 5).

`caf\xe9.md` is a valid name on Linux (Latin-1 bytes, from an old zip or a USB stick) and
crashed `export`, `check`, `list` and `preview` with a traceback. Now each such file or folder
is one warning naming it as `caf\xe9.md` (its raw bytes as `\xNN`), and the rest of the vault
goes on. Names with `\n`, `\t` or an escape sequence are legal and export, but are shown
escaped wherever they are printed: a warning stays one line, and nothing reaches the terminal
that it would act on. Each command runs in a real process, as a user's shell runs it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from vault2anki.model import shown
from vault2anki.vault.sources import prune_blockers
from vault2anki.vault.walk import walk_vault

from .conftest import GOOD, deck_fields

SRC = Path(__file__).resolve().parents[2] / "src"
PNG = b"\x89PNG\r\n\x1a\n-a-picture"
COMMANDS = ("export", "check", "list", "preview")
BAD_NOTE = "caf\\xe9.md: warning: file name is not UTF-8 (its raw bytes shown as \\xNN); skipped"
BAD_FOLDER = (
    "Lat\\xefn: warning: folder name is not UTF-8 (its raw bytes shown as \\xNN); its notes"
)
BAD_IMAGE = "img\\xe9.png: warning: file name is not UTF-8 (its raw bytes shown as \\xNN); skipped"


def run(command: str, vault: Path, tmp: Path) -> subprocess.CompletedProcess[bytes]:
    """`vault2anki COMMAND VAULT` in a process of its own (bytes out: what a terminal gets)."""
    target = {"export": ["-o", str(tmp / "deck.apkg")], "preview": ["-o", str(tmp / "site")]}
    env = {**os.environ, "PYTHONPATH": str(SRC), "XDG_CACHE_HOME": str(tmp / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "vault2anki", command, os.fsencode(vault), *target.get(command, [])],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )


def write(root: Path, rel: bytes, content: bytes) -> None:
    path = os.path.join(os.fsencode(root), rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(content)


@pytest.fixture
def latin1_vault(tmp_path: Path) -> Path:
    """A good note beside a note, a folder and an image whose names are Latin-1 bytes; the
    good note embeds the image by the name it means (`imgé.png`, in UTF-8)."""
    root = tmp_path / "vault"
    write(root, b"good.md", (GOOD + "![[pic.png]] ![[img\xc3\xa9.png]]\n").encode())
    write(root, b"pic.png", PNG)
    write(root, b"caf\xe9.md", b"# Lost?\n## Answer\nno\n")
    write(root, b"Lat\xefn/inside.md", b"# Inside?\n## Answer\nno\n")
    write(root, b"img\xe9.png", PNG + b"-latin1")
    return root


@pytest.mark.parametrize("command", COMMANDS)
def test_non_utf8_names_are_warnings_and_the_rest_goes_on(
    command: str, latin1_vault: Path, tmp_path: Path
) -> None:
    proc = run(command, latin1_vault, tmp_path)
    stderr = proc.stderr.decode("utf-8")  # strict: no raw byte of a name reaches the terminal
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    for expected in (BAD_NOTE, BAD_FOLDER, BAD_IMAGE):
        assert sum(line.startswith(expected) for line in lines) == 1, (expected, lines)
    # The embed names a file the vault does not have under that (UTF-8) name.
    assert any(line.startswith("good.md:4: warning: embedded file not found") for line in lines)
    stdout = proc.stdout.decode("utf-8")
    if command == "export":
        [fields] = deck_fields(tmp_path / "deck.apkg")
        assert fields[0] == "<p>What is a good note?</p>"
        with zipfile.ZipFile(tmp_path / "deck.apkg") as archive:
            media = [archive.read(n) for n in archive.namelist() if n.isdigit()]
        assert media == [PNG]  # pic.png; the Latin-1 image is not packaged
    elif command == "list":
        assert stdout.splitlines() == ["vault\tgood.md:2\tWhat is a good note?"]
    elif command == "preview":
        assert (tmp_path / "site" / "index.html").is_file()
        assert "1 cards in 1 notes" in stdout
    else:
        assert stdout.startswith("1 cards in 1 notes, 0 errors, 4 warnings")


def test_a_skipped_name_keeps_prune_from_deleting(latin1_vault: Path) -> None:
    """A note renamed to a Latin-1 name looks gone under its old name: --prune must not
    delete its Anki note (and review history) while the new name cannot be read."""
    problems = walk_vault(latin1_vault).report.problems
    assert sorted(p.path for p in problems) == ["Lat\\xefn", "caf\\xe9.md", "img\\xe9.png"]
    assert len(prune_blockers(problems)) == 3


def test_a_vault_folder_named_in_latin1_is_one_line(tmp_path: Path) -> None:
    """Its name is the deck's and Obsidian's vault name: refused, saying so, no traceback."""
    root = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9")))
    write(root, b"good.md", GOOD.encode())
    proc = run("export", root, tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.decode("utf-8").splitlines() == [
        f"Error: {tmp_path}/caf\\xe9: the vault folder's name is not UTF-8 (its raw bytes "
        "shown as \\xNN); rename the folder"
    ]


def test_a_latin1_folder_above_the_vault_is_fine(tmp_path: Path) -> None:
    """Only the vault's own names end up in a deck; the path to it may be anything."""
    above = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"d\xe9p\xf4t")))
    write(above / "vault", b"good.md", GOOD.encode())
    proc = run("export", above / "vault", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert deck_fields(tmp_path / "deck.apkg")[0][0] == "<p>What is a good note?</p>"


CONTROL_NAMES = {
    b"line\nbreak.md": "line\\nbreak.md",
    b"tab\there.md": "tab\\there.md",
    b"red\x1b[31m.md": "red\\x1b[31m.md",
}


@pytest.mark.parametrize("command", COMMANDS)
def test_control_characters_in_names_are_escaped(command: str, tmp_path: Path) -> None:
    """Each note exports (the names are legal) and its warning is one line, the name escaped;
    `list` escapes its rows too. No raw control character reaches the terminal."""
    root = tmp_path / "vault"
    for name in CONTROL_NAMES:
        write(root, name, b"# Q?\n## Answer\n![[missing.png]]\n")
    proc = run(command, root, tmp_path)
    assert proc.returncode == 0, proc.stderr
    stdout, stderr = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "\x1b" not in stdout + stderr and "\t" not in stderr
    missing = "warning: embedded file not found in the vault: 'missing.png'; check the name or add"
    expected = sorted(f"{name}:3: {missing} the file" for name in CONTROL_NAMES.values())
    assert sorted(stderr.splitlines())[:3] == expected
    if command == "list":  # one row per card, three cells
        rows = sorted(stdout.splitlines())
        assert rows == sorted(f"vault\t{name}:2\tQ?" for name in CONTROL_NAMES.values())
    if command == "export":
        sources = sorted(fields[2] for fields in deck_fields(tmp_path / "deck.apkg"))
        assert len(sources) == 3 and any("line\nbreak.md" in s for s in sources)


def test_shown_escapes_only_what_a_terminal_would_act_on() -> None:
    assert shown(os.fsdecode(b"caf\xe9.md")) == "caf\\xe9.md"
    assert shown("a\nb\tc\rd\x1b[0m\x7f") == "a\\nb\\tc\\rd\\x1b[0m\\x7f"
    assert shown("\u202egnp.exe") == "\\u202egnp.exe"  # a right-to-left override
    assert shown("\u2028") == "\\u2028"  # a line separator
    # Printable text is left as it is: Cyrillic, spaces (no-break too), backslashes, emoji.
    for text in ("Ответ 1.md", "a\xa0b", "C:\\x", "\\xe9 typed", "🙂.png"):
        assert shown(text) == text
