"""A cache of rendered notes, so a re-export renders only what changed.

One entry per note file: the problems found reading it, and its rendered cards. Safe to
delete at any time (`~/.cache/vault2anki`, or `$XDG_CACHE_HOME/vault2anki`, or `cache_dir`).

Never stale: an entry is found by a key hashing everything the rendering read as input —
the note's bytes, its vault path and the vault's location, the export options that shape
cards, and a fingerprint of this program (every source file of the package, and the versions
of markdown-it-py, mdit-py-plugins and Pygments). What a note's rendering read from the
rest of the vault is recorded while it renders (`deps.RecordingVault`): every link and path
resolution with its answer, and the stat and content hash of every vault file it touched
(images, sounds, transcluded notes). A hit is used only when all of those still hold.

Keyed by content, not by mtimes: a fresh `git checkout` (CI restoring the cache, a clone)
gives every file a new mtime and the same bytes. A file whose stat changed is hashed again
and still matches if its bytes did not; the cards' `mod` (newest mtime of the note and what
it embeds) is then recomputed from the files as they are now, as a render would.
Rendering code must reach other vault files through the `Vault` it is given (`resolve_link`,
`resolve_path`, `abspath`); that is what is recorded.

Entries live in one SQLite file, written by the main process as chunks of notes finish. Faults
only ever cost speed: an unreadable entry is a miss; a file that is not a database, or one that
fails `PRAGMA quick_check` after a read failed, is rebuilt empty; a database another process
keeps locked past `BUSY_TIMEOUT` is left alone (never deleted) and this export runs without the
cache, with one warning; so does an export with no usable cache folder (no home directory).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from ..apkg.atomic import replacing
from ..model import CardRef
from ..report import Report
from ..vault.walk import Vault
from .deps import file_stat
from .packed import Meta, Packed

FORMAT = 4  # bump when the entry layout changes (4: model.CardRef in `cards`)
# Seconds to wait for another process's lock on the database. Exports hold locks for a few
# milliseconds per chunk; a lock held longer belongs to something else, and waiting for it
# once per chunk was a 5 s stall each time.
BUSY_TIMEOUT = 1.0
STORE_BATCH = 500  # rendered notes stored per transaction (~2 MB held until then)
DB_NAME = "notes.sqlite3"
# A packed note (packed.py) per row: only `meta` is opened to know whether it still holds.
TABLE = "key TEXT PRIMARY KEY, meta BLOB, cards BLOB, html BLOB"
COLUMNS = ("key", "meta", "cards", "html")


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/vault2anki, else ~/.cache/vault2anki; RuntimeError without a home."""
    base = os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    if not root.is_absolute():
        raise RuntimeError("the home directory is not an absolute path")
    return root / "vault2anki"


def _busy(exc: sqlite3.Error) -> bool:
    """Another connection holds the lock (as opposed to a damaged or foreign file)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # primary code of an extended one
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(exc)


_FINGERPRINT: str | None = None


# Libraries whose versions shape the cached output (Markdown → HTML, sanitizing, frontmatter
# problems, the genanki-written packages). The installed distribution's own requirements are
# added to these, so a dependency added later cannot be forgotten here.
SHAPING = ("markdown-it-py", "mdit-py-plugins", "pygments", "nh3", "genanki", "pyyaml", "pillow")


def shaping_libraries() -> list[str]:
    """Every runtime dependency of vault2anki (not the test/dev extras), lower-cased."""
    names = set(SHAPING)
    try:
        requires = metadata.requires("vault2anki") or []
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        requires = []
    for requirement in requires:
        if "extra ==" not in requirement.replace('"', "").replace("'", ""):
            names.add(re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0].lower())
    return sorted(names)


def program_fingerprint() -> str:
    """Hash of the code that renders: our sources and every library version that shapes output."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        h = hashlib.blake2b(digest_size=16)
        h.update(f"format {FORMAT} python {sys.version}".encode())
        for dist in shaping_libraries():
            try:
                version = metadata.version(dist)
            except metadata.PackageNotFoundError:
                version = "?"
            h.update(f"\0{dist} {version}".encode())
        package = Path(__file__).resolve().parent.parent  # vault2anki/, every stage package
        for path in sorted(package.rglob("*.py")):
            h.update(b"\0" + path.relative_to(package).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
        _FINGERPRINT = h.hexdigest()
    return _FINGERPRINT


class RenderCache:
    """Rendered notes in one SQLite file: a row per note, as packed (packed.py).

    A file per note cost more to create than rendering the note (benchmarks/README.md);
    only the main process opens the database, and workers never touch it.
    """

    def __init__(self, directory: Path, context: tuple[str, ...]) -> None:
        self.directory = directory / f"v{FORMAT}"
        # Everything outside the note that shapes its cards: program, options, deck, vault.
        # (surrogateescape: a folder above the vault need not be named in UTF-8)
        self._context = "\0".join((program_fingerprint(), *context)).encode(
            "utf-8", "surrogateescape"
        )
        self._db: sqlite3.Connection | None = None
        self._fetched: dict[str, Packed] = {}
        self._pending: list[tuple[str, bytes, bytes, bytes]] = []  # put, not stored yet
        # Hits leave their html in the database (Packed.ref): an export that spools its
        # cards reads it only if the package is written (html_of), not from the package cache.
        self.defer_html = False
        self.report = Report()  # where warnings go (the cache became busy); open() sets it

    @classmethod
    def open(
        cls, directory: Path | None, context: tuple[str, ...], report: Report
    ) -> RenderCache | None:
        """The cache in `directory` (default: the user's cache dir); None, with a warning in
        `report`, when it cannot be used. Later warnings (a lock taken meanwhile) go there too."""
        try:
            cache = cls(directory or default_cache_dir(), context)
        except (RuntimeError, KeyError) as exc:  # Path.home(): no $HOME, no passwd entry
            report.warning(
                "",
                None,
                "cache-unusable",
                f"no home directory for the render cache ({exc}); exporting without it — "
                "set XDG_CACHE_HOME to a writable folder, or pass --no-cache",
            )
            return None
        cache.report = report
        try:
            cache.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            cache._db = cache._connect()
        except (OSError, sqlite3.Error) as exc:
            cache._unusable(exc)
            return None
        return cache

    def _unusable(self, exc: Exception) -> None:
        if isinstance(exc, sqlite3.Error) and _busy(exc):
            self.report.warning(
                "",
                None,
                "cache-busy",
                f"the render cache {self.directory / DB_NAME} is locked by another process; "
                "this export runs without it (slower) — the next export uses it again",
            )
            return
        reason = getattr(exc, "strerror", None) or str(exc)
        self.report.warning(
            "",
            None,
            "cache-unusable",
            f"cannot use the render cache in {self.directory} ({reason}); exporting without "
            "it — make that folder writable, set XDG_CACHE_HOME, or pass --no-cache",
        )

    def _connect(self) -> sqlite3.Connection:
        path = self.directory / DB_NAME
        for attempt in (1, 2):
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
            try:
                # A disposable cache: a crash may lose recent rows, never correctness (a damaged
                # file is rebuilt), so no fsync per transaction.
                db.execute("PRAGMA synchronous = OFF")
                db.execute(f"CREATE TABLE IF NOT EXISTS entry ({TABLE})")
                columns = tuple(row[1] for row in db.execute("PRAGMA table_info(entry)"))
                if columns != COLUMNS:  # not ours (ours changes layout only with FORMAT)
                    raise sqlite3.DatabaseError(f"an entry table with the columns {columns}")
                return db
            except sqlite3.DatabaseError as exc:
                db.close()
                if _busy(exc) or attempt == 2:
                    raise  # busy: someone else's database, in use — never delete it
                _drop(path)  # not a database: the cache is safe to drop
        raise AssertionError("unreachable")

    def _failed(self, exc: sqlite3.Error) -> None:
        """A query failed: stop using a busy cache, rebuild a damaged one, else carry on."""
        if self._db is None:
            return
        if _busy(exc):
            self._unusable(exc)
            self.close()  # no further waits: every later chunk would stall as long
            return
        try:
            damaged = self._db.execute("PRAGMA quick_check").fetchone() != ("ok",)
        except sqlite3.Error as check:
            damaged = not _busy(check)
        if damaged:
            self.close()
            _drop(self.directory / DB_NAME)
            try:
                self._db = self._connect()
            except sqlite3.Error as again:
                self._unusable(again)

    def key(self, rel: str, raw: bytes) -> str:
        h = hashlib.blake2b(self._context, digest_size=20)
        h.update(f"\0{rel}\0".encode())
        h.update(raw)
        return h.hexdigest()

    def prefetch(self, keys: list[str]) -> None:
        """Load the rows of `keys` in one query (one query per key cost more than the rows)."""
        self._fetched.clear()
        if self._db is None or not keys:
            return
        marks = ",".join("?" * len(keys))
        query = f"SELECT key, {self._columns} FROM entry WHERE key IN ({marks})"
        try:
            self._fetched.update(
                (key, Packed(*rest)) for key, *rest in self._db.execute(query, keys)
            )
        except sqlite3.Error as exc:
            self._failed(exc)

    def get(self, key: str, vault: Vault, mtime: int) -> tuple[Meta, Packed] | None:
        """The note under `key` if all it read still holds, for the note's `mtime` now; its
        cards and HTML stay packed (only `meta` is opened)."""
        if self._db is None:
            return None
        found = self._fetched.pop(key, None)
        try:
            if found is None:
                query = f"SELECT {self._columns} FROM entry WHERE key = ?"
                row = self._db.execute(query, (key,)).fetchone()
                found = Packed(*row) if row is not None else None
        except sqlite3.Error as exc:
            self._failed(exc)
            return None
        if found is None:
            return None
        try:
            meta = found.open_meta()
            if self.defer_html and found.cards:
                found = found._replace(ref=(key, meta.html_check))
            if not found.intact(meta):
                return None
            same = meta.deps.check(vault)
            if same is None:
                return None
            if same and meta.mtime == mtime:
                return meta, found
            found = found.restamped(meta, mtime, vault)
            return found.open_meta(), found
        except Exception:  # a damaged or foreign row is a miss, never an error
            return None

    def put_many(self, items: list[tuple[str, Packed]]) -> None:
        """Store rendered notes: STORE_BATCH at a time, in one transaction each (a
        transaction per worker chunk of 40 was half of the main process's CPU on a cold
        export); `flush` stores the rest."""
        if self._db is None:
            return
        self._pending += [(key, note.meta, note.cards, note.html) for key, note in items]
        if len(self._pending) >= STORE_BATCH:
            self.flush()

    def flush(self) -> None:
        rows, self._pending = self._pending, []
        if self._db is None or not rows:
            return
        try:
            with self._db:  # one transaction: all or nothing
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            self._failed(exc)  # a full disk or read-only cache only costs speed

    @property
    def _columns(self) -> str:
        return "meta, cards" if self.defer_html else "meta, cards, html"

    def html_of(self, keys: list[str]) -> dict[str, bytes]:
        """The html blobs stored under `keys` (for notes got with `defer_html`); the caller
        checks them against its `Packed.ref`. Raises sqlite3.Error."""
        db = self._db
        if db is None:  # closed since (busy meanwhile): the rows are still in the file
            uri = (self.directory / DB_NAME).absolute().as_uri() + "?mode=ro"  # never create
            db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT)
        try:
            query = f"SELECT key, html FROM entry WHERE key IN ({','.join('?' * len(keys))})"
            return dict(db.execute(query, keys))
        finally:
            if db is not self._db:
                db.close()

    @property
    def context(self) -> bytes:
        """What every key of this cache starts from: program, options, vault."""
        return self._context

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None


def _drop(path: Path) -> None:
    for stale in (path, path.with_name(path.name + "-journal")):
        stale.unlink(missing_ok=True)


def package_key(
    cards: list[CardRef], media: list[Any], model_mods: dict[int, int] | None = None
) -> str:
    """What a written package is a function of: every card's content, identity and mod, the
    note types' mods, and every media file's stat.

    `package.write_package` is deterministic (fixed zip times, sorted entries), so equal keys
    mean byte-identical packages. The program fingerprint covers the writer's code and
    genanki's version (it writes the package).
    """
    h = hashlib.blake2b(program_fingerprint().encode(), digest_size=20)
    for c in cards:
        # The digest covers note type, deck, fields, tags and media bytes; add identity and mod.
        h.update(f"\0{c.guid}\0{c.mod}\0{c.digest}".encode())
        if c.schedule:  # review progress is no part of the digest (it never updates a note)
            h.update(f"\5{c.schedule}".encode())
    h.update(f"\4{sorted((model_mods or {}).items())}".encode())
    for m in media:
        h.update(f"\3{m.name}\3{m.path}\3{file_stat(m.path)}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class PackageCache:
    """The last package written for one vault + options (one slot, replaced on change)."""

    def __init__(self, cache: RenderCache) -> None:
        slot = hashlib.blake2b(cache.context, digest_size=12).hexdigest()
        self.path = cache.directory / "packages" / f"{slot}.apkg"
        self.meta = self.path.with_suffix(".key")

    def restore(self, key: str, output: Path) -> bool:
        """Copy the cached package to `output` (atomically) if it was built from `key`."""
        try:
            recorded = self.meta.read_text(encoding="ascii").split()
            st = self.path.stat()
            if recorded != [key, str(st.st_size), str(st.st_mtime_ns)]:
                return False  # another package, or the cached file was touched since
            with replacing(output) as tmp:
                shutil.copyfile(self.path, tmp)
                if tmp.stat().st_size != st.st_size:
                    raise OSError("short copy")
        except (OSError, ValueError):
            return False
        return True

    def store(self, key: str, written: Path) -> None:
        try:
            self.path.parent.mkdir(exist_ok=True, mode=0o700)
            self.meta.unlink(missing_ok=True)  # never a key next to a half-replaced package
            with replacing(self.path, shared=False) as tmp:
                shutil.copyfile(written, tmp)
            st = self.path.stat()
            with replacing(self.meta, shared=False) as tmp:
                tmp.write_text(f"{key} {st.st_size} {st.st_mtime_ns}\n", encoding="ascii")
        except OSError:
            pass
