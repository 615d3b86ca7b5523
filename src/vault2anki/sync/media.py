"""Media uploads of `vault2anki sync`: each file on its own, never more than one in memory.

When Anki runs on this machine (the AnkiConnect URL is 127.0.0.1 or localhost), AnkiConnect's
`storeMediaFile` is given the file's *path* and Anki reads the file itself: the request is a
few hundred bytes whatever the file's size (a base64 body is read by AnkiConnect 1 KB at a
time, so its cost grows much faster than its size: 15 MB took 98 s). A remote Anki, or one
that cannot read the path (a sandboxed Anki), gets the bytes in base64 as `data`, streamed
from the file into the request. A file over AnkiWeb's 100 MiB limit is refused with a warning;
a file that cannot be read or stored is an error that names it; neither stops the other files
or the notes, and a re-run tries again.

Anki stores a name as it is given only when it is already lower-case (`storeMediaFile` lower-
cases it): the names vault/media.py makes are, so a card finds its file by either route.
"""

from __future__ import annotations

from ..chunks import chunks
from ..model import MediaFile
from ..report import Report
from ..vault.media import MAX_MEDIA_BYTES
from .ankiconnect import AnkiConnect, AnkiConnectError, act

MAX_MEDIA = MAX_MEDIA_BYTES  # AnkiWeb refuses a bigger media file: Anki could never sync it
PATH_BATCH = 100  # files per request when Anki reads them from their paths


def _sendable(media: list[MediaFile], report: Report) -> list[tuple[MediaFile, int]]:
    """The files to upload with their sizes; the rest reported."""
    out = []
    for m in media:
        try:
            size = m.path.stat().st_size
        except OSError as exc:
            report.error(
                str(m.path),
                None,
                "media-unreadable",
                f"cannot read this file ({exc.strerror or exc}); it was not uploaded to Anki "
                "(the notes were synced) — check the file and sync again",
            )
            continue
        if size > MAX_MEDIA:
            report.warning(
                str(m.path),
                None,
                "media-too-big",
                f"{size / (1 << 20):.0f} MiB, over AnkiWeb's limit of {MAX_MEDIA >> 20} MiB "
                "for one media file: not uploaded to Anki, so cards showing it miss it — "
                "make the file smaller",
            )
            continue
        out.append((m, size))
    return out


def _by_path(
    client: AnkiConnect, files: list[tuple[MediaFile, int]]
) -> list[tuple[MediaFile, int]]:
    """Upload `files` by path; those Anki could not read that way."""
    left = []
    for chunk in chunks(files, PATH_BATCH):
        actions = [
            act("storeMediaFile", filename=m.name, path=str(m.path.resolve()), deleteExisting=True)
            for m, _ in chunk
        ]
        for (m, size), (_, error) in zip(chunk, client.multi_each(actions), strict=True):
            if error is not None:
                left.append((m, size))
    return left


def upload_media(client: AnkiConnect, media: list[MediaFile], report: Report) -> None:
    """Upload `media`; failures reported."""
    files = _sendable(media, report)
    if client.local:
        files = _by_path(client, files)
    for m, size in files:
        try:
            params = {"filename": m.name, "deleteExisting": True}
            client.call_with_file("storeMediaFile", params, m.path)
        except (OSError, AnkiConnectError) as exc:
            reason = exc.strerror or exc if isinstance(exc, OSError) else exc
            report.error(
                str(m.path),
                None,
                "media-not-uploaded",
                f"cannot upload this file ({size / (1 << 20):.1f} MiB) to Anki: {reason} — the "
                "notes were synced without it; sync again to retry",
            )
            continue
