"""Issue 23, "Media for phones and AnkiWeb": `--images optimize` (render/images.py,
render/imagestore.py) and the limits AnkiWeb refuses (export/limits.py).

Screenshots are drawn here at run time (text, code blocks and buttons on a UI frame at full
retina size), never kept in git. Every deck goes into the real `anki` backend: each `<img src>`
must be in the media folder and decode at the size expected.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import AnkiCollection
from helpers import image_sources
from PIL import Image, ImageDraw

from vault2anki import Options, export_vault
from vault2anki.export import limits
from vault2anki.export.run import build, check_limits
from vault2anki.model import MediaFile
from vault2anki.render import images
from vault2anki.report import Report

SRC = Path(__file__).resolve().parent.parent / "src"


def screenshot(path: Path, size: tuple[int, int], seed: int = 0) -> None:
    """A screenshot-like PNG: a window with a sidebar, text lines, a code block, buttons."""
    w, h = size
    im = Image.new("RGB", size, (246, 247, 249))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, w, h // 22], fill=(58, 60, 66))
    d.rectangle([0, h // 22, w // 6, h], fill=(232, 234, 237))
    for i in range(40):
        y = h // 15 + i * (h // 45)
        d.text((20, y), f"item {i + seed}", fill=(30, 30, 30), font_size=h // 70)
        d.text((w // 5, y), f"Обработчик событий {i * seed} всплытие " * 3, fill=(20, 20, 20))
    d.rounded_rectangle([w // 5, h // 2, w - 80, h - 80], 12, fill=(40, 44, 52))
    for i in range(12):
        d.text(
            (w // 5 + 30, h // 2 + 20 + i * 30),
            f"const x{i} = await f({seed});",
            fill=(97, 175, 239),
        )
    im.save(path, compress_level=6)


def vault_with_images(root: Path) -> dict[str, Path]:
    """Notes with Obsidian's own names for a big and a small screenshot, a photo, a GIF and an
    SVG; note name → the file it shows."""
    att = root / "attachments"
    att.mkdir(parents=True)
    files = {
        "Big.md": att / "Pasted image 20240101120000.png",
        "Small.md": att / "Скриншот 1.png",
        "Photo.md": att / "IMG_0001.JPG",
        "Anim.md": att / "spinner.gif",
        "Vector.md": att / "diagram.svg",
    }
    screenshot(files["Big.md"], (2880, 1800))
    screenshot(files["Small.md"], (800, 500), seed=1)
    photo = Image.effect_noise((4000, 3000), 40).convert("RGB")
    photo.save(files["Photo.md"], quality=95)
    frames = [Image.new("P", (32, 32), i) for i in range(3)]
    frames[0].save(files["Anim.md"], save_all=True, append_images=frames[1:], duration=100)
    files["Vector.md"].write_text('<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>')
    for note, file in files.items():
        text = f"# What is {note[:-3]}?\n\n## Answer\n\n![[{file.name}]]\n"
        (root / note).write_text(text, encoding="utf-8")
    return files


def shown(anki: AnkiCollection) -> dict[str, str]:
    """Note source → the one `<img src>` of its answer."""
    out = {}
    for note in anki.notes():
        (src,) = image_sources(str(note["Answer"]))
        out[str(note["Source"])] = src
    return out


def test_optimized_images_resolve_in_anki(tmp_path: Path, anki: AnkiCollection) -> None:
    vault = tmp_path / "Vault"
    files = vault_with_images(vault)
    out = tmp_path / "deck.apkg"
    result = export_vault(Options.of(vault, output=out, images="optimize", no_lock=True))
    assert not result.warnings, result.warnings
    anki.import_package(out)
    srcs = shown(anki)
    assert set(srcs) == set(files)
    for note, src in srcs.items():
        assert src in anki.media_names(), (note, src)
        data = anki.media_bytes(src)
        original = files[note]
        assert len(data) <= original.stat().st_size, (note, src)
        if note in ("Anim.md", "Vector.md"):  # kept byte for byte
            assert data == original.read_bytes()
            continue
        with Image.open(io.BytesIO(data)) as im, Image.open(original) as orig:
            im.load()
            expected = orig.size
            if max(expected) > 1920:
                scale = 1920 / max(expected)
                expected = (round(expected[0] * scale), round(expected[1] * scale))
            assert im.size == expected, (note, im.size)
            assert im.format == {"Photo.md": "JPEG"}.get(note, "WEBP"), (note, im.format)
            assert "exif" not in im.info
    # The big screenshot: a fraction of its bytes, named for what the package holds.
    big = srcs["Big.md"]
    assert big.startswith("pasted_image_20240101120000-") and big.endswith(".webp")
    assert len(anki.media_bytes(big)) < files["Big.md"].stat().st_size / 2


def test_original_keeps_the_bytes(tmp_path: Path, anki: AnkiCollection) -> None:
    vault = tmp_path / "Vault"
    files = vault_with_images(vault)
    out = tmp_path / "deck.apkg"
    export_vault(Options.of(vault, output=out, images="original", no_lock=True))
    anki.import_package(out)
    for note, src in shown(anki).items():
        assert anki.media_bytes(src) == files[note].read_bytes(), note


def _export_in_process(vault: Path, out: Path, cache: Path, *extra: str) -> bytes:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(SRC)}
    argv = [sys.executable, "-m", "vault2anki", "export", str(vault), "-o", str(out)]
    argv += ["--no-lock", "--images", "optimize", "-q", *extra]
    subprocess.run(argv, check=True, env=env, capture_output=True)
    return out.read_bytes()


def test_the_same_bytes_from_any_run(tmp_path: Path) -> None:
    """Two processes with caches of their own, a warm run and a run without the cache: one
    package, byte for byte."""
    vault = tmp_path / "Vault"
    vault_with_images(vault)
    first = _export_in_process(vault, tmp_path / "a.apkg", tmp_path / "cache-a")
    second = _export_in_process(vault, tmp_path / "b.apkg", tmp_path / "cache-b")
    warm = _export_in_process(vault, tmp_path / "c.apkg", tmp_path / "cache-a")
    uncached = _export_in_process(vault, tmp_path / "d.apkg", tmp_path / "cache-c", "--no-cache")
    assert first == second == warm == uncached
    assert not (tmp_path / "cache-c").exists()  # --no-cache wrote nothing there


def test_a_large_screenshot_shrinks(tmp_path: Path) -> None:
    shot = tmp_path / "Pasted image 20240101120000.png"
    screenshot(shot, (2560, 1440))
    made = images.optimize(shot, 1920)
    assert made.ext == "webp" and made.data is not None and made.problem is None
    with Image.open(io.BytesIO(made.data)) as im:
        assert im.size == (1920, 1080)
    original = shot.stat().st_size
    print(f"2560x1440 screenshot: {original} → {len(made.data)} bytes")
    assert len(made.data) < original * 0.6


def test_never_bigger(tmp_path: Path) -> None:
    """Noise, a well-packed 1-pixel PNG and a JPEG that fits: the original bytes each."""
    noise = tmp_path / "noise.png"
    Image.effect_noise((300, 300), 100).convert("RGB").save(noise, optimize=True)
    dot = tmp_path / "dot.png"
    Image.new("L", (1, 1)).save(dot)
    photo = tmp_path / "photo.jpg"
    Image.effect_noise((800, 600), 30).convert("RGB").save(photo, quality=70)
    for path in (noise, dot, photo):
        made = images.optimize(path, 1920)
        assert made.data is None or len(made.data) < path.stat().st_size, path
    assert images.optimize(photo, 1920) == images.KEEP  # a photo that fits: as it is


def _bomb(path: Path, side: int) -> None:
    """A grey PNG of side × side pixels whose data is a few hundred KB of zeros."""
    head = b"\x89PNG\r\n\x1a\n"

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    ihdr = side.to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    packer = zlib.compressobj(9)
    row = bytes(side + 1)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    path.write_bytes(head + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def test_a_decompression_bomb_is_a_warning_and_kept(tmp_path: Path) -> None:
    """A 40,000 × 40,000 PNG (1.6 GB decoded, 5 GB as RGBA) exported in a process allowed 1.5
    GB of address space: never decoded, one warning naming it, its own bytes packaged."""
    vault = tmp_path / "Vault"
    (vault / "img").mkdir(parents=True)
    bomb = vault / "img" / "Pasted image 20240101120000.png"
    _bomb(bomb, 40_000)
    (vault / "Bomb.md").write_text("# Bomb?\n\n## Answer\n\n![[Pasted image 20240101120000.png]]\n")
    out = tmp_path / "deck.apkg"

    def small() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 29, 3 << 29))

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(SRC)}
    argv = [sys.executable, "-m", "vault2anki", "export", str(vault), "-o", str(out)]
    argv += ["--no-lock", "--images", "optimize", "--json"]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, preexec_fn=small)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["size_bytes"] == out.stat().st_size
    (warning,) = report["warnings"]
    assert warning["kind"] == "image-too-large"
    assert warning["path"] == "Bomb.md" and "Pasted image 20240101120000.png" in warning["message"]
    assert "over 50,000,000 pixels" in warning["message"]
    with __import__("zipfile").ZipFile(out) as archive:
        sizes = sorted(i.file_size for i in archive.infolist() if i.filename.isdigit())
    assert sizes == [bomb.stat().st_size]


def test_more_pixels_than_decoded_under_pillows_own_limit(tmp_path: Path) -> None:
    """8,000 × 8,000 is within Pillow's bomb limit, not this tool's: its header says so."""
    big = tmp_path / "big.png"
    _bomb(big, 8_000)
    made = images.optimize(big, 1920)
    assert made.data is None and made.kind == "image-too-large"
    assert made.problem is not None and "8000 × 8000" in made.problem


def test_a_broken_png_is_a_warning(tmp_path: Path) -> None:
    vault = tmp_path / "Vault"
    vault.mkdir()
    good = tmp_path / "good.png"
    screenshot(good, (400, 300))
    (vault / "broken.png").write_bytes(good.read_bytes()[:300])  # cut off mid-data
    (vault / "song.mp3").write_bytes(b"ID3" + bytes(100))  # not an image: no warning
    text = "# Q?\n\n## Answer\n\n![[broken.png]] ![[song.mp3]]\n"
    (vault / "Q.md").write_text(text)
    result = build(Options.of(vault, images="optimize", no_lock=True, no_cache=True))
    assert [w.kind for w in result.warnings] == ["image-broken"]
    assert "broken.png" in result.warnings[0].message
    assert {m.path.read_bytes() for m in result.media} == {
        (vault / "broken.png").read_bytes(),
        (vault / "song.mp3").read_bytes(),
    }


def test_ankiweb_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A media file over 100 MiB (sparse: nothing written), a name over 120 bytes, and a deck
    over the package limit (lowered, so the test writes a few MB, not 300)."""
    vault = tmp_path / "Vault"
    vault.mkdir()
    with open(vault / "lecture.mp4", "wb") as fh:
        fh.truncate((100 << 20) + 1)
    (vault / "Q.md").write_text("# Q?\n\n## Answer\n\n![[lecture.mp4]]\n")
    result = build(Options.of(vault, no_lock=True, no_cache=True))
    check_limits(result)  # what export and check do before writing (sync refuses it itself)
    (warning,) = result.warnings
    assert warning.kind == "media-too-big" and "100 MiB" in warning.message

    report = Report()
    long_name = "a" * 117 + ".png"
    limits.media_limits([MediaFile(name=long_name, path=vault / "Q.md", mtime=0)], report)
    assert [p.kind for p in report.problems] == ["media-name-too-long"]
    limits.media_limits([MediaFile(name=long_name[1:], path=vault / "Q.md", mtime=0)], report)
    assert len(report.problems) == 1  # 120 bytes: taken

    (vault / "lecture.mp4").unlink()
    shot = vault / "shot.png"
    screenshot(shot, (1200, 800))
    (vault / "Q.md").write_text("# Q?\n\n## Answer\n\n![[shot.png]]\n")
    monkeypatch.setattr(limits, "PACKAGE_MAX", shot.stat().st_size // 2)
    out = tmp_path / "deck.apkg"
    result = export_vault(Options.of(vault, output=out, images="original", no_lock=True))
    assert [w.kind for w in result.warnings] == ["package-too-big"]
    assert out.exists() and result.size_bytes == out.stat().st_size
