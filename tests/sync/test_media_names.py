"""Issue 21, "Media names Anki keeps", through a real Anki desktop with AnkiConnect.

AnkiConnect's `storeMediaFile` lower-cases a name: a card showing `Pasted_image_….png` found
nothing after a sync. Every `<img src>` on every card synced from a vault with Obsidian's own
names (`Pasted image 20240101120000.png`, `Диаграмма.PNG`, `Chart.png` beside `chart.png`)
must now find, in Anki's media folder, the bytes of the vault file it embeds — under the same
names an `.apkg` of the vault uses. And a vault synced by a vault2anki that named media after
their paths is updated once by the next sync: same notes, no duplicates.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.helpers import image_sources, obsidian_media_vault, old_package_name
from vault2anki.apkg.diff import read_package
from vault2anki.cli import main
from vault2anki.export.cache import FORMAT, default_cache_dir
from vault2anki.render import renderer
from vault2anki.sync.ankiconnect import AnkiConnect


def sync(vault: Path, anki: AnkiConnect, deck: str, *args: str) -> dict[str, Any]:
    argv = ["sync", str(vault), "--anki-connect", anki.url, "--deck", deck, "--json", *args]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def answers(anki: AnkiConnect, deck: str) -> dict[str, str]:
    """Source path → Answer field of every note in `deck`."""
    infos = anki.call("notesInfo", notes=anki.call("findNotes", query=f'"deck:{deck}"'))
    out = {}
    for info in infos:
        fields = {k: v["value"] for k, v in info["fields"].items()}
        out[fields["Source"].split(">")[-2].split("<")[0]] = fields["Answer"]  # the link text
    assert len(out) == len(infos)
    return out


def assert_every_image_resolves(
    anki: AnkiConnect, deck: str, shows: dict[str, list[Path]]
) -> dict[str, str]:
    """Each card of `deck` shows, in order, the vault files `shows` names for its note, as
    files of Anki's media folder holding their bytes; the cards' answers."""
    held = answers(anki, deck)
    assert set(shows) <= set(held)
    folder = Path(anki.call("getMediaDirPath"))
    for rel, files in shows.items():
        sources = image_sources(held[rel])
        assert len(sources) == len(files), (rel, sources)
        for src, file in zip(sources, files, strict=True):
            stored = folder / src
            assert stored.is_file(), f"{rel}: <img src={src!r}> is not in Anki's media folder"
            assert stored.read_bytes() == file.read_bytes(), (rel, src, file)
    return held


def test_obsidian_names_resolve_after_sync_and_match_the_apkg(
    tmp_path: Path, anki: AnkiConnect
) -> None:
    vault = tmp_path / "Vault"
    shows = obsidian_media_vault(vault, under="names")
    report = sync(vault, anki, "MediaNames")
    assert report["counts"]["new"] == len(shows) and report["counts"]["media"] == 4
    held = assert_every_image_resolves(anki, "MediaNames", shows)
    names = {src for html in held.values() for src in image_sources(html)}
    assert len(names) == 4  # Chart.png and chart.png: two files
    assert all(name == name.lower() and name.isascii() for name in names)

    # The same note shows the same file by both routes: an .apkg of the vault says the same.
    result = CliRunner().invoke(main, ["export", str(vault), "-o", str(tmp_path / "deck.apkg")])
    assert result.exit_code == 0, result.output
    packaged = {note.fields[-1]: note.fields[1] for note in read_package(tmp_path / "deck.apkg")}
    by_source = {source.split(">")[-2].split("<")[0]: a for source, a in packaged.items()}
    assert {rel: image_sources(a) for rel, a in by_source.items()} == {
        rel: image_sources(a) for rel, a in held.items()
    }
    again = sync(vault, anki, "MediaNames")
    assert again["counts"]["unchanged"] == len(shows) and again["counts"]["media"] == 0


def test_a_vault_synced_with_the_old_names_is_updated_once(
    tmp_path: Path, anki: AnkiConnect, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "Vault"
    shows = obsidian_media_vault(vault, under="upgraded")
    (vault / "upgraded" / "Plain.md").write_text("# What has no picture?\n\n## Answer\n\nNone.\n")
    with monkeypatch.context() as old:  # the previous version
        old.setattr(renderer, "package_name", old_package_name)
        first = sync(vault, anki, "MediaOld")
    assert first["counts"]["new"] == len(shows) + 1
    broken = answers(anki, "MediaOld")["upgraded/Pasted.md"]
    [src, _] = image_sources(broken)
    assert src.startswith("Pasted_image_")  # what Anki stored as pasted_image_…: not found
    assert not (Path(anki.call("getMediaDirPath")) / src).is_file()
    # Its render cache belonged to the old program; the sync record and the lock stay.
    shutil.rmtree(default_cache_dir() / f"v{FORMAT}")

    report = sync(vault, anki, "MediaOld")
    counts = report["counts"]
    assert (counts["new"], counts["changed"], counts["unchanged"]) == (0, len(shows), 1)
    assert counts["media"] == 4 and report["rescanned"] == 0
    assert len(anki.call("findNotes", query='"deck:MediaOld"')) == len(shows) + 1
    assert_every_image_resolves(anki, "MediaOld", shows)
    again = sync(vault, anki, "MediaOld")
    assert again["counts"]["changed"] == 0 and again["counts"]["unchanged"] == len(shows) + 1
