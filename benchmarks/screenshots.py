"""A vault of pasted full-size screenshots, made at run time (never kept in git), and what
`--images original` and `--images optimize` make of it (README "Media" quotes the figures).

Each note `NNN Вопрос.md` asks a question and answers with one `![[Pasted image …png]]`, a
2560×1440 or 2880×1800 screenshot drawn with Pillow the way such a screen looks: a window with
a title bar and a sidebar, lines of text, code blocks in editor colours, buttons, a photo-like
panel, a soft gradient behind it all and a drop shadow. Saved as screenshot tools save them
(zlib level 6, no filtering search), they are 0.5–2 MB each, as in the issue's seed vault.

    python benchmarks/screenshots.py OUT_DIR [--count 600] [--seed 1] [--measure]

`--measure` exports OUT_DIR both ways (cold cache, then warm) and prints sizes and times.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIZES = ((2560, 1440), (2880, 1800))
WORDS = (
    "const function return await Promise event loop замыкание контекст this prototype "
    "render state props useEffect hook selector flexbox grid margin padding async fetch "
    "Обработчик событий всплытие погружение делегирование"
).split()
_FONTS = (
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


def _font(size: int, mono: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in (_FONTS[1], _FONTS[0]) if mono else _FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def screenshot(seed: int) -> Image.Image:
    """One screenshot-like image, the same for the same seed."""
    r = random.Random(seed)
    w, h = SIZES[seed % 2]
    dark = r.random() < 0.4
    top, bottom = ((30, 34, 42), (60, 40, 80)) if dark else ((200, 215, 235), (240, 230, 250))
    gradient = Image.linear_gradient("L").resize((w, h))
    im = Image.composite(Image.new("RGB", (w, h), top), Image.new("RGB", (w, h), bottom), gradient)
    # the window, with a soft shadow on the wallpaper
    x0, y0, x1, y1 = int(w * 0.03), int(h * 0.04), int(w * 0.97), int(h * 0.96)
    shadow = Image.new("L", (w, h), 0)
    ImageDraw.Draw(shadow).rectangle([x0 + 10, y0 + 20, x1 + 10, y1 + 20], fill=140)
    im.paste((0, 0, 0), mask=shadow.filter(ImageFilter.GaussianBlur(30)))
    bg, fg = ((36, 37, 41), (220, 221, 224)) if dark else ((255, 255, 255), (32, 33, 36))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle([x0, y0, x1, y1], 18, fill=bg)
    d.rectangle([x0, y0, x1, y0 + int(h * 0.045)], fill=(58, 60, 66) if dark else (232, 234, 237))
    for i, colour in enumerate(((255, 95, 86), (255, 189, 46), (39, 201, 63))):
        cx = x0 + 30 + i * 36
        d.ellipse([cx, y0 + 18, cx + 22, y0 + 40], fill=colour)
    side = x0 + int(w * r.uniform(0.14, 0.2))
    d.rectangle([x0, y0 + int(h * 0.045), side, y1], fill=(44, 45, 50) if dark else (246, 247, 249))
    text, small, mono = _font(h // 48), _font(h // 68), _font(h // 58, mono=True)
    for i in range(28):
        d.text((x0 + 24, y0 + int(h * 0.07) + i * (h // 34)), r.choice(WORDS), font=small, fill=fg)
    y = y0 + int(h * 0.08)
    while y < y1 - h * 0.1:
        y = _block(d, im, r, side + 48, y, x1 - 60, h, (text, mono, small), fg)
    return im


def _block(
    d: ImageDraw.ImageDraw,
    im: Image.Image,
    r: random.Random,
    x: int,
    y: int,
    right: int,
    h: int,
    fonts: tuple[object, ...],
    fg: tuple[int, int, int],
) -> int:
    text, mono, small = fonts
    kind = r.random()
    if kind < 0.5:  # a paragraph line
        line = " ".join(r.choice(WORDS) for _ in range(r.randrange(6, 15)))
        d.text((x, y), line, font=text, fill=fg)  # type: ignore[arg-type]
        return y + h // 28
    if kind < 0.8:  # a code block
        rows = r.randrange(3, 9)
        bottom = y + rows * (h // 44) + 24
        d.rounded_rectangle([x, y, right, bottom], 8, fill=(40, 44, 52))
        for j in range(rows):
            cx = x + 20
            for _ in range(r.randrange(2, 7)):
                word = r.choice(WORDS)
                colour = r.choice(
                    ((198, 120, 221), (97, 175, 239), (152, 195, 121), (229, 192, 123))
                )
                d.text((cx, y + 12 + j * (h // 44)), word, font=mono, fill=colour)  # type: ignore[arg-type]
                cx += int(d.textlength(word + " ", font=mono))  # type: ignore[arg-type]
        return bottom + 24
    if kind < 0.95:  # buttons
        for _ in range(r.randrange(2, 5)):
            width = r.randrange(140, 320)
            d.rounded_rectangle([x, y, x + width, y + h // 24], 10, fill=(0, 122, 255))
            d.text((x + 18, y + 10), "Кнопка", font=small, fill=(255, 255, 255))  # type: ignore[arg-type]
            x += width + 24
        return y + h // 18
    # a photo in the page: noise over a gradient, which no lossless coder squeezes much
    pw, ph = int((right - x) * r.uniform(0.3, 0.6)), int(h * r.uniform(0.12, 0.22))
    photo = Image.effect_noise((pw, ph), r.uniform(20, 50)).convert("RGB")
    tint = Image.new("RGB", (pw, ph), (r.randrange(256), r.randrange(256), r.randrange(256)))
    im.paste(Image.blend(photo, tint, 0.6).filter(ImageFilter.GaussianBlur(1.2)), (x, y))
    return y + ph + 24


def make_vault(root: Path, count: int, seed: int = 1) -> float:
    """`count` notes with a screenshot each under `root`; the seconds it took."""
    start = time.perf_counter()
    (root / "attachments").mkdir(parents=True, exist_ok=True)
    for i in range(count):
        stamp = f"2024{(i // 60) % 12 + 1:02d}{i % 28 + 1:02d}12{i % 60:02d}{i % 60:02d}"
        name = f"Pasted image {stamp}.png"
        screenshot(seed * 100_000 + i).save(root / "attachments" / name, compress_level=6)
        note = f"# Вопрос {i}: что на экране?\n\n## Ответ\n\n![[{name}]]\n\nСм. скриншот.\n"
        (root / f"{i:03d} Вопрос.md").write_text(note, encoding="utf-8")
    return time.perf_counter() - start


def _export(vault: Path, out: Path, cache: Path, mode: str) -> tuple[float, int]:
    start = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "vault2anki",
        "export",
        str(vault),
        "-o",
        str(out),
        "--no-lock",
        "--images",
        mode,
        "-q",
    ]
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent / "src")  # this checkout's
    subprocess.run(command, check=True, env=env)
    return time.perf_counter() - start, out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measure", action="store_true")
    args = parser.parse_args()
    took = make_vault(args.out, args.count, args.seed)
    images = sum(p.stat().st_size for p in (args.out / "attachments").iterdir())
    print(f"{args.count} screenshots, {images / 1e6:.1f} MB, made in {took:.1f} s")
    if not args.measure:
        return
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("original", "optimize"):
            cache = Path(tmp) / f"cache-{mode}"
            for run in ("cold", "warm"):
                seconds, size = _export(args.out, Path(tmp) / f"{mode}.apkg", cache, mode)
                print(f"--images {mode} {run}: {size / 1e6:.1f} MB in {seconds:.1f} s")


if __name__ == "__main__":
    main()
