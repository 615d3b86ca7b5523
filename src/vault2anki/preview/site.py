"""Write the preview site: built in a temporary folder beside DIR, then moved into place, so a
failed or interrupted preview never leaves half a site (nor removes the previous one)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import Vault2AnkiError
from ..export.run import ExportResult
from ..model import Problem
from ..vault.walk import PREVIEW_MARKER
from . import assets, mathjax
from .anki_html import anki_cards
from .pages import Entry, card_page, index_page, side_document, side_name

# Marks a folder as ours: only such a folder is ever replaced by a new preview, and walking a
# vault skips it (a preview written inside the vault is not part of it).
MARKER = PREVIEW_MARKER


@dataclass(frozen=True)
class PreviewSite:
    """What `write_preview` wrote."""

    index: Path
    notes: int
    cards: int  # Anki cards (a reversed note makes two, a cloze one per deletion)
    media: int
    problems: int
    # Card sides holding math this install could not typeset (it was built without MathJax).
    untypeset: int = 0


def default_preview_dir(vault: Path) -> Path:
    return Path(f"{vault.resolve().name}-preview")


def _entries(result: ExportResult) -> tuple[list[Entry], list[Problem]]:
    """Each note with the problems found in its file; problems of no exported note apart."""
    by_path: dict[str, list[Problem]] = defaultdict(list)
    for problem in result.problems:
        by_path[problem.path].append(problem)
    entries = [
        Entry(n, card, anki_cards(card), by_path.get(card.source, []))
        for n, card in enumerate(result.rendered(), start=1)
    ]
    sources = {card.source for card in result.cards}
    others = [p for p in result.problems if p.path not in sources]
    return entries, others


def _summary(result: ExportResult, cards: int, media: int) -> str:
    return (
        f"{cards} cards in {len(result.cards)} notes from {result.note_files} note files, "
        f"{media} media files, {len(result.errors)} errors, {len(result.warnings)} warnings"
    )


def css_file(css: str) -> str:
    """The file in `assets/` holding a note type's CSS (named by its content)."""
    return f"card-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"


def _write_assets(folder: Path, entries: list[Entry], math: bool) -> None:
    (folder / "assets").mkdir()
    (folder / "assets" / "client.css").write_text(assets.CLIENT_CSS, "utf-8")
    (folder / "assets" / "side.js").write_text(assets.SIDE_JS, "utf-8")
    for css in {side.css for entry in entries for side in entry.sides}:
        (folder / "assets" / css_file(css)).write_text(css, "utf-8")
    if math:
        mathjax.copy_to(folder / "assets")


def _write_site(folder: Path, result: ExportResult, title: str) -> PreviewSite:
    entries, others = _entries(result)
    with_math = {
        (entry.number, side.ordinal, face)
        for entry in entries
        for side in entry.sides
        for face, text in (("front", side.question), ("back", side.answer))
        if mathjax.needs_math(text)
    }
    typeset = bool(with_math) and mathjax.bundled()
    (folder / "cards").mkdir()
    (folder / "media").mkdir()
    _write_assets(folder, entries, typeset)
    media = {m.name: m for c in result.cards for m in c.media}
    for name, file in media.items():
        shutil.copyfile(file.path, folder / "media" / name)
    for entry in entries:
        for side in entry.sides:
            for face in ("front", "back"):
                math = typeset and (entry.number, side.ordinal, face) in with_math
                page = side_document(side, face, css_file(side.css), math)
                (folder / "cards" / side_name(entry, side, face)).write_text(page, "utf-8")
        (folder / "cards" / f"{entry.stem}.html").write_text(card_page(entry, title), "utf-8")
    cards = sum(len(e.sides) for e in entries)
    index = index_page(entries, others, title, _summary(result, cards, len(media)))
    (folder / "index.html").write_text(index, "utf-8")
    (folder / MARKER).write_text("made by vault2anki preview; replaced by the next one\n")
    untypeset = 0 if typeset else len(with_math)
    counts = (len(entries), cards, len(media), len(result.problems), untypeset)
    return PreviewSite(folder / "index.html", *counts)


def _target(out_dir: Path, vault: Path | None) -> Path:
    """`out_dir` resolved once (`..`, `~`-free symlinks, relative parts), and refused unless it
    is free, an empty folder or a preview this tool marked. Every later step uses this one path:
    checking `site/..` and then deleting what it resolves to after `site` exists is the bug this
    guards against (it emptied the folder holding the vault)."""
    try:
        target = out_dir.expanduser().resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise Vault2AnkiError(f"{out_dir}: cannot resolve the preview folder ({exc})") from exc
    shown = str(out_dir) if str(out_dir) == str(target) else f"{out_dir} (= {target})"
    if target.parent == target:
        raise Vault2AnkiError(f"{shown}: is a file system root; choose another folder with -o")
    if vault is not None and target in (vault, *vault.parents):
        raise Vault2AnkiError(
            f"{shown}: holds the vault; nothing written — choose another folder with -o"
        )
    if target.exists() and not is_preview(target) and not _empty_dir(target):
        raise Vault2AnkiError(
            f"{shown}: exists and is not a vault2anki preview; nothing written — "
            "choose another folder with -o"
        )
    return target


def _empty_dir(path: Path) -> bool:
    try:
        return path.is_dir() and not path.is_symlink() and not any(path.iterdir())
    except OSError:
        return False


def is_preview(path: Path) -> bool:
    """A folder this tool wrote: a real folder (not a link) with the marker and an index."""
    return (
        path.is_dir()
        and not path.is_symlink()
        and (path / MARKER).is_file()
        and (path / "index.html").is_file()
    )


def _error(out_dir: Path, exc: OSError) -> Vault2AnkiError:
    why = exc.strerror or str(exc) or type(exc).__name__
    where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(out_dir) else ""
    return Vault2AnkiError(f"{out_dir}: cannot write the preview: {why}{where}")


def write_preview(
    result: ExportResult, out_dir: Path, title: str, vault: Path | None = None
) -> PreviewSite:
    """The preview of `result` in `out_dir` (replacing an earlier preview there, nothing else).

    The site is built in a temporary folder beside the target and swapped in by two renames;
    the only folder ever removed is the old site, after it was moved aside and checked again."""
    target = _target(out_dir, vault.resolve() if vault is not None else None)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        temp.chmod(0o777 & ~_umask())  # mkdtemp makes 0700; a site follows the umask
    except OSError as exc:
        raise _error(out_dir, exc) from exc
    old: Path | None = None
    try:
        site = _write_site(temp, result, title)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
            old.rmdir()
            target.rename(old)
        temp.rename(target)
    except OSError as exc:
        if old is not None and not target.exists():
            old.rename(target)  # put the previous site (or empty folder) back
            old = None
        raise _error(out_dir, exc) from exc
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
        if old is not None:
            _remove_old(old)
    return dataclasses.replace(site, index=target / "index.html")


def _remove_old(old: Path) -> None:
    """The previous site, moved aside: removed only if it is still a marked preview (or the
    empty folder that was there)."""
    if is_preview(old):
        shutil.rmtree(old, ignore_errors=True)
    elif _empty_dir(old):
        old.rmdir()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
