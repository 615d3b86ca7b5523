"""Write a file so that readers see the old version or the new one, never half of either."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class NotAFileError(OSError):
    """The target exists and is not a regular file: replacing it would destroy a folder, a
    device (as root, `-o /dev/null` became a zip) or a FIFO another program reads."""


def _refuse_special(target: Path) -> int | None:
    """The permission bits of `target`, a regular file; None when it is absent."""
    try:
        mode = os.stat(target).st_mode  # through symlinks: the file that would be replaced
    except OSError:
        return None  # absent (a new file), or a problem the write itself reports
    if stat.S_ISREG(mode):
        return stat.S_IMODE(mode)
    what = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a FIFO"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
    )
    raise NotAFileError(errno.EEXIST, f"it is {what}, not a regular file", str(target))


def _flush(path: Path) -> None:
    """The new bytes on disk before the rename: after a power loss the file is either the old
    one or the new one, never a renamed but still empty file (an empty lock is refused loudly,
    but the deck and the lock would both be gone)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# Bytes a file name may have on the usual file systems (ext4, APFS, NTFS: 255).
NAME_MAX = 255


def _prefix(name: str) -> str:
    """`.NAME.` for the temporary file, cut so that its whole name fits in NAME_MAX bytes: a
    target named with 250 bytes is a valid name. mkstemp adds 8 characters and `.tmp`; 16
    bytes more leave room for a file named after it (package.py's `TMP.anki2-journal`)."""
    room = NAME_MAX - len("..") - 8 - len(".tmp") - 16
    return f".{os.fsencode(name)[:room].decode('utf-8', 'ignore')}."  # whole characters


@contextmanager
def replacing(target: Path, *, shared: bool = True) -> Iterator[Path]:
    """A temporary path next to `target`, renamed onto it when the block succeeds.

    On any failure (a full disk, Ctrl-C) the temporary file is removed and `target` is left
    as it was. A symlink is written through: its target is replaced, the link stays. Anything
    but a regular file or a new path is refused (NotAFileError). `shared`: the result keeps
    the mode of the file it replaces (a lock made group-writable stays so), and a new file
    gets the usual permissions (0666 less the umask); else it is private (mkstemp's 0600).
    """
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    mode = _refuse_special(target)
    fd, name = tempfile.mkstemp(prefix=_prefix(target.name), suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        if shared:
            if mode is None:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.chmod(tmp, mode)
        yield tmp
        _flush(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
