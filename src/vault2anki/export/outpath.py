"""Where `-o` may not write: over the vault's own files.

`atomic.replacing` replaces any regular file, which is right for a deck written before but
destroys a note, an image or the lock (an uncommitted lock is the only record of renamed
notes' identities). Inside the vault, only a new path or a previous deck may be replaced.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from ..apkg.package import COLLECTIONS
from ..identities.lock import LOCK_NAME


def _is_deck(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return not set(COLLECTIONS).isdisjoint(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def vault_file_refusal(output: Path, vault: Path) -> str | None:
    """Why writing the deck at `output` would overwrite part of `vault`, or None."""
    target = Path(os.path.realpath(output))  # through symlinks: the file that would be replaced
    root = Path(os.path.realpath(vault))
    if not target.is_relative_to(root):
        return None
    rel = target.relative_to(root).as_posix()
    if target == root / LOCK_NAME:
        what = f"the vault's lock ({LOCK_NAME})"
    elif target.exists():
        if _is_deck(target):
            return None
        what = f"a file of the vault ({rel})"
    elif target.suffix.lower() == ".md":
        what = f"a note's path in the vault ({rel})"
    else:
        return None
    return (
        f"cannot write {output}: it is {what}, not a deck written before; nothing written — "
        "choose another -o path (a new file, or an .apkg)"
    )
