"""The line-level structure of a note: which lines are code, math or comments, and which are
prose — the one place every card finder and Markdown extension asks.

A single pass over the lines tracks, as CommonMark and Obsidian read them:

- fenced code (```` ``` ```` and ``~~~``), also behind `>` quote/callout markers and inside
  list items; a fence ends at its closing fence or when its quote ends;
- indented code (four columns past the quote markers, after a blank line, outside a list);
- `$$` display-math blocks;
- HTML comments (`<!-- … -->`) and Obsidian comments (`%% … %%`) that span lines;
- on prose lines: inline code spans, inline math, comment spans, links and HTML tags, so that
  readers of words (tags, separators) can blank them out with `masked`.

Every scan is linear in the length of the note: notes are untrusted input, and a pattern that
backtracks turns 2,000 backticks into minutes (tests/bad_input/test_stalls.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    PROSE = "prose"
    FENCE = "fence"  # an opening fence line
    FENCE_END = "fence-end"  # a closing fence line
    CODE = "code"  # inside fenced or indented code
    MATH = "math"  # a `$$` display-math block, its delimiter lines included
    COMMENT = "comment"  # wholly inside an Obsidian `%%` comment
    HTML_COMMENT = "html-comment"  # wholly inside an HTML `<!-- -->` comment


@dataclass(slots=True)
class Line:
    """One classified line; never changed once made (scans are shared, see `scan`). Not
    `frozen`: every note is scanned a few times, and a frozen dataclass's `__init__` (one
    `object.__setattr__` per field) was half the cost of classifying a line."""

    index: int
    text: str
    kind: Kind
    quote: str  # the `>` markers (with their spaces) the line sits behind; "" outside quotes
    # (start, end) columns of `%%…%%` / `<!--…-->` comment text on a prose line: what a
    # reader never sees (a comment running on past the line ends at its length) ...
    hidden: tuple[tuple[int, int], ...] = ()
    # ... and those of them that are Obsidian `%%` comments, which a CommonMark engine shows.
    obsidian: tuple[tuple[int, int], ...] = ()

    @property
    def code(self) -> bool:
        """Fenced or indented code, fence lines included: never prose, never Markdown."""
        return self.kind in (Kind.FENCE, Kind.FENCE_END, Kind.CODE)

    @property
    def prose(self) -> bool:
        return self.kind is Kind.PROSE


QUOTE_RE = re.compile(r"[ ]{0,3}>[ ]?")
FENCE_RE = re.compile(r"(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)")
LIST_ITEM_RE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_BACKTICKS_RE = re.compile(r"`+")
# Inline pieces a word-reader must skip: inline math, wikilinks and embeds, a Markdown link's
# destination, autolinks and bare URLs, HTML tags. Each alternative is bounded or excludes its
# own delimiter, so finditer stays linear.
_INLINE_SKIP_RE = re.compile(
    r"(?<![\\$\w])\$(?![\s$])[^$\n]*?(?<![\s\\])\$(?!\d)"  # $x$
    r"|!?\[\[[^\[\]\n]*\]\]"  # [[Note#Heading|x]], ![[x]]
    r"|\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"\n]*\")?\)"  # ](url "title")
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"  # <https://…>
    r"|\b[A-Za-z][A-Za-z0-9+.-]{1,31}://[^\s<>]*"  # https://host/a#b
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>"  # <a href="#x">, </b>
)


def split_quote(line: str) -> tuple[str, str]:
    """(`>` markers with their spaces, the rest of the line)."""
    if ">" not in line[:4]:  # a quote marker stands within the first four columns
        return "", line
    pos = 0
    while m := QUOTE_RE.match(line, pos):
        pos = m.end()
    return line[:pos], line[pos:]


def _width(text: str) -> int:
    return len(text.expandtabs(4))


def _indent(text: str) -> int:
    if text[:1] not in (" ", "\t"):  # most lines: no indentation to measure
        return 0
    return _width(text) - _width(text.lstrip(" \t"))


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each inline code span: a run of N backticks up to the next run of
    exactly N. Linear: runs are grouped by length and each group is walked forward once."""
    runs: list[tuple[int, int]] = []
    for m in _BACKTICKS_RE.finditer(text):
        start = m.start()
        escaped = 0
        while start - escaped > 0 and text[start - escaped - 1] == "\\":
            escaped += 1
        if escaped % 2:  # `\`` is a literal backtick: the run starts one later
            start += 1
        if start < m.end():
            runs.append((start, m.end()))
    by_length: dict[int, list[int]] = {}
    for i, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(i)
    cursor = dict.fromkeys(by_length, 0)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        start, end = runs[i]
        same = by_length[end - start]
        k = cursor[end - start]
        while k < len(same) and same[k] <= i:
            k += 1
        cursor[end - start] = k
        if k < len(same):
            spans.append((start, runs[same[k]][1]))
            i = same[k] + 1
        else:
            i += 1
    return spans


def _blank(text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (min(end, len(text)) - start)
    return "".join(chars)


def without_html_comments(line: Line) -> str:
    """A prose line's text without its `<!-- … -->` comments (its `%%` ones kept)."""
    spans = [span for span in line.hidden if span not in line.obsidian]
    return _cut(line.text, spans) if spans else line.text


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    kept, pos = [], 0
    for start, end in spans:
        kept.append(text[pos:start])
        pos = end
    kept.append(text[pos:])
    return "".join(kept)


def masked(line: Line) -> str:
    """The words a reader sees on a prose line, same length: code spans, comments, math,
    link destinations, wikilinks, URLs and HTML tags blanked with spaces."""
    if not line.prose:
        return " " * len(line.text)
    text = _blank(line.text, line.hidden)
    text = _blank(text, code_spans(text))
    return _INLINE_SKIP_RE.sub(lambda m: " " * len(m.group(0)), text)


@dataclass
class _State:
    fence: str = ""  # the opening fence run while inside fenced code
    fence_depth: int = 0  # quote depth of that fence
    math: bool = False  # inside a `$$` block
    inline_math: bool = False  # inside `$$…$$` opened in the middle of a paragraph line
    comment: str = ""  # "%%" or "-->": the end of the comment we are inside
    indented: bool = False  # inside an indented code block
    in_list: bool = False  # a list item came before, with no plain paragraph since
    after_blank: bool = True  # the previous line was blank (or this is the first line)


Spans = tuple[tuple[int, int, str], ...]


def _comment_spans(text: str, state: _State) -> Spans:
    """(start, end, closing mark) of each `%%…%%` and `<!--…-->` on a line outside code spans;
    updates `state.comment`."""
    if not state.comment and "%%" not in text and "<!--" not in text:
        return ()
    code = code_spans(text)
    spans: list[tuple[int, int, str]] = []
    pos, start, n, k = 0, 0 if state.comment else -1, len(text), 0
    # Next `%%` and `<!--` at or after pos, each found again only once passed: linear.
    nxt = {"%%": text.find("%%"), "<!--": text.find("<!--")}
    while pos < n:
        if state.comment:
            end = text.find(state.comment, pos)
            if end < 0:
                spans.append((start, n, state.comment))
                return tuple(spans)
            pos = end + len(state.comment)
            spans.append((start, pos, state.comment))
            state.comment, start = "", -1
            continue
        for mark in nxt:
            if 0 <= nxt[mark] < pos:
                nxt[mark] = text.find(mark, pos)
        found = [i for i in nxt.values() if i >= 0]
        if not found:
            break
        i = min(found)
        while k < len(code) and code[k][1] <= i:
            k += 1
        if k < len(code) and code[k][0] <= i:  # inside a code span: not a comment
            pos = code[k][1]
            continue
        state.comment = "%%" if text.startswith("%%", i) else "-->"
        start, pos = i, i + (2 if state.comment == "%%" else 4)
    if state.comment:
        spans.append((start, n, state.comment))
    return tuple(spans)


def scan(lines: list[str]) -> list[Line]:
    """Classify every line of a note (see the module docstring).

    Card finders and each Markdown extension ask about the same field (nine times per synthetic
    note), mostly with the lines unchanged since the last one asked: the last few answers are
    kept (what it saved: benchmarks/README.md).
    """
    key = tuple(lines)
    found = _SCANNED.get(key)
    if found is None:
        state = _State()
        found = tuple(_classify(i, text, state) for i, text in enumerate(lines))
        if len(_SCANNED) >= _SCANNED_MAX:
            del _SCANNED[next(iter(_SCANNED))]  # the oldest: dicts keep insertion order
        _SCANNED[key] = found
    return list(found)


_SCANNED: dict[tuple[str, ...], tuple[Line, ...]] = {}
_SCANNED_MAX = 8


def _classify(i: int, text: str, state: _State) -> Line:
    quote, rest = split_quote(text)
    depth = quote.count(">") if quote else 0
    if state.fence:
        if state.fence[0] not in rest and depth >= state.fence_depth:
            return Line(i, text, Kind.CODE, quote)  # most code lines: no closing fence in sight
        if depth >= state.fence_depth or not rest.strip():
            closing = rest.strip()
            if closing.startswith(state.fence) and not closing.strip(state.fence[0]):
                state.fence = ""
                return Line(i, text, Kind.FENCE_END, quote)
            return Line(i, text, Kind.CODE, quote)
        state.fence = ""  # the quote holding the fence ended, and the fence with it
    blank = not rest.strip()
    if state.comment:
        mark = state.comment
        hidden = _comment_spans(text, state)
        if hidden and hidden[0][:2] == (0, len(text)):
            return Line(i, text, Kind.COMMENT if mark == "%%" else Kind.HTML_COMMENT, quote)
        return _prose(i, text, quote, rest, state, hidden)
    if state.math:
        state.math = "$$" not in rest
        return Line(i, text, Kind.MATH, quote)
    if state.indented:
        if blank or _indent(rest) >= 4:
            return Line(i, text, Kind.CODE, quote)
        state.indented = False
    # (Substring tests first: they rule out almost every line for a fraction of a regex call.)
    fence = FENCE_RE.fullmatch(rest) if "``" in rest or "~~" in rest else None
    if fence and not (fence.group("fence")[0] == "`" and "`" in fence.group("info")):
        state.fence, state.fence_depth = fence.group("fence"), depth
        state.after_blank = False
        return Line(i, text, Kind.FENCE, quote)
    if not blank and _indent(rest) >= 4 and state.after_blank and not state.in_list:
        state.indented = True
        return Line(i, text, Kind.CODE, quote)
    if not blank and _indent(rest) < 4 and rest.lstrip().startswith("$$") and not state.inline_math:
        body = rest.lstrip()[2:]
        close = body.find("$$")
        # `$$a$$ and %%c%% d`: math that closes on its line with text after it is part of a
        # paragraph (the engine renders it so), and that text's comments are comments.
        if close < 0 or not body[close + 2 :].strip():
            state.math = close < 0
            state.after_blank = False
            return Line(i, text, Kind.MATH, quote)
    return _prose(i, text, quote, rest, state, _comment_spans(text, state))


def _prose(i: int, text: str, quote: str, rest: str, state: _State, spans: Spans) -> Line:
    if rest.strip():
        if LIST_ITEM_RE.match(rest):
            state.in_list = True
        elif _indent(rest) == 0 and state.after_blank:
            state.in_list = False  # a paragraph at the margin after a blank line ends the list
    state.after_blank = not rest.strip()
    if "$$" in text:
        # Display math opened mid-line (`**$$` … `$$**`) runs on as part of the paragraph.
        outside_code = _blank(text, code_spans(text))
        state.inline_math ^= outside_code.count("$$") % 2 == 1
    if not spans:
        return Line(i, text, Kind.PROSE, quote)
    hidden = tuple((a, b) for a, b, _ in spans)
    obsidian = tuple((a, b) for a, b, mark in spans if mark == "%%")
    return Line(i, text, Kind.PROSE, quote, hidden, obsidian)


def scan_text(text: str) -> list[Line]:
    return scan(text.split("\n"))


def prose_indexes(lines: list[str]) -> Iterator[int]:
    """Indexes of the lines that are prose: not code, math or comment (fence lines excluded)."""
    return (line.index for line in scan(lines) if line.prose)


def code_indexes(lines: list[str]) -> set[int]:
    """Indexes of the lines inside fenced or indented code, fence lines included."""
    return {line.index for line in scan(lines) if line.code}
