"""The preview loads MathJax as Anki desktop's reviewer does: only for a side holding `\\(…\\)`
or `\\[…\\]`, with Anki's own config and Anki's own MathJax files, from the site's folder (no
network). An install without MathJax says so instead of showing TeX silently. In a browser:
tests/visual/test_preview_math.py."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from bad_input.anki_reviewer import anki_web
from click.testing import CliRunner
from helpers import make_vault

from vault2anki.cli import main
from vault2anki.preview import mathjax

SCRIPTS = re.compile(r'<script src="\.\./assets/([^"]+)"></script>')


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(
        tmp_path / "v",
        {
            "Energy.md": "# What is the energy at rest?\n## Answer\n$E = mc^2$ and\n\n"
            "$$\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n$$\n",
            "Plain.md": "# Why?\n## Answer\nBecause it costs $5 and $10.\n",
        },
    )


def _preview(vault: Path, out: Path) -> str:
    result = CliRunner().invoke(main, ["preview", str(vault), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result.output


def _scripts(page: Path) -> list[str]:
    return SCRIPTS.findall(page.read_text(encoding="utf-8"))


def test_only_sides_with_math_load_mathjax(
    vault: Path, tmp_path: Path, mathjax_bundled: None
) -> None:
    out = tmp_path / "site"
    assert "shown as TeX" not in _preview(vault, out)
    cards = out / "cards"
    assert _scripts(cards / "0001-1-back.html") == [
        "mathjax.js",
        "mathjax/tex-chtml-full.js",
        "side.js",
    ]
    for plain in ("0001-1-front.html", "0002-1-front.html", "0002-1-back.html"):
        assert _scripts(cards / plain) == ["side.js"], plain  # `$5 and $10` is no math
    assert (out / "assets" / "mathjax.js").read_text(encoding="utf-8") == mathjax.CONFIG_JS
    with zipfile.ZipFile(mathjax.BUNDLE) as bundle:
        for name in bundle.namelist():  # unpacked into the site as the zip holds it
            assert (out / "assets" / "mathjax" / name).read_bytes() == bundle.read(name)
        assert len([n for n in bundle.namelist() if n.endswith(".woff")]) == 23


def test_the_bundle_is_ankis_mathjax_and_config(mathjax_bundled: None) -> None:
    web = anki_web()
    if web is None:
        pytest.skip("Anki desktop's web files not found: .ci/run installs them (.venv-anki)")
    vendor = web / "js" / "vendor" / "mathjax"
    with zipfile.ZipFile(mathjax.BUNDLE) as bundle:
        taken = [n for n in bundle.namelist() if n.endswith((".js", ".woff"))]
        assert len(taken) == 2 + 23
        for name in taken:  # byte for byte the files Anki desktop ships
            assert bundle.read(name) == (vendor / name).read_bytes(), name
        assert bundle.read("VERSION") == b"3.2.2\n"
        assert b"Apache License" in bundle.read("LICENSE")
    ankis = (web / "js" / "mathjax.js").read_text(encoding="utf-8")
    assert ankis.replace('"/_anki/js/vendor/mathjax"', '"../assets/mathjax"') == mathjax.CONFIG_JS


def test_without_mathjax_the_preview_says_math_shows_as_tex(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mathjax, "BUNDLE", tmp_path / "not-built.zip")  # an install built offline
    out = tmp_path / "site"
    output = _preview(vault, out)
    assert "1 card sides hold math, shown as TeX source: this install carries no MathJax" in output
    assert not (out / "assets" / "mathjax").exists()
    assert _scripts(out / "cards" / "0001-1-back.html") == ["side.js"]
