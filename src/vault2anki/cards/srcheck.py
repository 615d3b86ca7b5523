"""Where the Spaced Repetition plugin itself would make cards, to report any we do not make.

A re-reading of the plugin's line parser (st3v3nmw/obsidian-spaced-repetition
`src/parser.ts`, with the vault's separators, end marker and cloze patterns), kept apart
from srs.py because it is deliberately *less* careful than ours: it skips only fences that start
at the line's start, finds a separator anywhere but between an odd number of backticks, and
reads `== … ==` as a deletion even with spaces inside (the patterns' plain form). Where it
finds a card and srs.py does not, the user is told, with the line: they see that card in
Obsidian and would miss it in Anki.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..options import LayoutOptions
from ..options.clozepattern import compile_pattern
from ..report import Report
from .srtopics import Span

_FENCE_RUN_RE = re.compile(r"`+|~+")


def _in_code_span(text: str, at: int, width: int) -> bool:
    """The plugin's test: an odd number of backticks both before and after the marker."""
    return text[:at].count("`") % 2 == 1 and text[at + width :].count("`") % 2 == 1


def _inline_kind(line: str, separators: Sequence[tuple[str, str]]) -> str | None:
    for sep, kind in separators:
        at = line.find(sep)
        if sep and at != -1 and not _in_code_span(line, at, len(sep)):
            return kind
    return None


def _no_answer(kind: str, text: list[str], separator: str) -> bool:
    """A multi-line card with nothing after its separator: the plugin makes none."""
    if kind not in ("basic", "reversed"):
        return False
    at = next((k for k, t in enumerate(text) if t.strip() == separator), len(text))
    return all(not t.strip() for t in text[at + 1 :])


def _plugin_cloze(line: str, patterns: Sequence[str]) -> bool:
    """The plugin's test, searched only up to the line's last closing mark: no deletion ends
    past it, and searching there would read the rest of the line from every opener."""
    for pattern in patterns:
        compiled = compile_pattern(pattern)
        last = line.rfind(compiled.closing) if compiled.closing else len(line)
        if last >= 0 and compiled.plugin.search(line, 0, last + len(compiled.closing)):
            return True
    return False


def plugin_cards(body: str, layout: LayoutOptions) -> list[tuple[Span, str]]:
    """(lines, kind) of every card the plugin finds in `body` with `layout`'s settings."""
    separators = sorted(
        [(layout.sr_inline, "inline"), (layout.sr_inline_reversed, "inline reversed")],
        key=lambda s: -len(s[0]),
    )
    multiline, multiline_reversed = layout.sr_multiline, layout.sr_multiline_reversed
    marker, patterns = layout.sr_multiline_end_marker, layout.cloze_patterns()
    lines = body.split("\n")
    found: list[tuple[Span, str]] = []
    kind: str | None = None
    text: list[str] = []
    first, i = 0, 0

    def close(last: int) -> None:
        if kind is not None and text:
            sep = multiline if kind == "basic" else multiline_reversed
            if not _no_answer(kind, text, sep):
                found.append((Span(first, last), kind))

    while i < len(lines):
        line, trimmed = lines[i], lines[i].strip()
        if line.startswith("<!--") and not line.startswith("<!--SR:"):
            while i < len(lines) and "-->" not in lines[i]:
                i += 1
            first = i + 1 if not text else first
        elif (not trimmed and (not marker or kind is None)) or (marker and trimmed == marker):
            close(i - 1)
            kind, text, first = None, [], i + 1
        elif kind is None and (inline_kind := _inline_kind(line, separators)):
            last = i + 1 if lines[i + 1 : i + 2] and lines[i + 1].startswith("<!--SR:") else i
            found.append((Span(i, last), inline_kind))
            kind, text, i = None, [], last
        else:
            text.append(line)
            if trimmed and trimmed in (multiline, multiline_reversed) and len("\n".join(text)) > 1:
                kind = "basic" if trimmed == multiline else "reversed"
            elif line.startswith(("```", "~~~")):
                close_run = _FENCE_RUN_RE.match(line.lstrip())
                fence = close_run.group(0) if close_run else "```"
                i += 1
                while i < len(lines) and not lines[i].startswith(fence):
                    text.append(lines[i])
                    i += 1
            elif kind is None and _plugin_cloze(line, patterns):
                kind = "cloze"
        i += 1
    close(len(lines) - 1)
    return found


def missed_cards(plugin: list[tuple[Span, str]], ours: Sequence[Span]) -> list[tuple[Span, str]]:
    """The plugin's cards that share no line with any of ours (by the lines ours cover: a
    note of thousands of cards is not thousands times thousands of comparisons)."""
    covered = {line for s in ours for line in range(s.first, s.last + 1)}
    return [
        (span, kind)
        for span, kind in plugin
        if covered.isdisjoint(range(span.first, span.last + 1))
    ]


def report_plugin_card(report: Report, rel: str, line: int, kind: str) -> None:
    article = "an" if kind.startswith("inline") else "a"
    report.warning(
        rel,
        line,
        "sr-plugin-card",
        f"the Spaced Repetition plugin reads {article} {kind} card here; vault2anki makes none "
        "(a separator or '==' inside code, a comment or a quote, or '== ' with a space after "
        "the opening '==') — write the card outside those, or reword the line if it is not a "
        "card",
    )
