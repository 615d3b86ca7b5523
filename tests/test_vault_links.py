"""Bare wikilink names resolved against a walked vault (vault.Vault.resolve_link): a note by
its name with or without .md, any other file by its name, any case; the nearest file wins."""

from __future__ import annotations

from pathlib import Path

from helpers import PNG, make_vault

from vault2anki.vault.walk import walk_vault


def test_bare_names_find_notes_and_files(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "a/Note.md": "a",
        "b/Note.md": "b",
        "c/Other.md": "c",
        "img/Pic.png": PNG,
        "Readme": "no extension",
        "notes/Readme.md": "a note",
    }
    vault = walk_vault(make_vault(tmp_path / "v", files))
    assert vault.resolve_link("note", "a/x.md") == "a/Note.md"  # nearest of two
    assert vault.resolve_link("Note", "b/x.md") == "b/Note.md"
    assert vault.resolve_link("NOTE.md", "b/x.md") == "b/Note.md"  # with its extension
    assert vault.resolve_link("Other.md", "a/x.md") == "c/Other.md"
    assert vault.resolve_link("other", "a/x.md") == "c/Other.md"
    assert vault.resolve_link("pic.PNG", "a/x.md") == "img/Pic.png"
    assert vault.resolve_link("pic", "a/x.md") is None  # only notes drop their extension
    # a file without extension and a note of that name: both match; the shorter path wins
    assert vault.resolve_link("readme", "x.md") == "Readme"
    assert vault.resolve_link("readme", "notes/x.md") == "notes/Readme.md"
    assert vault.resolve_link("Readme.md", "x.md") == "notes/Readme.md"  # only the note
    assert vault.resolve_link("missing", "a/x.md") is None
