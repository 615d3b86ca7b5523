"""The `vault2anki.lock` file: a versioned text format with a strict parser.

A damaged lock must never pass silently: every card it fails to recognise gets a new identity,
and the next import *adds copies* of notes the student has been reviewing. So line 1 names the
format version, the number of cards and a digest of every data line: a lock that was emptied,
cut short, merged or edited by hand is told apart from a new vault, and every line that does not
parse is an error naming `vault2anki.lock:LINE`. Format 1 (no such header; written by older
releases) is still read, as strictly as its shape allows, so existing locks keep their
identities; the next export rewrites it in the current format.

Format 2, tab-separated, `\\`, tab and newline escaped in keys and paths:

    vault2anki lock format 2: 12 cards, sha256 0123456789abcdef
    # comment lines (ignored)
    notetype  ID  DIGEST  MOD
    card  GUID  MOD  RENDERED  CONTENT  QUESTION  KIND  KEY  SOURCE
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from ..apkg.atomic import replacing
from ..apkg.notetypes import KINDS
from ..cards.identity import bytes_digest
from ..errors import Vault2AnkiError
from ..model import Problem
from ..report import Report
from .lock import LOCK_FORMAT, LOCK_NAME, Lock, LockEntry

FIX = (
    "restore it with `git checkout -- vault2anki.lock`, or rebuild the identities from the "
    "deck you imported last with `vault2anki export VAULT --relink LAST.apkg`"
)
_TITLE = re.compile(r"vault2anki lock format (\d+)(?:: (\d+) cards, sha256 ([0-9a-f]{16}))?")
_V1_TITLE = "# vault2anki.lock: identities of the cards exported from this vault. Commit this file."
_COMMENTS = (
    "# Identities of the cards exported from this vault: commit this file, never edit it.\n"
    "# Damaged? " + FIX.replace("restore it", "Restore it") + ".\n"
    "# card\tguid\tmod\trendered\tcontent\tquestion\tkind\tkey\tsource (tab-separated)\n"
)
_HEX16 = re.compile(r"[0-9a-f]{16}")
_GUID = re.compile(r"[0-9A-Za-z]{1,24}")
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPE = re.compile(r"\\(.)")


class LockError(ValueError):
    """The lock cannot be trusted; the message names the line and what to do."""


def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def _unescape(text: str) -> str:
    if "\\" not in text:  # nearly every key and path: two per card line of a lock
        return text
    return _UNESCAPE.sub(_unescape_one, text)


_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def _unescape_one(m: re.Match[str]) -> str:
    if m.group(1) not in _UNESCAPES:
        raise ValueError(f"unknown escape \\{m.group(1)}")
    return _UNESCAPES[m.group(1)]


def data_lines(lock: Lock) -> list[str]:
    """The lock's content in file order: what the header's count and digest cover."""
    lines = [f"notetype\t{mid}\t{d}\t{mod}" for mid, (d, mod) in sorted(lock.notetypes.items())]
    for e in sorted(lock.cards, key=lambda e: (e.source, e.key, e.guid)):
        lines.append(
            f"card\t{e.guid}\t{e.mod}\t{e.rendered}\t{e.content}\t{e.question}\t{e.kind}"
            f"\t{_escape(e.key)}\t{_escape(e.source)}"
        )
    return lines


def _digest(lines: list[str]) -> str:
    return bytes_digest("\n".join(lines).encode("utf-8", "surrogatepass"))


def format_lock(lock: Lock) -> str:
    lines = data_lines(lock)
    title = (
        f"vault2anki lock format {LOCK_FORMAT}: {len(lock.cards)} cards, sha256 {_digest(lines)}\n"
    )
    return title + _COMMENTS + "".join(line + "\n" for line in lines)


def _card(parts: list[str], version: int) -> LockEntry:
    """One `card` line split at tabs; ValueError says what is wrong with it."""
    if version == 1:  # format 1 did not escape: a tab in a path spread over more columns
        if len(parts) < 9 or not "\t".join(parts[8:]).endswith(".md"):
            raise ValueError(f"{len(parts)} columns where a card line has 9")
        key, source = parts[7], "\t".join(parts[8:])
    else:
        if len(parts) != 9:
            raise ValueError(f"{len(parts)} columns where a card line has 9")
        key, source = _unescape(parts[7]), _unescape(parts[8])
    guid, mod, rendered, content, question, kind = parts[1:7]
    if not _GUID.fullmatch(guid):
        raise ValueError(f"{guid!r} is not a GUID")
    if not mod.isdigit():
        raise ValueError(f"modification time {mod!r} is not a number")
    for name, value in (("rendered", rendered), ("content", content), ("question", question)):
        if not _HEX16.fullmatch(value):
            raise ValueError(f"{name} hash {value!r} is not 16 hex digits")
    if kind not in KINDS:
        raise ValueError(f"unknown card kind {kind!r}")
    if not key or not source.endswith(".md"):
        raise ValueError("no question key or note path")
    return LockEntry(guid, int(mod), rendered, content, question, kind, key, source)


def _line(lock: Lock, line: str, version: int) -> None:
    parts = line.split("\t")
    if parts[0] == "card":
        lock.cards.append(_card(parts, version))
    elif parts[0] == "notetype" and len(parts) == 4:
        if not (parts[1].isdigit() and parts[3].isdigit() and _HEX16.fullmatch(parts[2])):
            raise ValueError("note type id, hash or time malformed")
        lock.notetypes[int(parts[1])] = (parts[2], int(parts[3]))
    else:
        raise ValueError("neither a card nor a note type line")


def _damaged(where: str, number: int, what: str) -> LockError:
    if _merging(where):  # `git checkout -- LOCK` fails on an unmerged path, or restores this
        return LockError(
            f"{where}:{number}: {what}, amid a git merge; nothing written — {_side(where)}"
        )
    fix = FIX.replace("-- vault2anki.lock", f"-- {shlex.quote(where)}")  # from where we run
    return LockError(f"{where}:{number}: {what}; nothing written — {fix}")


def _conflict(where: str, number: int) -> LockError:
    """Conflict markers: the advice that works as written, from the folder the command ran in
    (git takes paths from there), and leaves the conflict resolved (`git add`)."""
    if _merging(where):
        return LockError(
            f"{where}:{number}: merge conflict in the lock; nothing written — {_side(where)}"
        )
    path = shlex.quote(where)
    return LockError(
        f"{where}:{number}: merge conflict in the lock; nothing written — keep one side "
        f"(`git checkout --ours {path}` or `--theirs`), export again, then `git add {path}`: "
        "the other side's cards are found again by their path and content"
    )


def _side(where: str) -> str:
    """Mid-merge: one side's lock from its commit (this also works on a path git merged
    cleanly into something damaged, where `--ours` would give the merge back)."""
    path = shlex.quote(where)
    return (
        f"take one side's lock with `git checkout HEAD -- {path}` (yours; `MERGE_HEAD` for the "
        f"branch being merged), export again, then `git add {path}`: the other side's cards "
        "are found again by their path and content"
    )


def _merging(where: str) -> bool:
    """A git merge is in progress where the lock `where` is: MERGE_HEAD in the git folder of
    the nearest repository above it (`.git/`, or where a worktree's `.git` file points)."""
    folder = Path(where).absolute().parent
    try:
        for above in (folder, *folder.parents):
            dotgit = above / ".git"
            if dotgit.is_file():  # a worktree or submodule: `gitdir: PATH`
                dotgit = above / dotgit.read_text(encoding="utf-8").removeprefix("gitdir:").strip()
            if dotgit.is_dir():
                return (dotgit / "MERGE_HEAD").is_file()
    except (OSError, UnicodeDecodeError):
        pass
    return False


def _check_title(first: str, where: str) -> int:
    """The format version the first line announces; LockError if it is not a lock we read."""
    if first == _V1_TITLE:
        return 1
    match = _TITLE.fullmatch(first)
    if match is None:
        newer = re.match(r"vault2anki lock format (\d+)", first)
        if newer is None:
            raise _damaged(where, 1, "not a vault2anki lock (its first line is not the header)")
        match = newer
    version = int(match.group(1))
    if version > LOCK_FORMAT:
        raise LockError(
            f"{where}:1: written by a newer vault2anki (lock format {version}; this one reads "
            f"up to {LOCK_FORMAT}); nothing written — upgrade vault2anki "
            "(`pip install -U vault2anki`) and export again"
        )
    if version < 2 or match.group(2) is None:
        raise _damaged(where, 1, "the header names no card count and digest")
    return version


def parse_lock(text: str, where: str = LOCK_NAME) -> Lock:
    """Read a lock, refusing anything that is not exactly what an export wrote."""
    text = text.removeprefix("\ufeff")  # an editor's BOM changes nothing we read
    lines = [line.removesuffix("\r") for line in text.split("\n")]  # git autocrlf
    if not text.strip():
        raise _damaged(where, 1, "the lock is empty (a lock is never written empty)")
    for number, line in enumerate(lines, 1):
        if line.startswith(("<<<<<<<", "=======", ">>>>>>>", "|||||||")):
            raise _conflict(where, number)
    version = _check_title(lines[0], where)
    lock = Lock(version=version)
    data: list[str] = []
    for number, line in enumerate(lines[1:], 2):
        if line.startswith("#") or (version == 1 and not line.strip()):
            continue
        if not line and number == len(lines):
            break  # the newline that ends the file
        try:
            _line(lock, line, version)
        except ValueError as exc:
            raise _damaged(where, number, f"not a lock line ({exc})") from exc
        data.append(line)
    _check_complete(lock, lines, data, where)
    return lock


def _check_complete(lock: Lock, lines: list[str], data: list[str], where: str) -> None:
    """Cut short, or lines added or changed since it was written: the header tells."""
    guids: set[str] = set()
    for entry in lock.cards:
        if entry.guid in guids:
            raise _damaged(where, 1, f"GUID {entry.guid} is on two card lines")
        guids.add(entry.guid)
    match = _TITLE.fullmatch(lines[0])
    if match is None:  # format 1: no header to check against; an empty one is damaged
        if not lock.cards:
            raise _damaged(where, len(lines), "the lock holds no cards")
        return
    count, digest = int(match.group(2)), match.group(3)
    if len(lock.cards) < count:
        raise _damaged(
            where,
            len(lines),
            f"the lock ends after {len(lock.cards)} of the {count} cards its header records "
            "(cut short)",
        )
    if len(lock.cards) > count or _digest(data) != digest:
        raise _damaged(
            where,
            1,
            f"the lock's lines do not match its header ({len(lock.cards)} cards, header says "
            f"{count}; edited by hand or damaged)",
        )


def read_lock(vault: Path) -> Lock | None:
    """The vault's lock; None when there is none (a new vault). LockError: unusable."""
    path = vault / LOCK_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError as exc:
        raise LockError(
            f"{path} is a folder, not a lock; nothing written — move it away (the lock is a "
            "file export writes there) and restore the lock file"
        ) from exc
    except OSError as exc:
        raise LockError(
            f"cannot read {path} ({exc.strerror or exc}); nothing written — make it readable "
            "(`chmod u+rw vault2anki.lock`) and export again"
        ) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _damaged(str(path), line, "not UTF-8 text: the lock is damaged") from exc
    return parse_lock(text, str(path))


def write_lock(vault: Path, lock: Lock) -> None:
    with replacing(vault / LOCK_NAME) as tmp:
        tmp.write_text(format_lock(lock), encoding="utf-8", newline="\n")


def save_lock(vault: Path, lock: Lock, report: Report) -> None:
    """Write the lock last, once the deck or Anki holds what it describes; a lock that cannot
    be written is a warning (the cards are out already), for export and sync alike."""
    try:
        write_lock(vault, lock)
    except OSError as exc:
        report.warning(
            LOCK_NAME,
            None,
            "lock-unwritable",
            f"cannot write the lock ({exc.strerror or exc}); identities of renamed notes "
            "will not be kept — make the vault folder writable",
        )


def strict_lock_probe(vault: Path, spared: str, problems: list[Problem]) -> None:
    """`--strict` with a lock to write: know before the deck or Anki changes that the lock can
    be written; Vault2AnkiError otherwise. `spared` says what was not done ("nothing written")."""
    try:
        probe_lock(vault)
    except OSError as exc:
        raise Vault2AnkiError(
            f"cannot write {LOCK_NAME} ({exc.strerror or exc}) and --strict: {spared} — make "
            "the vault folder writable",
            problems,
        ) from exc


def probe_lock(vault: Path) -> None:
    """OSError unless `write_lock` could write the lock now (for `--strict`, before the deck)."""
    try:
        with replacing(vault / LOCK_NAME):
            raise _Probed  # the temporary file was made; `replacing` removes it
    except _Probed:
        pass


class _Probed(Exception):
    """Leaves `replacing` without renaming anything onto the lock."""


def lock_diff(old: Lock | None, new: Lock) -> list[str]:
    """Human-readable differences between two locks' content (for `--frozen`): a lock only
    rewritten in a newer format is no change."""
    before = data_lines(old or Lock())
    after = data_lines(new)
    removed = sorted(set(before) - set(after))
    added = sorted(set(after) - set(before))
    return [f"- {line}" for line in removed] + [f"+ {line}" for line in added]
