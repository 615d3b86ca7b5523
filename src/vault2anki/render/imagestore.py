"""Where `--images optimize` keeps the copies it made, and what they are named.

Made at render time, in the workers, because the name a card shows depends on the copy: its
extension (`.png` → `.webp`) and its hash. The name is content-addressed on the bytes the
package holds, as every media name is (vault/media.py): `{slug}-{sha256 of the copy, 16
hex}.webp`, so the same name never stands for two different files, in an .apkg or through
`sync`, which uploads the same copy under the same name. An image kept as it is keeps the name
`--images original` gives it.

Cached by content: a copy is stored under a key hashing the original's bytes (the sha256 its
original name is made of: already computed, nothing read again) and `images.recipe` (the
settings and the Pillow build), in `<cache dir>/media/` (`--no-cache`: a temporary folder for
the run). A warm export finds
the copy by one `stat` and hashes only the copy (small) for its name: nothing is decoded or
encoded again, and a rendered note found in the render cache does not even ask. "Kept as it
is" is stored too (`KEY.keep`, holding the warning if there was one), so a PNG that WebP
cannot beat is not tried again. Files are written to a temporary name and renamed: two
processes optimizing the same image write the same bytes, and a reader never sees half.

The encoder's time is not the card's (`aside`, export/budget.py's `paused`): a note of ten
screenshots is not "too slow to render" on a cold cache. Each image's own work is bounded by
its pixel count instead (`images.MAX_PIXELS`, checked before decoding).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from posixpath import splitext

from ..cards.identity import file_digest
from ..vault.media import package_name
from .images import Optimized, optimize, recipe

_EXTS = ("webp", "jpg", "png")
Aside = Callable[[], AbstractContextManager[object]]


class ImageStore:
    """The optimized copies of one export's images, in `directory`."""

    def __init__(self, directory: Path, max_px: int, aside: Aside = nullcontext) -> None:
        self.directory = directory
        self.max_px = max_px
        self.aside = aside
        self._recipe = recipe(max_px).encode()

    def prepare(self, rel: str, path: Path, digest: str) -> tuple[Path, str, Optimized]:
        """(the file to package, its media name, what was made) for the vault image `rel` at
        `path` whose bytes hash to `digest`. Raises OSError when `path` cannot be read."""
        key = hashlib.blake2b(self._recipe + b"\0" + digest.encode(), digest_size=16)
        stem = key.hexdigest()
        shard = self.directory / stem[:2]
        for ext in _EXTS:
            copy = shard / f"{stem}.{ext}"
            if copy.is_file():
                return copy, package_name(_renamed(rel, ext), file_digest(copy)), Optimized()
        keep = shard / f"{stem}.keep"
        try:
            problem, kind = keep.read_text(encoding="utf-8").split("\0", 1)
            return path, package_name(rel, digest), Optimized(problem=problem or None, kind=kind)
        except (OSError, ValueError):
            pass
        with self.aside():
            made = optimize(path, self.max_px)
        if made.data is None:
            _write(keep, f"{made.problem or ''}\0{made.kind}".encode())
            return path, package_name(rel, digest), made
        copy = shard / f"{stem}.{made.ext}"
        _write(copy, made.data)
        return copy, package_name(_renamed(rel, made.ext), file_digest(copy)), made


def _renamed(rel: str, ext: str) -> str:
    return f"{splitext(rel)[0]}.{ext}"


def _write(target: Path, data: bytes) -> None:
    """`data` at `target`, whole or not at all; a cache that cannot be written only costs
    speed (the copy is then made again next time) — except that the copy must exist for this
    export, so a failure to write it raises OSError."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
