"""Nothing from outside the vault ever reaches a package: `../`, absolute paths, `file://`,
symlinks out, symlink loops; odd filesystem entries (a folder named `x.md`) and transclusion
cycles neither crash the export nor cost the good notes."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest

from .conftest import deck_fields, export

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea7d5a0a50000000049454e44ae426082"
)
GOOD_Q = "<p>What is a good note?</p>"


def packaged(apkg: Path) -> list[bytes]:
    """The bytes of every media file in the package."""
    with zipfile.ZipFile(apkg) as archive:
        return [archive.read(n) for n in archive.namelist() if n.isdigit()]


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file next to the vault (never inside it) that must never be packaged."""
    path = tmp_path / "secret.png"
    path.write_bytes(PNG + b"SECRET")
    return path


def test_escaping_media_paths_are_refused_with_a_warning(
    vault: Path, out: Path, secret: Path
) -> None:
    (vault / "sub").mkdir()
    (vault / "sub" / "esc.md").write_text(
        "# Escapes\n## Answer\n"
        "![a](../../secret.png)\n\n"
        f"![b]({secret})\n\n"
        f"![c](file://{secret})\n\n"
        "![[../../../secret.png]]\n"
    )
    run = export(vault, out, "-v")  # every line of the group of four
    assert run.code == 0
    assert sorted(run.lines) == [
        "sub/esc.md:3: warning: '../../secret.png' points outside the vault; not packaged",
        f"sub/esc.md:5: warning: {str(secret)!r} points outside the vault; not packaged",
        f"sub/esc.md:7: warning: 'file://{secret}' points outside the vault; not packaged",
        # A wikilink that climbs out of the vault is refused like a Markdown path.
        "sub/esc.md:9: warning: '../../../secret.png' points outside the vault; not packaged",
    ]
    assert packaged(out) == []
    assert len(run.questions()) == 2


def test_symlinked_image_and_note_pointing_out_are_skipped(
    vault: Path, out: Path, secret: Path, tmp_path: Path
) -> None:
    outside_note = tmp_path / "elsewhere.md"
    outside_note.write_text("# Outside\n## Answer\nleaked\n")
    (vault / "img").mkdir()
    (vault / "img" / "s.png").symlink_to(secret)
    (vault / "linked.md").symlink_to(outside_note)
    (vault / "uses.md").write_text("# Uses\n## Answer\n![[s.png]]\n")
    run = export(vault, out)
    assert run.code == 0
    assert run.lines == [
        f"img/s.png: warning: symlink points outside the vault (→ {secret}); skipped — copy the "
        "file into the vault to include it",
        f"linked.md: warning: symlink points outside the vault (→ {outside_note}); skipped — "
        "copy the file into the vault to include it",
        "uses.md:3: warning: embedded file not found in the vault: 's.png'; check the name or "
        "add the file",
    ]
    assert packaged(out) == []
    assert sorted(run.questions()) == ["<p>Uses</p>", GOOD_Q]


def test_symlinks_inside_the_vault_are_followed(vault: Path, out: Path) -> None:
    (vault / "img").mkdir()
    (vault / "img" / "real.png").write_bytes(PNG)
    (vault / "img" / "alias.png").symlink_to("real.png")
    (vault / "uses.md").write_text("# Uses\n## Answer\n![[alias.png]]\n")
    run = export(vault, out)
    assert run.code == 0 and run.lines == []
    assert packaged(out) == [PNG]


def test_symlink_loops_and_broken_links_are_skipped_with_a_warning(vault: Path, out: Path) -> None:
    (vault / "loop").symlink_to(".")  # a folder loop: visited once
    (vault / "a.md").symlink_to("b.md")  # a two-link loop
    (vault / "b.md").symlink_to("a.md")
    (vault / "gone.md").symlink_to("nowhere.md")
    run = export(vault, out)
    assert run.code == 0
    assert run.lines == [
        "a.md: warning: symlink loop; skipped — remove the link or point it at a real file",
        "b.md: warning: symlink loop; skipped — remove the link or point it at a real file",
        "gone.md: warning: broken symlink (→ nowhere.md); skipped — fix or remove the link",
    ]
    assert run.questions() == [GOOD_Q]


def test_a_folder_named_like_a_note_is_walked_as_a_folder(vault: Path, out: Path) -> None:
    (vault / "x.md").mkdir()
    (vault / "x.md" / "inner.md").write_text("# Inner\n## Answer\nA\n")
    run = export(vault, out)
    assert run.code == 0 and run.lines == []
    assert sorted(run.questions()) == ["<p>Inner</p>", GOOD_Q]


def test_an_unreadable_folder_is_skipped_with_a_warning(
    vault: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    locked = vault / "locked"
    locked.mkdir()
    (locked / "n.md").write_text("# Locked\n## Answer\nA\n")
    if os.geteuid() != 0:
        locked.chmod(0)
    else:  # root lists anything: simulate the permission error instead
        real = os.scandir

        def scandir(path: str) -> object:
            if str(path).endswith("locked"):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        run = export(vault, out)
    finally:
        locked.chmod(0o755)
    assert run.code == 0
    assert run.lines == [
        "locked: warning: cannot list folder (Permission denied); skipped — check its permissions"
    ]
    assert run.questions() == [GOOD_Q]


def test_transclusion_cycle_does_not_hang_or_crash(vault: Path, out: Path) -> None:
    (vault / "A.md").write_text("# A?\n## Answer\nA embeds B: ![[B]]\n")
    (vault / "B.md").write_text("# B?\n## Answer\nB embeds A: ![[A]]\n")
    (vault / "Self.md").write_text("# Self?\n## Answer\n![[Self]] ![[Self#Answer]]\n")
    run = export(vault, out)
    assert run.code in (0, 1)  # a cycle may become an error once transclusion lands
    assert all(": warning: " in ln or ": error: " in ln for ln in run.lines), run.lines
    questions = run.questions()
    assert GOOD_Q in questions and "<p>A?</p>" in questions and "<p>B?</p>" in questions
    for fields in zip(*_pairs(out), strict=False):
        assert "[[" not in "".join(fields)


def test_100_deep_transclusion_chain_exports(vault: Path, out: Path) -> None:
    for i in range(100):
        (vault / f"n{i:03}.md").write_text(f"# Link {i}?\n## Answer\nstep {i} ![[n{i + 1:03}]]\n")
    run = export(vault, out)
    assert run.code in (0, 1)
    assert all(": warning: " in ln or ": error: " in ln for ln in run.lines), run.lines
    questions = run.questions()
    assert GOOD_Q in questions and len(questions) >= 100


def _pairs(out: Path) -> list[list[str]]:
    from .conftest import deck_fields

    return deck_fields(out)


def test_decomposed_file_names_match_composed_links(vault: Path, out: Path) -> None:
    """macOS writes file names in NFD (`й` as `и` + U+0306); links typed elsewhere are NFC."""
    nfd = unicodedata.normalize("NFD", "картинка й.png")
    assert nfd != "картинка й.png"
    (vault / nfd).write_bytes(PNG)
    (vault / unicodedata.normalize("NFD", "Заметка й.md")).write_text(
        "# Embedded?\n## Answer\nфрагмент\n", encoding="utf-8"
    )
    (vault / "links.md").write_text(
        "# Composed links?\n## Answer\n![[картинка й.png]] ![x](картинка%20й.png) "
        "![[Заметка й#Answer]]\n",
        encoding="utf-8",
    )
    run = export(vault, out)
    assert run.code == 0
    assert run.lines == []  # nothing "not found"
    assert packaged(out) == [PNG]
    [answer] = [f[1] for f in deck_fields(out) if "Composed" in f[0]]
    assert answer.count("<img") == 2 and "фрагмент" in answer
