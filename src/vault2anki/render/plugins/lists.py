"""Lists as Obsidian's reading view starts them: right under a paragraph line, no blank line
needed (GUIDE.md §3a), also when the list is indented by tabs — Obsidian's own indentation,
which its editor writes — where CommonMark would read more of the paragraph. Such a run of
lines moves to the margin, keeping its nesting. (Which items may start a list is CommonMark's
rule: a bullet or `1.`, so a wrapped line starting `2024.` stays text.)"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from ...vault.lines import scan
from .source import add_rewrite

_TAB_ITEM_RE = re.compile(r"(\t+)(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_BLOCK_START_RE = re.compile(r"[ ]{0,3}(?:[-*+>#|]|\d{1,9}[.)]|```|~~~|\$\$)")


def tab_lists_to_margin(lines: list[str]) -> list[str]:
    """Under a paragraph line at the margin, a run of tab-indented list lines loses the tabs
    of its first line."""
    out = list(lines)
    scanned = scan(lines)
    i = 1
    while i < len(lines):
        m = _TAB_ITEM_RE.match(lines[i])
        above = lines[i - 1]
        if (
            m is None
            or not scanned[i].prose
            or not scanned[i - 1].prose
            or not above.strip()
            or above[0] in " \t"
            or _BLOCK_START_RE.match(above)
        ):
            i += 1
            continue
        lead = m.group(1)
        while i < len(lines) and lines[i].startswith(lead) and scanned[i].prose:
            out[i] = lines[i][len(lead) :]
            i += 1
    return out


def plugin(md: MarkdownIt) -> None:
    add_rewrite(md, "obsidian_tab_lists", tab_lists_to_margin, "\t")
