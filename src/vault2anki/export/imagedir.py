"""Where an export's optimized images live (`--images optimize`, render/imagestore.py):
`<cache dir>/media/`, next to the render cache and kept with it (a warm export makes none
again); with `--no-cache`, or without a usable cache folder, a temporary folder that lives as
long as the export's result (`ExportResult.scratch`: the package and `sync` read from it)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..options import Options
from ..render.imagestore import ImageStore
from .budget import paused
from .cache import default_cache_dir

SUBDIR = "media"


def image_store(
    options: Options,
) -> tuple[ImageStore | None, tempfile.TemporaryDirectory[str] | None]:
    """The store for this export (None with `--images original`), and the temporary folder
    that holds it, if any (removed when that object goes)."""
    if options.render.images != "optimize":
        return None, None
    directory: Path | None = None
    if not options.run.no_cache:
        try:
            directory = (options.run.cache_dir or default_cache_dir()) / SUBDIR
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        except (OSError, RuntimeError, KeyError):  # RenderCache.open reports the cache's problem
            directory = None
    scratch = None
    if directory is None:
        scratch = tempfile.TemporaryDirectory(prefix="vault2anki-images-")
        directory = Path(scratch.name)
    return ImageStore(directory, options.render.image_max_px, paused), scratch
