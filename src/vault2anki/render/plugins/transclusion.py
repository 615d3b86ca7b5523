"""Which part of a note `![[Note]]`, `![[Note#Heading]]` or `![[Note#^block-id]]` embeds.

Pure text functions: the vault lookup and the rendering live in the `LinkContext` and in
`embeds.py`. Like Obsidian, a heading section starts at the heading itself and runs to the next
heading of the same or a higher level; a block is the paragraph (or list item) that ends with
`^block-id`, or the block just above a line holding only `^block-id`. Headings and ids inside
fenced code do not count.
"""

from __future__ import annotations

import re

from ...vault.lines import prose_indexes

_HEADING_RE = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_LIST_ITEM_RE = re.compile(r"^([ \t]*)(?:[-*+]|\d+[.)])[ \t]")
# Characters Obsidian drops or that only style a heading: `[[x]]`, `**x**`, `:`, `|`, `#`, `^`.
_HEADING_NOISE_RE = re.compile(r"[\[\]*_`~=#|^:%]+")


def split_target(target: str) -> tuple[str, str]:
    """`Note#H1#H2` → (`Note`, `H2`); `#^id` → (``, `^id`); `Note` → (`Note`, ``)."""
    note, _, anchor = target.partition("#")
    return note.strip(), anchor.rsplit("#", 1)[-1].strip()


def _heading_key(text: str) -> str:
    return " ".join(_HEADING_NOISE_RE.sub(" ", text).split()).casefold()


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def find_section(body: str, anchor: str) -> tuple[int, str] | None:
    """(0-based first line, Markdown) of the part of `body` that `anchor` names; None if absent.

    An empty anchor is the whole body.
    """
    if not anchor:
        return 0, body
    lines = body.split("\n")
    prose = list(prose_indexes(lines))
    if anchor.startswith("^"):
        return _block(lines, prose, anchor[1:])
    return _heading(lines, prose, _heading_key(anchor))


def _heading(lines: list[str], prose: list[int], key: str) -> tuple[int, str] | None:
    headings = [(i, m) for i in prose if (m := _HEADING_RE.match(lines[i]))]
    for n, (i, m) in enumerate(headings):
        if _heading_key(m.group(2)) != key:
            continue
        level = len(m.group(1))
        end = next((j for j, h in headings[n + 1 :] if len(h.group(1)) <= level), len(lines))
        return i, "\n".join(lines[i:end]).rstrip("\n")
    return None


def _block(lines: list[str], prose: list[int], block_id: str) -> tuple[int, str] | None:
    id_re = re.compile(rf"(?:^|[ \t])\^{re.escape(block_id)}[ \t]*$", re.IGNORECASE)
    hit = next((i for i in prose if id_re.search(lines[i])), None)
    if hit is None:
        return None
    if not id_re.sub("", lines[hit]).strip():
        # `^id` alone on its line names the block just above it (a table, a list, a quote).
        end = hit
        while end > 0 and not lines[end - 1].strip():
            end -= 1
        start = end
        while start > 0 and lines[start - 1].strip():
            start -= 1
        return start, "\n".join(lines[start:end])
    item = _LIST_ITEM_RE.match(lines[hit])
    if item:
        # A list item: the item and the lines nested under it.
        depth = _indent(lines[hit])
        end = hit + 1
        while end < len(lines) and lines[end].strip() and _indent(lines[end]) > depth:
            end += 1
        return hit, "\n".join(lines[hit:end])
    start = hit
    while start > 0 and lines[start - 1].strip() and not _HEADING_RE.match(lines[start - 1]):
        start -= 1
    return start, "\n".join(lines[start : hit + 1])
