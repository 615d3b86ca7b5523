"""`--images optimize`: a smaller copy of one vault image, made with Pillow, never larger.

- The longest side is capped at `--image-max-px` (Lanczos; EXIF rotation applied first, so a
  photo still stands the way the phone took it once its metadata is gone).
- Photos (JPEG) stay JPEG: re-encoded only when resized, and used only when smaller. A JPEG
  that fits is kept byte for byte: re-encoding it would lose quality for a few per cent.
- Screenshots and diagrams (PNG, and the other lossless sources Pillow reads: BMP, TIFF)
  become lossless WebP when that is smaller; when it is not, the original is kept, or when
  resized, the resized image as PNG if that is smaller than the original.
- GIF (animation), animated PNG, WebP, AVIF, SVG, and every other file are kept as they are.

Anki desktop (Qt WebEngine, Chromium), AnkiDroid (Android System WebView, Chromium) and
AnkiMobile (WKWebView: Safari's WebKit, WebP since iOS 14) all show WebP, lossless included.

Deterministic: fixed encoder settings (`WEBP`, `JPEG`, `PNG`), no metadata but the colour
profile (EXIF, XMP, text chunks and times are dropped; the ICC profile is kept, as it changes
how colours show), the same bytes for the same Pillow build (it bundles libwebp, libjpeg-turbo
and zlib: `recipe()` names them all, and the cache keys on it).

Bounded: an image whose header declares more than `MAX_PIXELS` is never decoded (a
decompression bomb: a few KB of PNG claiming 40,000 × 40,000 pixels would take 6 GB), and a
file Pillow cannot read is kept as it is — a warning only when it claims to be an image by its
name (a damaged screenshot), not for a file that is simply something else.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, ImageOps, features

RECIPE = 1  # bump when the settings below or the choice of format change
# 50 megapixels (a 48 MP phone photo fits): ~200 MB decoded as RGBA, the most one image may
# hold in memory; Pillow's own bomb warning starts at 89 MP.
MAX_PIXELS = 50_000_000
WEBP: dict[str, Any] = {"lossless": True, "quality": 80, "method": 4, "exact": False}
JPEG: dict[str, Any] = {"quality": 85, "optimize": True, "progressive": False}
PNG: dict[str, Any] = {"optimize": False, "compress_level": 9}

# What is worth opening: names Pillow may make smaller. Other images are kept unopened.
_TRIED = frozenset([".png", ".jpg", ".jpeg", ".jfif", ".bmp", ".tif", ".tiff"])
_LOSSLESS = frozenset(["PNG", "BMP", "TIFF"])
_PHOTO = frozenset(["JPEG", "MPO"])  # MPO: a phone's JPEG with a second frame
_MODES = frozenset(["1", "L", "LA", "P", "PA", "RGB", "RGBA", "CMYK", "YCbCr"])
_READ_ERRORS = (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError)


@dataclass(frozen=True)
class Optimized:
    """What the package holds for an image: `data` in format `ext`, or (data None) the
    original bytes; `problem` says why an image that should have been read could not be."""

    data: bytes | None = None
    ext: str = ""
    problem: str | None = None
    kind: str = ""  # the problem's kind (kinds.py)


KEEP = Optimized()


def recipe(max_px: int) -> str:
    """Everything the bytes `optimize` makes depend on besides the image."""
    libs = " ".join(f"{lib} {features.version(lib)}" for lib in ("webp", "libjpeg_turbo", "zlib"))
    return f"recipe {RECIPE} max {max_px} pillow {PIL.__version__} {libs}"


def optimize(path: Path, max_px: int) -> Optimized:
    """The smaller copy of the image at `path`, or KEEP (with a problem if it is damaged)."""
    if path.suffix.lower() not in _TRIED:
        return KEEP
    try:
        original = path.stat().st_size
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # MAX_PIXELS decides
            with Image.open(path) as im:
                return _smaller(im, original, max_px)
    except _READ_ERRORS as exc:
        if isinstance(exc, Image.DecompressionBombError):  # over twice Pillow's own limit
            return _too_many(f"its header declares more pixels than that ({exc})")
        reason = str(exc) or type(exc).__name__
        return Optimized(
            problem=f"cannot read this image ({reason}): packaged as it is, which Anki may not "
            "show either — open it and save it again",
            kind="image-broken",
        )


def _too_many(what: str) -> Optimized:
    return Optimized(
        problem=f"images of over {MAX_PIXELS:,} pixels are not decoded (a decompression bomb "
        f"takes gigabytes), and {what}: packaged as it is, not optimized — make it smaller",
        kind="image-too-large",
    )


def _smaller(im: Image.Image, original: int, max_px: int) -> Optimized:
    width, height = im.size
    if width * height > MAX_PIXELS:  # from the header: nothing decoded yet
        return _too_many(f"this one has {width} × {height}")
    fmt = im.format or ""
    animated = getattr(im, "is_animated", False) and fmt not in _PHOTO  # MPO: 2 frames, a photo
    if animated or im.mode not in _MODES:
        return KEEP  # an animated PNG; 16-bit or float pixels, which WebP cannot hold
    resize = max(width, height) > max_px
    if fmt in _PHOTO:
        if not resize:
            return KEEP
        scale = max_px / max(width, height)
        im.draft("RGB", (round(width * scale), round(height * scale)))  # decode at 1/2, 1/4…
    elif fmt not in _LOSSLESS:
        return KEEP
    icc = im.info.get("icc_profile")
    im.load()
    im = ImageOps.exif_transpose(im) or im
    alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
    im = im.convert("RGBA" if alpha and fmt not in _PHOTO else "RGB")
    if max(im.size) > max_px:
        scale = max_px / max(im.size)
        size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
        im = im.resize(size, Image.Resampling.LANCZOS)
    extra = {"icc_profile": icc} if icc else {}
    if fmt in _PHOTO:
        return _if_smaller(_encode(im, "JPEG", JPEG | extra), "jpg", original)
    webp = _encode(im, "WEBP", WEBP | extra)
    if len(webp) < original:
        return Optimized(webp, "webp")
    if resize:
        return _if_smaller(_encode(im, "PNG", PNG | extra), "png", original)
    return KEEP


def _if_smaller(data: bytes, ext: str, original: int) -> Optimized:
    return Optimized(data, ext) if len(data) < original else KEEP


def _encode(im: Image.Image, fmt: str, settings: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **settings)
    return out.getvalue()
