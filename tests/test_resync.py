"""Re-sync through a whole history, in one real Anki collection (issue: identities that survive
renames). After each step the import log must show exactly what changed, reviewed cards keep
their history, and `diff` must have predicted the import."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import AnkiCollection, history, review

from vault2anki import Options, export_vault, plan_export
from vault2anki.apkg.diff import cards_as_notes, diff_notes, read_package
from vault2anki.apkg.notetypes import notetype_digests
from vault2anki.errors import FrozenLockError, Vault2AnkiError
from vault2anki.export import cache
from vault2anki.identities.lock import LOCK_NAME
from vault2anki.render import renderer as render


class Step:
    def __init__(self, vault: Path, tmp: Path, anki: AnkiCollection) -> None:
        self.vault, self.tmp, self.anki, self.n = vault, tmp, anki, 0
        self.last: Path | None = None

    def sync(self) -> tuple[int, int, int, int, dict[str, int]]:
        """Export, predict with diff, import; return (new, updated, dup, conflicting, diff)."""
        self.n += 1
        out = self.tmp / f"{self.n}.apkg"
        predicted = {}
        if self.last is not None:
            planned = plan_export(Options.of(self.vault))
            predicted = diff_notes(
                read_package(self.last), cards_as_notes(planned.rendered())
            ).counts()
        export_vault(Options.of(self.vault, output=out))
        counts = self.anki.import_package(out)
        self.last = out
        return counts.new, counts.updated, counts.duplicate, counts.conflicting, predicted


def move(vault: Path, old: str, new: str) -> None:
    (vault / new).parent.mkdir(parents=True, exist_ok=True)
    shutil.move(vault / old, vault / new)


def test_history(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = example_vault
    step = Step(vault, tmp_path, anki)
    new, updated, _, conflicting, _ = step.sync()
    assert (new, updated, conflicting) == (7, 0, 0)
    guids = {n["Source"]: n["guid"] for n in anki.notes()}
    reviewed = review(
        anki, {guids["Frontend/002 Event loop.md"], guids["Soft skills/Ментор и коуч.md"]}
    )
    assert all(count == 1 for _, count in reviewed.values())

    def check(expect_new: int, expect_updated: int, orphaned: int = 0) -> None:
        new, updated, _, conflicting, predicted = step.sync()
        assert (new, updated, conflicting) == (expect_new, expect_updated, 0)
        assert predicted["new"] == new and predicted["changed"] == updated
        assert predicted["orphaned"] == orphaned and predicted["stale"] == 0
        assert history(anki, set(reviewed)) == reviewed  # same cards, same review log

    # Rename a note: same card, its Source field updated.
    move(vault, "Frontend/002 Event loop.md", "Frontend/002 The event loop.md")
    check(0, 1)
    # Move a folder.
    move(vault, "Soft skills", "Career/Soft skills")
    check(0, 1)
    # Swap two questions in one file: each card follows its content; nothing to update.
    gen = vault / "Python/Generators.md"
    head, first, second = gen.read_text().split("\n## ")
    gen.write_text(f"{head}\n## {second.rstrip()}\n\n## {first}")
    check(0, 0)
    # Edit an answer.
    note = vault / "Frontend/002 The event loop.md"
    note.write_text(note.read_text().replace("is a macrotask", "is a MACROtask"))
    check(0, 1)
    # Delete a note: nothing to import, diff reports it orphaned.
    (vault / "Frontend/Tasks/Task - sum.md").unlink()
    check(0, 0, orphaned=1)
    # Change an image: the note that embeds it is updated.
    image = vault / "Python/img/diagram.png"
    image.write_bytes(image.read_bytes() + b"\0")
    check(0, 1)
    # A tool upgrade changes the rendered HTML of every card: all are updated, none added.
    original = render.Renderer.render
    monkeypatch.setattr(
        render.Renderer,
        "render",
        lambda self, text, context=None: original(self, text, context) + "\n",
    )
    # An upgrade also changes the program's fingerprint, which keys the render cache.
    monkeypatch.setattr(cache, "_FINGERPRINT", "upgraded")
    check(0, 6)
    assert len(anki.notes()) == 7  # the deleted one stays in Anki: an .apkg cannot delete


def test_same_vault_and_lock_give_identical_bytes(
    example_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_vault(Options.of(example_vault, output=tmp_path / "first.apkg"))
    other = tmp_path / "elsewhere" / "vault"  # same folder name: the deck is named after it
    shutil.copytree(example_vault, other)
    for path in other.rglob("*"):  # a fresh clone: every mtime different
        os.utime(path, (1_000_000_000, 1_000_000_000))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")
    export_vault(Options.of(other, output=tmp_path / "out" / "second.apkg"))

    def sha(p: Path) -> str:
        return hashlib.sha256(p.read_bytes()).hexdigest()

    assert sha(tmp_path / "first.apkg") == sha(tmp_path / "out" / "second.apkg")
    assert (other / LOCK_NAME).read_text() == (example_vault / LOCK_NAME).read_text()


def test_frozen_fails_exactly_when_the_lock_would_change(
    example_vault: Path, tmp_path: Path
) -> None:
    out = tmp_path / "deck.apkg"
    with pytest.raises(FrozenLockError):  # no lock yet
        export_vault(Options.of(example_vault, output=out, frozen=True))
    assert not out.exists()
    export_vault(Options.of(example_vault, output=out))
    good = out.read_bytes()
    export_vault(Options.of(example_vault, output=out, frozen=True))  # unchanged: ok
    assert out.read_bytes() == good
    (example_vault / "Python/New.md").write_text("# New?\n## Answer\nYes.\n")
    with pytest.raises(FrozenLockError) as caught:
        export_vault(Options.of(example_vault, output=out, frozen=True))
    assert any("Python/New.md" in line for line in caught.value.changes)
    assert out.read_bytes() == good


def test_no_lock_writes_no_file(example_vault: Path, tmp_path: Path) -> None:
    export_vault(Options.of(example_vault, output=tmp_path / "d.apkg", no_lock=True))
    assert not (example_vault / LOCK_NAME).exists()


def test_a_new_source_link_is_a_change_anki_receives(
    example_vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    """The Source field links to Obsidian by vault name: renaming the vault there must reach
    every note (the lock's content digest covers every field Anki stores)."""
    export_vault(Options.of(example_vault, output=tmp_path / "1.apkg"))
    anki.import_package(tmp_path / "1.apkg")
    export_vault(Options.of(example_vault, output=tmp_path / "2.apkg", vault_name="Study"))
    counts = anki.import_package(tmp_path / "2.apkg")
    assert (counts.new, counts.updated, counts.conflicting) == (0, 7, 0)
    sources = [anki.col.get_note(nid)["Source"] for nid in anki.col.find_notes("")]
    assert all("vault=Study" in source for source in sources)


def test_an_unchanged_lock_is_not_rewritten(example_vault: Path, tmp_path: Path) -> None:
    export_vault(Options.of(example_vault, output=tmp_path / "1.apkg"))
    lock = example_vault / LOCK_NAME
    before = (lock.stat().st_mtime_ns, lock.read_text())
    os.utime(lock, ns=(1, 1))  # any rewrite would move this
    export_vault(Options.of(example_vault, output=tmp_path / "2.apkg"))
    assert lock.stat().st_mtime_ns == 1 and lock.read_text() == before[1]
    (example_vault / "Python/New.md").write_text("# New?\n## Answer\nYes.\n")
    export_vault(Options.of(example_vault, output=tmp_path / "3.apkg"))
    assert lock.stat().st_mtime_ns != 1 and "Python/New.md" in lock.read_text()


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"collection.anki21b": b"zstd"}, "no readable collection inside"),
        ({"collection.anki2": b"not sqlite"}, "not a readable .apkg"),
    ],
)
def test_diff_names_a_package_it_cannot_read(
    tmp_path: Path, members: dict[str, bytes], message: str
) -> None:
    """Anki's newer compressed export, or a damaged database: one clear error, no traceback."""
    path = tmp_path / "old.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(Vault2AnkiError, match=message):
        read_package(path)


def test_note_type_digests_do_not_change_once_a_package_is_written(
    example_vault: Path, tmp_path: Path
) -> None:
    """genanki fills in defaults on the note types it writes; the lock's note type digests must
    not see that, or a second export in one process restamps every note type."""
    export_vault(Options.of(example_vault, output=tmp_path / "1.apkg"))  # models written here
    lock = (example_vault / LOCK_NAME).read_text()
    code = "from vault2anki.apkg.notetypes import notetype_digests as d; print(d())"
    fresh = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert str(notetype_digests()) == fresh.strip()  # as a process that wrote nothing has them
    export_vault(Options.of(example_vault, output=tmp_path / "2.apkg"))
    assert (example_vault / LOCK_NAME).read_text() == lock
    assert (tmp_path / "1.apkg").read_bytes() == (tmp_path / "2.apkg").read_bytes()
