"""Issue 21, "Media names Anki keeps", through `.apkg` import into the real `anki` backend.

Obsidian's own names (`Pasted image 20240101120000.png`, `Диаграмма.PNG`, `Chart.png` beside
`chart.png`) are packaged under content-addressed, lower-case ASCII names; every `<img src>` on
every card must find, in the collection's media folder, the bytes of the vault file it embeds.
The sync route is tests/sync/test_media_names.py. And a vault exported by a vault2anki that
named media after their paths is updated once by the next export: same notes, no duplicates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import AnkiCollection
from helpers import (
    OBSIDIAN_MEDIA,
    OBSIDIAN_NOTES,
    PNG,
    image_sources,
    obsidian_media_vault,
    old_package_name,
)

from vault2anki import Options, export_vault
from vault2anki.render import renderer

ANKIWEB_MAX_NAME = 120  # bytes: AnkiWeb refuses a longer media name


def cards_by_source(anki: AnkiCollection) -> dict[str, dict[str, object]]:
    notes = {str(n["Source"]): n for n in anki.notes()}
    assert len(notes) == len(anki.notes())  # one card per note in these vaults
    return notes


def assert_every_image_resolves(anki: AnkiCollection, shows: dict[str, list[Path]]) -> set[str]:
    """Each card shows, in order, the vault files `shows` names for its note, as files of the
    collection's media folder holding their bytes; the names it uses."""
    notes = cards_by_source(anki)
    assert set(shows) <= set(notes)
    media = anki.media_names()
    used = set()
    for rel, files in shows.items():
        sources = image_sources(str(notes[rel]["Answer"]))
        assert len(sources) == len(files), (rel, sources)
        for src, file in zip(sources, files, strict=True):
            assert src in media, f"{rel}: <img src={src!r}> is not in the media folder"
            assert anki.media_bytes(src) == file.read_bytes(), (rel, src, file)
        used |= set(sources)
    return used


def test_obsidian_names_resolve_after_apkg_import(tmp_path: Path, anki: AnkiCollection) -> None:
    vault = tmp_path / "Vault"
    shows = obsidian_media_vault(vault)
    export_vault(Options.of(vault, output=tmp_path / "deck.apkg"))
    counts = anki.import_package(tmp_path / "deck.apkg")
    assert (counts.new, counts.updated, counts.duplicate) == (len(OBSIDIAN_NOTES), 0, 0)
    used = assert_every_image_resolves(anki, shows)
    assert len(used) == len(OBSIDIAN_MEDIA)  # Chart.png and chart.png: two names
    for name in used:  # what AnkiConnect would store unchanged, and AnkiWeb accepts
        assert re.fullmatch(r"[a-z0-9_]*-?[0-9a-f]{16}\.png", name), name
        assert len(name.encode()) <= ANKIWEB_MAX_NAME
    assert any(n.startswith("pasted_image_20240101120000-") for n in used)
    assert any(n.startswith("diagramma-") for n in used)  # Cyrillic, transliterated


def test_same_bytes_share_one_file_other_bytes_never_do(
    tmp_path: Path, anki: AnkiCollection
) -> None:
    vault = tmp_path / "Vault"
    obsidian_media_vault(vault)
    (vault / "copy").mkdir()
    (vault / "copy" / "Chart.png").write_bytes((vault / "img" / "Chart.png").read_bytes())
    (vault / "copy" / "Copy.md").write_text("# Which chart?\n\n## Answer\n\n![[copy/Chart.png]]\n")
    export_vault(Options.of(vault, output=tmp_path / "deck.apkg"))
    anki.import_package(tmp_path / "deck.apkg")
    notes = cards_by_source(anki)
    [copy] = image_sources(str(notes["copy/Copy.md"]["Answer"]))
    charts = image_sources(str(notes["img/Charts.md"]["Answer"]))
    assert copy == charts[0] != charts[1]  # same bytes, one file; `chart.png`, another
    assert len(anki.media_names()) == len(OBSIDIAN_MEDIA)


def test_new_bytes_under_the_same_path_get_a_new_name(tmp_path: Path, anki: AnkiCollection) -> None:
    """Through the render cache: an image rewritten in place must not keep its old name (the
    collection would keep showing the old file, which it already holds under that name)."""
    vault = tmp_path / "Vault"
    shows = obsidian_media_vault(vault)
    export_vault(Options.of(vault, output=tmp_path / "1.apkg"))
    anki.import_package(tmp_path / "1.apkg")
    (vault / "img" / "chart.png").write_bytes(PNG + b"lower-case chart, redrawn")
    export_vault(Options.of(vault, output=tmp_path / "2.apkg"))
    counts = anki.import_package(tmp_path / "2.apkg")
    assert (counts.new, counts.updated) == (0, 2)  # the two notes showing chart.png
    assert_every_image_resolves(anki, shows)


def test_a_deck_exported_with_the_old_names_is_updated_once(
    tmp_path: Path, anki: AnkiCollection, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "Vault"
    shows = obsidian_media_vault(vault)
    (vault / "Plain.md").write_text("# What has no picture?\n\n## Answer\n\nThis one.\n")
    with monkeypatch.context() as old:  # the previous version (its own cache: none here)
        old.setattr(renderer, "package_name", old_package_name)
        export_vault(Options.of(vault, output=tmp_path / "old.apkg", no_cache=True))
    first = anki.import_package(tmp_path / "old.apkg")
    assert first.new == len(OBSIDIAN_NOTES) + 1
    old_names = anki.media_names()
    assert "Pasted_image_20240101120000-" in " ".join(old_names)  # the old, cased names

    export_vault(Options.of(vault, output=tmp_path / "new.apkg"))  # this version, same lock
    counts = anki.import_package(tmp_path / "new.apkg")
    assert (counts.new, counts.updated, counts.duplicate, counts.conflicting) == (
        0,
        len(OBSIDIAN_NOTES),  # every note showing media, once
        1,  # Plain.md: nothing of it changed
        0,
    )
    assert len(anki.notes()) == len(OBSIDIAN_NOTES) + 1
    assert_every_image_resolves(anki, shows)
    assert old_names < anki.media_names()  # the old files stay for Tools → Check Media

    export_vault(Options.of(vault, output=tmp_path / "again.apkg"))
    again = anki.import_package(tmp_path / "again.apkg")
    assert (again.new, again.updated) == (0, 0)  # once, not on every export
