"""Walk a vault: which files are content, and how Obsidian-style links resolve to them.

Everything that leaves this module is inside the vault: paths are resolved (symlinks included)
and checked against the vault's real path, so no link can reach a file outside it.
"""

from __future__ import annotations

import errno
import itertools
import os
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from ..model import shown
from ..report import Report


@dataclass
class Vault:
    root: Path  # resolved absolute path
    markdown: list[str] = field(default_factory=list)  # vault-relative POSIX paths, sorted
    # Notes left out by `--exclude` (no cards), still there for links and embeds to reach.
    excluded: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every other content file, sorted
    report: Report = field(default_factory=Report)  # files skipped while walking
    # Lower-cased note name without .md, or other file's name → the first file of that name;
    # the others, when a name is shared, in `_more_by_name`. One key per file and not a list
    # per name: most names are unique, and each worker process of an export holds this index.
    _by_name: dict[str, str] = field(default_factory=dict, repr=False)
    _more_by_name: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _all: dict[str, str] = field(default_factory=dict, repr=False)  # NFC form → path on disk

    @property
    def name(self) -> str:
        return self.root.name

    def abspath(self, rel: str) -> Path:
        return self.root.joinpath(*PurePosixPath(rel).parts)

    def index(self) -> None:
        """Build the name and path indexes links are resolved with (once). Built on first use,
        not by the walk: an export's worker processes build their own, so the main process
        of a cold export never holds it — a forked worker would count its pages again."""
        if self._all or self._by_name:
            return
        for rel in itertools.chain(self.markdown, self.excluded, self.files):
            self._all[_nfc(rel)] = rel
            name = _nfc(rel.rsplit("/", 1)[-1])  # string ops: PurePosixPath per file was most
            # A note under its name without .md (how it is linked), any other file under its
            # name: one key per file (`_named` finds `x.md` as `x`).
            self._name((name[:-3] if rel.endswith(".md") else name).casefold(), rel)

    def _named(self, key: str) -> list[str]:
        """Every file a bare link `key` (lower-cased) names: notes by their name with or
        without .md, other files by their name."""
        first = self._by_name.get(key)
        found = [] if first is None else [first, *self._more_by_name.get(key, ())]
        if key.endswith(".md"):  # a note linked with its extension
            found += [rel for rel in self._named(key[:-3]) if rel.endswith(".md")]
        return found

    def _name(self, key: str, rel: str) -> None:
        if key in self._by_name:
            self._more_by_name.setdefault(key, []).append(rel)
        else:
            self._by_name[key] = rel

    def resolve_link(self, target: str, from_note: str) -> str | None:
        """Resolve a wikilink/embed target the way Obsidian does; None when nothing matches.

        A target with a folder is tried as a vault path, then relative to the note; a bare name
        matches anywhere in the vault, case-insensitively: a file named exactly as the link
        writes it wins over one that differs in case, then the file nearest the note's folder,
        then the shortest path. None too when names that differ only in case tie (`link_clash`).
        """
        return self._resolve(target, from_note)[0]

    def link_clash(self, target: str, from_note: str) -> list[str]:
        """The files a bare link cannot choose between: names that differ only in case
        (`A.png`, `a.png` for `![[A.PNG]]`), neither written as the link writes it, equally near
        the note. Empty when the link resolves, or names nothing."""
        return self._resolve(target, from_note)[1]

    def _resolve(self, target: str, from_note: str) -> tuple[str | None, list[str]]:
        target = _nfc(target.strip().replace("\\", "/"))
        if not target or target.startswith("/") or ":" in target.split("/")[0]:
            return None, []
        if "/" in target:
            note_dir = PurePosixPath(from_note).parent
            for candidate in (target, str(note_dir / target), target + ".md"):
                found = self._existing(candidate)
                if found:
                    return found, []
        self.index()
        name = target.rsplit("/", 1)[-1]
        candidates = self._named(name.casefold())
        if len(candidates) <= 1:  # the common case: a unique name, nothing to rank
            return (candidates[0] if candidates else None), []
        note_dir = PurePosixPath(from_note).parent

        def closeness(rel: str) -> tuple[int, int, str]:
            shared = 0
            for a, b in zip(PurePosixPath(rel).parent.parts, note_dir.parts, strict=False):
                if a != b:
                    break
                shared += 1
            return (-shared, len(rel), rel)

        exact = [rel for rel in candidates if _nfc(rel.rsplit("/", 1)[-1]) in (name, name + ".md")]
        ranked = sorted(exact or candidates, key=closeness)
        tied = [rel for rel in ranked if closeness(rel)[:2] == closeness(ranked[0])[:2]]
        if not exact and len({_nfc(rel.rsplit("/", 1)[-1]) for rel in tied}) > 1:
            return None, tied  # `A.png` or `a.png`: nothing says which
        return ranked[0], []

    def resolve_path(self, raw: str, from_note: str) -> str | None:
        """Resolve a Markdown link path (relative, `%20`-encoded) from a note; None if absent."""
        raw = unquote(raw.strip()).split("#")[0].split("?")[0]
        if not raw or raw.startswith("/") or ":" in raw.split("/")[0]:
            return None  # absolute paths and URLs (file://, C:\…) never reach the package
        note_dir = PurePosixPath(from_note).parent
        return self._existing(str(note_dir / raw)) or self._existing(raw)

    def escapes(self, raw: str, from_note: str) -> bool:
        """True for absolute paths, URLs (`file://`, `C:`) and `../` climbing out of the vault."""
        raw = unquote(raw.strip())
        if raw.startswith(("/", "\\")) or ":" in raw.split("/")[0]:
            return True
        depth = len(PurePosixPath(from_note).parent.parts)
        for part in PurePosixPath(raw.replace("\\", "/")).parts:
            depth += -1 if part == ".." else (part != ".")
            if depth < 0:
                return True
        return False

    def _existing(self, candidate: str) -> str | None:
        parts: list[str] = []
        for part in PurePosixPath(candidate).parts:
            if part == "..":
                if not parts:
                    return None  # climbs out of the vault
                parts.pop()
            elif part != ".":
                parts.append(part)
        self.index()
        return self._all.get(_nfc("/".join(parts)))


def _nfc(text: str) -> str:
    """Names compare in NFC: macOS writes file names decomposed (NFD, `й` as `и` + U+0306),
    links typed on other systems are composed; Obsidian treats both as the same file."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def utf8_name(name: str) -> bool:
    """A name that is UTF-8 on disk: Python decodes any other byte to a surrogate, which no
    card, lock or package can hold."""
    return name.isascii() or not any(0xDC80 <= ord(ch) <= 0xDCFF for ch in name)


def _utf8_named(
    entries: list[os.DirEntry[str]], prefix: str, report: Report
) -> Iterator[os.DirEntry[str]]:
    """The entries of a folder whose names are UTF-8; a warning for each other one (a
    dot-name is not content either way), naming it with its raw bytes as `\\xNN`."""
    for entry in entries:
        if utf8_name(entry.name) or entry.name.startswith("."):
            yield entry
            continue
        try:
            folder = entry.is_dir()
        except OSError:  # unreadable: what it is does not change the advice
            folder = False
        what, skipped = ("folder", "its notes are skipped") if folder else ("file", "skipped")
        report.warning(
            shown(prefix + entry.name),
            None,
            "bad-name",
            f"{what} name is not UTF-8 (its raw bytes shown as \\xNN); {skipped} — rename it "
            "(a file manager, or `convmv -f OLD-ENCODING -t utf8 --notest NAME`)",
        )


def _symlink_problem(path: Path, root: Path) -> str | None:
    """Why the symlink `path` cannot be followed (loop, broken, leaves the vault), else None."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop this way
        return "symlink loop; skipped — remove the link or point it at a real file"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop; skipped — remove the link or point it at a real file"
        return f"broken symlink (→ {os.readlink(path)}); skipped — fix or remove the link"
    try:
        target.relative_to(root)
    except ValueError:
        return (
            f"symlink points outside the vault (→ {target}); skipped — copy the file into the "
            "vault to include it"
        )
    return None


# A folder holding this file was written by `vault2anki preview` (its copies of the vault's
# images would otherwise become ambiguous names for `![[image.png]]`): not vault content.
PREVIEW_MARKER = ".vault2anki-preview"


def _is_preview_site(folder: str) -> bool:
    """A site `preview` wrote inside the vault: the marker at the root of a folder that also
    holds the site's index and card pages. A marker anywhere else (copied, or left by hand)
    does not hide a folder's notes."""
    return all(
        os.path.exists(os.path.join(folder, name))
        for name in (PREVIEW_MARKER, "index.html", "cards")
    )


def excluded(rel: str, globs: Sequence[str]) -> bool:
    """`rel` matches an exclude glob, as in .gitignore: a glob without `/` (`Templates`,
    `*.excalidraw.md`) names a file or folder anywhere; one with `/` (`Daily/2024-*`,
    `/Index.md`) a path from the vault's root; `**/` means any folders. A folder's files
    are all excluded. `*` also crosses `/`."""
    parts = rel.split("/")
    paths = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    for glob in globs:
        pattern = glob.strip().rstrip("/")
        if "/" not in pattern:
            names, patterns = parts, [pattern]
        elif pattern.startswith("**/"):
            names, patterns = paths, [pattern[3:], "*/" + pattern[3:]]
        else:
            names, patterns = paths, [pattern.lstrip("/")]
        if any(fnmatchcase(n, p) for n in names for p in patterns if p):
            return True
    return False


def walk_vault(root: Path, exclude: Sequence[str] = ()) -> Vault:
    """List the vault's content files in a stable sorted order.

    Dot-folders (.obsidian, .trash, .git, …) are not content. Symlinks are followed only when
    they stay inside the vault; directories are visited once, so a symlink loop ends. Notes
    matching an `exclude` glob go to `Vault.excluded`; a glob matching no note is reported.
    """
    real_root = root.resolve()
    vault = Vault(root=real_root)
    seen_dirs: set[Path] = set()

    def skip(rel: str, kind: str, message: str) -> None:
        vault.report.warning(rel, None, kind, message)

    def visit(directory: Path, rel_dir: PurePosixPath) -> None:
        real = directory.resolve()
        if real in seen_dirs:
            return
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            skip(
                str(rel_dir),
                "unreadable",
                f"cannot list folder ({exc.strerror or exc}); skipped — check its permissions",
            )
            return
        prefix = "" if str(rel_dir) == "." else f"{rel_dir}/"
        for entry in _utf8_named(entries, prefix, vault.report):
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            if entry.is_symlink():
                why = _symlink_problem(Path(entry.path), real_root)
                if why is not None:
                    skip(rel, "note-outside-vault" if "outside" in why else "bad-symlink", why)
                    continue
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:  # also a folder named `x.md`: its notes count, it is not one
                if not _is_preview_site(entry.path):
                    visit(Path(entry.path), PurePosixPath(rel))
            elif not is_file:  # a FIFO or device would block or flood the reader
                if entry.name.endswith(".md"):
                    skip(rel, "unreadable", "not a regular file; skipped")
            elif entry.name.endswith(".md"):
                vault.markdown.append(rel)
            else:
                vault.files.append(rel)

    visit(real_root, PurePosixPath("."))
    vault.markdown.sort()
    vault.files.sort()
    _exclude(vault, exclude)
    return vault


def _exclude(vault: Vault, globs: Sequence[str]) -> None:
    if not globs:
        return
    vault.excluded = [rel for rel in vault.markdown if excluded(rel, globs)]
    vault.markdown = [rel for rel in vault.markdown if not excluded(rel, globs)]
    for glob in globs:
        if not any(excluded(rel, [glob]) for rel in vault.excluded):
            vault.report.warning(
                "",
                None,
                "exclude-unused",
                f"exclude pattern {glob!r} matches no note; check its spelling (globs are "
                "case-sensitive, relative to the vault's root)",
            )
