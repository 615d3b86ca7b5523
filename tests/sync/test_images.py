"""Issue 23, `--images optimize` through a real Anki desktop with AnkiConnect: `sync` uploads
the optimized copy under the name the card shows, the same name and bytes an `.apkg` holds."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from tests.helpers import image_sources
from tests.sync.test_media_names import answers, sync
from tests.test_images import vault_with_images
from vault2anki.cli import main
from vault2anki.sync.ankiconnect import AnkiConnect


def test_optimized_images_resolve_after_sync(tmp_path: Path, anki: AnkiConnect) -> None:
    vault = tmp_path / "Vault"
    files = vault_with_images(vault)
    report = sync(vault, anki, "Optimized", "--images", "optimize")
    assert report["counts"]["new"] == len(files) and report["counts"]["media"] == len(files)
    held = answers(anki, "Optimized")
    folder = Path(anki.call("getMediaDirPath"))
    shown = {}
    for note, html in held.items():
        (src,) = image_sources(html)
        stored = folder / src
        assert stored.is_file(), f"{note}: <img src={src!r}> is not in Anki's media folder"
        assert stored.stat().st_size <= files[note].stat().st_size
        shown[src] = stored.read_bytes()
    big = next(src for src in shown if src.startswith("pasted_image_20240101120000-"))
    assert big.endswith(".webp")
    with Image.open(io.BytesIO(shown[big])) as im:
        assert im.format == "WEBP" and im.size == (1920, 1200)

    # The .apkg of the same vault holds the same names with the same bytes.
    out = tmp_path / "deck.apkg"
    result = CliRunner().invoke(
        main, ["export", str(vault), "-o", str(out), "--images", "optimize"]
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        index = __import__("json").loads(archive.read("media"))
        packaged = {name: archive.read(number) for number, name in index.items()}
    assert packaged == shown
    again = sync(vault, anki, "Optimized", "--images", "optimize")
    assert again["counts"]["unchanged"] == len(files) and again["counts"]["media"] == 0
