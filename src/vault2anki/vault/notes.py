r"""Read one note file: decode it safely and split off its YAML frontmatter.

The frontmatter is split here and parsed with PyYAML's safe loader, not with
python-frontmatter's `loads`: problems need file lines (where the body starts, where bad YAML
is, where `id:` is), and converters' `---\` fences must count as fences; `loads` gives
neither. (python-frontmatter's YAML handler, used before, was this same safe loader.)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..model import NoteFile
from ..report import Report

# Notes bigger than this are skipped: rendering is roughly linear but a 20 MB "note" is
# an export or a log pasted by mistake, and rendering it would stall the whole vault for minutes.
# 4 MB still admits a 400,000-word note (about 2.5 MB, rendered in ~3 s).
MAX_NOTE_BYTES = 4_000_000

# Frontmatter with more YAML aliases than this is refused: 20 aliases expand to at most a few
# thousand values, however nested; real frontmatter rarely has one.
MAX_YAML_ALIASES = 20

# Some converters write the fence as `---\` (a Markdown hard break); Obsidian users never mean
# that line as text, so it is accepted as a fence too.
_FENCES = ("---", "---\\")
# A safe loader (plain data, never Python objects); libyaml's when PyYAML has it: faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEY_RE = re.compile(r"^([^\s#:'\"-][^:]*?)\s*:")


def _decode(raw: bytes, rel: str, report: Report) -> str | None:
    if b"\x00" in raw[:8192]:
        sample = raw[:8192]
        control = sum(1 for b in sample if b < 9 or 13 < b < 32)
        if control > len(sample) // 10:
            report.warning(
                rel,
                None,
                "binary",
                "binary file named .md; skipped (rename it if it is not a note)",
            )
            return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        text = raw.decode("cp1251", errors="replace")
        report.warning(
            rel,
            line,
            "encoding",
            "not valid UTF-8; read as Windows-1251 — re-save the note as UTF-8",
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        text = text.replace("\x00", "")
        report.warning(
            rel,
            line,
            "nul-bytes",
            "NUL bytes removed; the file may be damaged — re-save it as plain text",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _alias_overflow(source: str) -> int | None:
    """0-based line of the first YAML alias past MAX_YAML_ALIASES, else None. Scanning is
    linear; loading a 381-byte alias bomb took 3 GB and ended in MemoryError."""
    if "*" not in source:
        return None
    count = 0
    for token in yaml.scan(source, Loader=_LOADER):
        if isinstance(token, yaml.AliasToken):
            count += 1
            if count > MAX_YAML_ALIASES:
                return int(token.start_mark.line)
    return None


def split_frontmatter(text: str, rel: str, report: Report) -> tuple[dict[str, Any], str, int]:
    """Return (metadata, body, 1-based line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() not in _FENCES:
        return {}, text, 1
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _FENCES), None)
    if end is None:
        return {}, text, 1  # a lone thematic break at the top, not frontmatter
    body = "\n".join(lines[end + 1 :])
    source = "\n".join(lines[1:end])
    try:
        bomb = _alias_overflow(source)
        if bomb is not None:
            report.warning(
                rel,
                2 + bomb,
                "frontmatter",
                f"frontmatter uses more than {MAX_YAML_ALIASES} YAML aliases (*name); ignored — "
                "aliases can expand a few bytes into gigabytes: write the values out",
            )
            return {}, body, end + 2
        meta = yaml.load(source, Loader=_LOADER) if source.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        report.warning(
            rel,
            line,
            "frontmatter",
            f"frontmatter is not valid YAML ({getattr(exc, 'problem', exc)}); "
            "ignored — fix the YAML between the --- lines",
        )
        return {}, body, end + 2
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        report.warning(
            rel,
            1,
            "frontmatter",
            "frontmatter is not a mapping of keys to values; ignored — write it as "
            "'key: value' lines between the --- lines",
        )
        return {}, body, end + 2
    return meta, body, end + 2


def read_note(path: Path, rel: str, report: Report) -> NoteFile | None:
    """Read a note, or report why it cannot be read and return None."""
    try:
        stat = path.stat()
        if stat.st_size > MAX_NOTE_BYTES:
            report.warning(
                rel,
                None,
                "too-large",
                f"note is {stat.st_size / 1_000_000:.1f} MB, over the "
                f"{MAX_NOTE_BYTES / 1_000_000:g} MB limit; skipped — split it into "
                "smaller notes or move it out of the vault",
            )
            return None
        raw = path.read_bytes()
    except OSError as exc:
        report.warning(
            rel,
            None,
            "unreadable",
            f"cannot read note ({exc.strerror or exc}); skipped — check that the file "
            "exists and that you may read it",
        )
        return None
    text = _decode(raw, rel, report)
    if text is None:
        return None
    meta, body, body_line = split_frontmatter(text, rel, report)
    return NoteFile(
        rel=rel,
        path=path,
        body=body,
        body_line=body_line,
        meta=meta,
        mtime=int(stat.st_mtime),
        meta_lines=_key_lines(text, body_line) if meta else {},
    )


def _key_lines(text: str, body_line: int) -> dict[str, int]:
    """File line of each top-level frontmatter key (`id: q-17` on line 3 → {"id": 3})."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.split("\n", body_line)[1 : body_line - 2], 2):
        if m := _KEY_RE.match(line):
            found.setdefault(m.group(1), number)
    return found
