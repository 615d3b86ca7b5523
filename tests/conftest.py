"""Shared fixtures: a real Anki collection (PyPI `anki`, the backend Anki desktop uses) and the
corpora from ../shared, skipped cleanly when absent."""

from __future__ import annotations

import html
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "vault"
# VAULT2ANKI_CORPORA: the corpora when the checkout is not next to them (a git worktree).
CORPORA = Path(os.environ.get("VAULT2ANKI_CORPORA") or REPO.parent / "shared" / "corpora")


@dataclass
class ImportCounts:
    new: int
    updated: int
    duplicate: int
    conflicting: int


class AnkiCollection:
    """A throwaway collection with the import options a default Anki user has."""

    def __init__(self, path: Path) -> None:
        from anki.collection import Collection

        self.col = Collection(str(path))

    def import_package(self, apkg: Path, with_scheduling: bool = False) -> ImportCounts:
        """Import with Anki's defaults; `with_scheduling`: "Import any learning progress"."""
        from anki.import_export_pb2 import (
            ImportAnkiPackageOptions,
            ImportAnkiPackageRequest,
            ImportAnkiPackageUpdateCondition,
        )

        if_newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
        request = ImportAnkiPackageRequest(
            package_path=str(apkg),
            options=ImportAnkiPackageOptions(
                merge_notetypes=False,
                update_notes=if_newer,
                update_notetypes=if_newer,
                with_scheduling=with_scheduling,
                with_deck_configs=False,
            ),
        )
        log = self.col.import_anki_package(request).log
        return ImportCounts(
            len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting)
        )

    def notes(self) -> list[dict[str, object]]:
        """Every note as {guid, fields by name, tags, deck names of its cards}."""
        out = []
        for nid in self.col.find_notes(""):
            note = self.col.get_note(nid)
            decks = sorted({self.col.decks.name(card.did) for card in note.cards()})
            fields = dict(note.items())
            # Source holds an HTML-escaped path; compare it as the path it names.
            fields["Source"] = html.unescape(re.sub(r"<[^>]+>", "", fields.get("Source", "")))
            out.append(
                {
                    "guid": note.guid,
                    "tags": list(note.tags),
                    "decks": decks,
                    "cards": len(note.cards()),
                    **fields,
                }
            )
        return out

    def media_names(self) -> set[str]:
        return {p.name for p in Path(self.col.media.dir()).iterdir()}

    def media_bytes(self, name: str) -> bytes:
        return (Path(self.col.media.dir()) / name).read_bytes()

    def close(self) -> None:
        self.col.close()


@pytest.fixture
def anki(tmp_path: Path) -> Iterator[AnkiCollection]:
    folder = tmp_path / "anki"
    folder.mkdir()
    collection = AnkiCollection(folder / "collection.anki2")
    yield collection
    collection.close()


@pytest.fixture
def example_vault(tmp_path: Path) -> Path:
    """A private copy of the example vault, safe to edit, as a fresh clone has it: the README's
    export command leaves a vault2anki.lock in examples/vault, which tests must not inherit."""
    target = tmp_path / "vault"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("vault2anki.lock"))
    return target


@pytest.fixture(scope="session", autouse=True)
def corpora_stay_untouched() -> Iterator[None]:
    """The shared corpora are read-only inputs: no test may leave a file (a lock) in them."""
    before = {p for p in CORPORA.rglob("vault2anki.*")} if CORPORA.is_dir() else set()
    yield
    after = {p for p in CORPORA.rglob("vault2anki.*")} if CORPORA.is_dir() else set()
    assert after == before, f"tests wrote into ../shared/corpora: {sorted(after - before)}"


def corpus(name: str) -> Path:
    path = CORPORA / name
    if not path.is_dir():
        pytest.skip(f"corpus {name} not present (needs ../shared/corpora next to the repo)")
    return path


def review(anki: AnkiCollection, guids: set[str]) -> dict[str, tuple[int, int]]:
    """Answer "good" on the cards of these notes; return {guid: (card id, revlog entries)}."""
    col = anki.col
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        if note.guid in guids:
            for card in note.cards():
                card.start_timer()
                col.sched.answerCard(card, 3)
    return history(anki, guids)


def history(anki: AnkiCollection, guids: set[str]) -> dict[str, tuple[int, int]]:
    col = anki.col
    out = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        if note.guid in guids:
            [card] = note.cards()
            reviews = col.db.scalar("select count() from revlog where cid = ?", card.id)
            out[note.guid] = (card.id, reviews)
    return out


@pytest.fixture(autouse=True)
def _private_cache_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: Any) -> None:
    """Exports in tests (and the CLI subprocesses they start) cache under a temp dir, never
    in the user's ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture(scope="session")
def mathjax_bundled() -> None:
    """The preview's MathJax in this checkout: `pip install` bundles it (setup.py); a checkout
    that was never installed gets the same build step here, never a stand-in."""
    import subprocess
    import sys

    from vault2anki.preview import mathjax

    if not mathjax.bundled():
        step = subprocess.run([sys.executable, str(REPO / "tools" / "mathjax_bundle.py")])
        assert step.returncode == 0, "tools/mathjax_bundle.py could not fetch MathJax (npm)"
    assert mathjax.bundled()
