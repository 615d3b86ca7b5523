"""A zip archive whose largest entry is deflated on several threads (package.py's writer).

Why not `zipfile` alone: it deflates on one core, and deflating the collection database is
most of writing a package, serial tail time after the workers are done (figures:
benchmarks/README.md). zlib releases the GIL, so the database is deflated pigz-style: in fixed
blocks, each its own raw deflate stream primed with the 32 KB before it (`zdict`, so nothing
is lost at the seams) and ended by a sync flush, the last by `Z_FINISH` — their concatenation
is one valid deflate stream. `zipfile` cannot take precompressed data through its API, so
this module writes the records itself, field for field as `zipfile` writes them: an archive
of entries smaller than a block is the bytes `zipfile` makes (tests/test_package_write.py).

The block size is fixed, never derived from the core count: the same input is the same bytes
on any machine. No Zip64: `fits` tells the caller when an archive needs it (over 65,535
entries or 4 GiB), and package.py writes such an archive with `zipfile`.
"""

from __future__ import annotations

import struct
import zlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO

from ..chunks import usable_cores

BLOCK = 1 << 20  # deflated independently; 42 blocks for 10,000 notes
LEVEL = 6  # zipfile's default (Z_DEFAULT_COMPRESSION): the size the packages always had
_WINDOW = 32 * 1024  # deflate's history: what primes the next block
_VERSION = 20  # zipfile's DEFAULT_VERSION, for "made by" and "needed to extract"
_SYSTEM = 3  # "made by" Unix, as zipfile on anything but Windows
_ATTRS = 0o644 << 16  # rw-r--r--
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the fixed entry time; DOS time 00:00:00
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LIMIT = 0xFFFFFFFF  # sizes and offsets without Zip64
MAX_ENTRIES = 0xFFFF


def fits(entries: int, total_bytes: int) -> bool:
    """Whether `entries` entries of `total_bytes` bytes in all (uncompressed) need no Zip64.
    Margins keep the estimate safe: deflated data can grow by a few bytes per 16 KB, and each
    entry adds its two headers (under 256 bytes with our names)."""
    margin = total_bytes // 64 + entries * 256 + (1 << 20)
    return entries <= MAX_ENTRIES and total_bytes + margin < _LIMIT


@dataclass(frozen=True)
class _Entry:
    name: bytes
    method: int  # 0 stored, 8 deflated
    crc: int
    compressed: int
    size: int
    offset: int


def _threads() -> int:
    return min(usable_cores(), 4)


def _deflate(block: bytes, prime: bytes, last: bool) -> bytes:
    if prime:
        deflater = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, zdict=prime)
    else:
        deflater = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return deflater.compress(block) + deflater.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def _blocks(src: BinaryIO) -> Iterator[tuple[bytes, bytes, bool]]:
    """(block, the 32 KB before it, whether it is the last) for each block of `src`;
    an empty source is one empty last block (a deflate stream is never empty)."""
    prime = b""
    block = src.read(BLOCK)
    while True:
        following = src.read(BLOCK)
        yield block, prime, not following
        if not following:
            return
        prime, block = block[-_WINDOW:], following


class ZipWriter:
    """Entries written one after another to `fh` (seekable, at offset 0), then `close`."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._entries: list[_Entry] = []

    def write(self, name: str, data: bytes, compress: bool) -> None:
        """One entry from memory, deflated at zipfile's default level or stored."""
        packed = _deflate(data, b"", last=True) if compress else data
        offset = self._fh.tell()
        if offset + len(packed) > _LIMIT:  # a file grew since `fits` was asked
            raise OSError(f"{name}: past 4 GiB, the zip needs Zip64")
        entry = _Entry(
            name.encode("ascii"),
            8 if compress else 0,
            zlib.crc32(data),
            len(packed),
            len(data),
            offset,
        )
        self._fh.write(self._local(entry))
        self._fh.write(packed)
        self._entries.append(entry)

    def write_deflated(self, name: str, src: BinaryIO) -> None:
        """One entry streamed from `src`, deflated block by block on `_threads()` threads;
        at most two blocks per thread are held at once."""
        offset = self._fh.tell()
        # CRC and sizes are known at the end: the header is written again then, as zipfile does
        self._fh.write(self._local(_Entry(name.encode("ascii"), 8, 0, 0, 0, offset)))
        crc = size = compressed = 0
        threads = _threads()
        with ThreadPoolExecutor(threads) as pool:
            pending: deque[Future[bytes]] = deque()
            for block, prime, last in _blocks(src):
                crc, size = zlib.crc32(block, crc), size + len(block)
                pending.append(pool.submit(_deflate, block, prime, last))
                while len(pending) > 2 * threads or (last and pending):
                    packed = pending.popleft().result()
                    self._fh.write(packed)
                    compressed += len(packed)
        if max(size, compressed, offset) > _LIMIT:
            raise OSError(f"{name}: past 4 GiB, the zip needs Zip64")
        entry = _Entry(name.encode("ascii"), 8, crc, compressed, size, offset)
        end = self._fh.tell()
        self._fh.seek(offset)
        self._fh.write(self._local(entry))
        self._fh.seek(end)
        self._entries.append(entry)

    def close(self) -> None:
        """The central directory and its end record."""
        start = self._fh.tell()
        for e in self._entries:
            made_by, rest = (_VERSION, _SYSTEM), (0, 0, 0, 0, _ATTRS, e.offset)
            header = _CENTRAL.pack(b"PK\001\002", *made_by, _VERSION, 0, *_shared(e), *rest)
            self._fh.write(header + e.name)
        length, count = self._fh.tell() - start, len(self._entries)
        if count > MAX_ENTRIES or self._fh.tell() > _LIMIT:
            raise OSError("over 65,535 entries or 4 GiB: the zip needs Zip64")
        self._fh.write(_END.pack(b"PK\005\006", 0, 0, count, count, length, start, 0))

    @staticmethod
    def _local(e: _Entry) -> bytes:
        return _LOCAL.pack(b"PK\003\004", _VERSION, 0, *_shared(e), 0) + e.name


def _shared(e: _Entry) -> tuple[int, ...]:
    """What a local header and its central directory record both say, in the same order:
    flags, method, DOS time and date, CRC-32, compressed and full size, name length."""
    return (0, e.method, 0, _DOS_DATE, e.crc, e.compressed, e.size, len(e.name))
