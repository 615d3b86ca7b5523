"""Obsidian tags: where they are (never in code, never a heading marker, never `#123`) and
how they become Anki tags (`a/b` → `a::b`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..vault.lines import masked, scan_text

# A tag starts after whitespace or line start, holds letters/digits/_/-// and at least one
# non-digit. The look-behind keeps `page#anchor`, `&#123;` and `C#` out.
# The body must hold something other than digits, as in Obsidian (`#123` is an issue number).
TAG_RE = re.compile(r"(?<![^\s(\[,;])#([\w/-]*[^\W\d][\w/-]*)")
# A line that only lists tags (`#a #b`, `tags: #a, #b`, a stray `#` included): metadata.
# Possessive: `#a,#b,…` can split `a,` two ways; backtracking over that is exponential.
_TAG_LINE_RE = re.compile(r"^\s*(?:tags?\s*:\s*)?(?:#[^\s#]*+[\s,]*+)++$", re.IGNORECASE)
_TAG_BODY = re.compile(r"[\w/-]*[^\W\d][\w/-]*")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
# An ATX heading as Obsidian reads one: hashes, then a space or tab (a `#tag` has none).
_ATX_HEADING_RE = re.compile(r"[ ]{0,3}#{1,6}[ \t]")
# What TAG_RE needs, minus its look-behind: absent from the raw text, no tag can be found
# after masking (which only turns characters into spaces) — the scan is skipped.
_CANDIDATE_RE = re.compile(r"#[\w/-]*[^\W\d]")


def is_tag_line(line: str) -> bool:
    """True for a line holding only tags (at least one real one) — not a heading made of tags:
    `### #git-clone` is a section heading in Obsidian, showing `#git-clone`."""
    if _ATX_HEADING_RE.match(line):
        return False
    return bool(_TAG_LINE_RE.match(line)) and TAG_RE.search(line) is not None


def prose_lines(text: str) -> Iterator[str]:
    """Yield the prose lines (not code, math or comments, also inside quotes and lists) that
    may hold a tag, with code spans, math, comments, links and HTML tags blanked out: tags live
    only in words."""
    if _CANDIDATE_RE.search(text) is None:
        return
    for line in scan_text(text):
        if line.prose and "#" in line.text:
            yield masked(line)


def inline_tags(text: str) -> list[str]:
    """Tags written in the text, in order of appearance (heading markers are not tags)."""
    found: list[str] = []
    for line in prose_lines(text):
        if _HEADING_RE.match(line):
            line = _HEADING_RE.sub(" ", line, count=1)
        for m in TAG_RE.finditer(line):
            found.append(m.group(1).rstrip("/"))
    return found


def frontmatter_tags(meta: dict[str, Any]) -> list[str]:
    """`tags:` as a YAML list or a string ("a, b" / "#a #b"), `#` optional."""
    raw = meta.get("tags", meta.get("tag"))
    items: Iterable[Any]
    if raw is None:
        return []
    if isinstance(raw, str):
        items = re.split(r"[,\s]+", raw)
    elif isinstance(raw, list):
        items = raw
    else:
        items = [raw]
    tags = []
    for item in items:
        if item is None:
            continue
        tag = str(item).strip().lstrip("#")
        if tag and _TAG_BODY.fullmatch(tag.replace(" ", "_")):
            tags.append(tag.replace(" ", "_"))
    return tags


def anki_tag(tag: str) -> str:
    """Obsidian's nested `a/b` is Anki's hierarchical `a::b`."""
    return "::".join(part for part in tag.split("/") if part)


def note_tags(meta: dict[str, Any], body: str) -> tuple[str, ...]:
    """All tags of a note, de-duplicated case-insensitively, first spelling kept."""
    seen: dict[str, str] = {}
    for tag in (*frontmatter_tags(meta), *inline_tags(body)):
        converted = anki_tag(tag)
        if converted:
            seen.setdefault(converted.casefold(), converted)
    return tuple(seen.values())
