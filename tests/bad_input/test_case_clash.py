"""`A.png` and `a.png` in one vault, on a case-sensitive filesystem (issue 24, item 8).

Obsidian looks names up without regard to case, and `![[a.png]]` showed `A.png`: the
case-insensitive candidates were ranked by path, and `A` sorts first. A file named exactly as
the link writes it now wins; a link that matches several names only case-insensitively,
equally near the note (`![[A.PNG]]`), embeds nothing and is a warning naming them. The two
files keep distinct package names, also where case is ignored (Anki's media folder on macOS
and Windows): checked by importing into a real Anki collection and reading each card's image.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from conftest import AnkiCollection

from vault2anki.vault.walk import walk_vault

from .conftest import deck_fields, export
from .test_paths import PNG

UPPER, LOWER = PNG + b"upper", PNG + b"lower"
CLASH = (
    "shout.md:3: warning: 'A.PNG' could be 'A.png' or 'a.png' (names that differ only in "
    "case); not embedded — write the name exactly as the file you mean"
)


def card(question: str, embed: str) -> str:
    return f"# {question}\n## Answer\n{embed}\n"


def clash_vault(root: Path) -> Path:
    root.mkdir()
    (root / "A.png").write_bytes(UPPER)
    (root / "a.png").write_bytes(LOWER)
    (root / "lower.md").write_text(card("Lower?", "![[a.png]]"))
    (root / "upper.md").write_text(card("Upper?", "![[A.png]]"))
    (root / "markdown.md").write_text(card("Markdown?", "![](a.png)"))
    # In two folders, the exact name wins over the one that sorts first.
    (root / "x").mkdir()
    (root / "y").mkdir()
    (root / "x" / "B.png").write_bytes(UPPER)
    (root / "y" / "b.png").write_bytes(LOWER)
    (root / "folders.md").write_text(card("Folders?", "![[b.png]]"))
    return root


def test_the_exact_name_wins_in_real_anki(tmp_path: Path, anki: AnkiCollection) -> None:
    vault = clash_vault(tmp_path / "vault")
    run = export(vault, tmp_path / "deck.apkg")
    assert run.code == 0 and run.lines == [], run.lines
    assert anki.import_package(run.output).new == 4
    shows = {}
    for note in anki.notes():
        [src] = re.findall(r'<img [^>]*src="([^"]+)"', str(note["Answer"]))
        shows[re.sub(r"<[^>]+>", "", str(note["Question"]))] = anki.media_bytes(src)
    assert shows == {"Lower?": LOWER, "Upper?": UPPER, "Markdown?": LOWER, "Folders?": LOWER}
    # Three files embedded (A.png, a.png, y/b.png), three names, also where case is ignored.
    with zipfile.ZipFile(run.output) as archive:
        packaged = [n for n in archive.namelist() if n.isdigit()]
    assert len(packaged) == 3
    names = anki.media_names()
    assert len(names) == len({name.casefold() for name in names}) == 3


def test_a_clash_nothing_resolves_is_a_warning_naming_both(tmp_path: Path) -> None:
    vault = clash_vault(tmp_path / "vault")
    (vault / "shout.md").write_text(card("Shout?", "![[A.PNG]]"))
    run = export(vault, tmp_path / "deck.apkg")
    assert run.code == 0
    assert [line for line in run.lines if "warning" in line] == [CLASH]
    [shout] = [f for f in deck_fields(run.output) if f[0] == "<p>Shout?</p>"]
    assert "<img" not in shout[1] and "A.PNG" in shout[1]  # the card, without a guess


def test_a_clash_that_appears_later_is_seen_through_the_cache(tmp_path: Path) -> None:
    """`![[A.PNG]]` resolves while `A.png` is alone; once `a.png` is added the cached card
    must not keep showing `A.png` without a word, nor keep an old list of candidates."""
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "A.png").write_bytes(UPPER)
    (vault / "shout.md").write_text(card("Shout?", "![[A.PNG]]"))
    first = export(vault, tmp_path / "1.apkg")
    assert first.lines == [] and "<img" in deck_fields(first.output)[0][1]
    (vault / "a.png").write_bytes(LOWER)
    second = export(vault, tmp_path / "2.apkg")
    assert second.lines == [CLASH]
    assert "<img" not in deck_fields(second.output)[0][1]
    # A third spelling: the card's resolution is still "none", its warning names all three.
    (vault / "a.Png").write_bytes(LOWER)
    third = export(vault, tmp_path / "3.apkg")
    assert third.lines == [CLASH.replace("'A.png' or 'a.png'", "'A.png' or 'a.Png' or 'a.png'")]


def test_notes_follow_the_same_rule(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    for name in ("Note.md", "note.md", "A.png", "a.png"):
        (vault / name).write_text("x")
    walked = walk_vault(vault)
    assert walked.resolve_link("note", "here.md") == "note.md"
    assert walked.resolve_link("Note", "here.md") == "Note.md"
    assert walked.resolve_link("NOTE", "here.md") is None
    assert walked.link_clash("NOTE", "here.md") == ["Note.md", "note.md"]
    assert walked.link_clash("a.png", "here.md") == []  # resolved: no clash
    assert walked.link_clash("missing.png", "here.md") == []
