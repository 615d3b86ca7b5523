"""Issue 23: the images `--images optimize` packages, shown by Chromium (Anki desktop's and
AnkiDroid's engine) at a phone's 390 px and a desktop's 800 px: every one decodes, at the
size the package says, and fits the card's width. `VAULT2ANKI_SHOTS=DIR` keeps the photos."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from tests.test_images import vault_with_images
from tests.visual.measure import browser, browser_problem
from vault2anki import Options, export_vault

pytestmark = pytest.mark.skipif(browser_problem() is not None, reason=str(browser_problem()))


def test_optimized_images_show_in_chromium(tmp_path: Path) -> None:
    vault = tmp_path / "Vault"
    vault_with_images(vault)
    out = tmp_path / "deck.apkg"
    export_vault(Options.of(vault, output=out, images="optimize", no_lock=True))
    site = tmp_path / "site"
    site.mkdir()
    sizes = {}
    with zipfile.ZipFile(out) as archive:
        for number, name in json.loads(archive.read("media")).items():
            data = archive.read(number)
            (site / name).write_bytes(data)
            if not name.endswith(".svg"):
                with Image.open(io.BytesIO(data)) as im:
                    sizes[name] = im.size
    imgs = "".join(f'<p><img src="{name}" style="max-width:100%"></p>' for name in sorted(sizes))
    (site / "index.html").write_text(f"<!doctype html><body style='margin:8px'>{imgs}</body>")
    keep = os.environ.get("VAULT2ANKI_SHOTS")
    with browser() as chromium:
        page = chromium.new_page()
        for width in (390, 800):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto((site / "index.html").as_uri())
            page.wait_for_load_state("load")
            shown = page.evaluate(
                "[...document.images].map(i => [i.getAttribute('src'), i.complete,"
                " i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width])"
            )
            assert len(shown) == len(sizes)
            for src, complete, nat_w, nat_h, box in shown:
                assert complete and (nat_w, nat_h) == sizes[src], (width, src)
                assert box <= width - 16 + 0.5, (width, src, box)
            if keep:
                page.screenshot(path=str(Path(keep) / f"optimized-{width}.png"), full_page=True)
