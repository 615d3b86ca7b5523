"""What AnkiWeb would refuse of a deck, said while it is made (the deck is still written):

- a package over `PACKAGE_MAX`, 300 MiB: the most AnkiWeb takes in one collection upload
  (Anki's `MAXIMUM_SYNC_PAYLOAD_BYTES_UNCOMPRESSED`, rslib/src/sync/request/mod.rs), and a long
  download for a phone;
- a media file over 100 MiB and a media name over 120 bytes (vault/media.py): media sync
  refuses each, so the cards showing it miss it on every other device.

The media are checked when the cards are built (so `check` says it, and `--strict` writes
nothing); the package when it is written — before, already, when its media alone are over.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..model import MediaFile
from ..report import Report
from ..vault.media import MAX_MEDIA_BYTES, MAX_NAME_BYTES

PACKAGE_MAX = 300 << 20
_FIX = "try --images optimize, or split the vault into several decks"


def mib(size: int) -> str:
    """`size` bytes for a person: `14.1 MiB`, `312 KiB` below one MiB."""
    if size < 1 << 20:
        return f"{max(1, round(size / 1024))} KiB"
    return f"{size / (1 << 20):.1f} MiB"


def media_limits(media: list[MediaFile], report: Report) -> int:
    """Warnings for media AnkiWeb refuses; the media's size in all (-1: unknown)."""
    total = 0
    for m in media:
        try:
            size = os.stat(m.path).st_size
        except OSError:
            total = -1  # the package's writer says what is wrong with it
            continue
        total += size if total >= 0 else 0
        if size > MAX_MEDIA_BYTES:
            report.warning(
                str(m.path),
                None,
                "media-too-big",
                f"{mib(size)}, over AnkiWeb's limit of {MAX_MEDIA_BYTES >> 20} MiB for one "
                "media file: Anki cannot sync it to other devices — make the file smaller",
            )
        if len(m.name.encode()) > MAX_NAME_BYTES:
            report.warning(
                str(m.path),
                None,
                "media-name-too-long",
                f"its media name {m.name!r} is over the {MAX_NAME_BYTES} bytes AnkiWeb takes: "
                "Anki cannot sync it to other devices — give the file a shorter name",
            )
    if total > PACKAGE_MAX:
        package_limit(total, report, "its media alone are")
    return total


def package_limit(
    size: int, report: Report, what: str = "it is", where: Path | None = None
) -> None:
    """A warning for a deck of `size` bytes over PACKAGE_MAX."""
    if size <= PACKAGE_MAX:
        return
    report.warning(
        str(where or ""),
        None,
        "package-too-big",
        f"the deck is over {PACKAGE_MAX >> 20} MiB ({what} {mib(size)}): AnkiWeb refuses a "
        f"collection upload that large, and phones download it whole — {_FIX}",
    )


def written_limit(size: int, media_bytes: int, report: Report, output: Path) -> None:
    """The written package's size checked, unless its media alone were already over."""
    if media_bytes <= PACKAGE_MAX:
        package_limit(size, report, where=output)
