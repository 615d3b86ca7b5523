"""Which lines of a note are prose: everything outside fenced code blocks.

Shared by the card finder, the tag reader and line-based Markdown preprocessors so that a
`# comment` or `#define` inside a code block is never taken for a heading or a tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def prose_indexes(lines: list[str]) -> Iterator[int]:
    """Indexes of the lines that are outside fenced code (fence lines themselves excluded)."""
    fence: str | None = None
    for i, line in enumerate(lines):
        m = FENCE_RE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        yield i
