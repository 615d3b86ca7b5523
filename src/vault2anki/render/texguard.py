r"""TeX that Anki's MathJax would turn into a link, a style or a download: out of a card's HTML.

Anki desktop typesets every `\(…\)` and `\[…\]` in a card's text with MathJax 3 and all the
packages of its full build. There `\href{javascript:…}{x}` is a link a click runs,
`\style{position:fixed;…}` covers the whole card (so any click is on that link), `\style` and
`\bbox[background:url(…)]` fetch any URL, `\mmlToken{mi}[href=…]` links too, `\class` and
`\cssId` take on the page's own styles and ids, and `\unicode[font]`, `\require`, `\data` and
`\html…` (MathJax 4, KaTeX) reach for fonts, packages and attributes.

Math reaches a card's text not only from `$…$` (plugins/math.py) but from `\\(` in Markdown,
`&#92;(` entities and raw HTML, so this reads the final HTML the way MathJax reads
the page (tests/bad_input/test_math_script.py checks it against the MathJax Anki ships):

- text is what the browser decodes; `<br>` joins as a newline, `<wbr>` and comments join as
  nothing (`\hr<wbr>ef` is `\href`), every other tag ends one text and starts the next;
- math opens at `\(` or `\[` and closes at the matching `\)` or `\]` outside braces;
- a control sequence is `\` and ASCII letters, or `\` and one other character; its arguments
  may follow after spaces (`\href {url}`), a `{…}` group or a single token each.

Each unsafe control sequence goes with the arguments that are no text (`\href{url}{x}` →
`{x}`, `\style{css}{x}` → `{x}`), so no word of the card is lost. Removing text can join what
was apart (`\hr\require{}ef`), so this repeats until nothing is found. Inside `<code>` and
`<pre>`, which MathJax skips (unless `class="mathjax_process"` says otherwise) and a reader
reads verbatim, nothing is removed and nothing is warned about: an empty `<span></span>` after
the backslash splits the text where MathJax would read a name. MathJax itself never makes a name
out of letters that are not written together (a macro's body joined to letters gets a space:
`\def\x#1{#1ref}\x{\h}` stays `\h ref`), so a name that is written nowhere never runs, and
`\def`, `\let` and `\newcommand` lose only the unsafe names they mention.

The HTML given must be well-formed, in the order a browser builds it: sanitize.py passes what
its sanitizer (html5ever, the browsers' parsing algorithm) writes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Unsafe name → what follows it and goes too: "a" an argument, "o" an optional `[…]`.
# What is left is the text argument (`{x}`), typeset as it was.
_UNSAFE = {
    "href": "a",
    "style": "a",
    "class": "a",
    "cssId": "a",
    "data": "a",
    "require": "a",
    "url": "",
    "unicode": "oo",
    "mmlToken": "ao",
    "bbox": "o",  # only with a style in its options (`\bbox[yellow]{x}` is a colour)
}
_NAME_RE = re.compile(r"\\(?:html[A-Za-z]*|(?:" + "|".join(_UNSAFE) + r")(?![A-Za-z]))")
_CS_RE = re.compile(r"\\(?:([A-Za-z]+)|.)", re.S)
_OPEN_RE = re.compile(r"\\[(\[]")
# MathJax's end pattern: the close delimiter, an escaped character, or a brace.
_END_RE = {
    close: re.compile(re.escape(close) + r"|\\(?:[a-zA-Z]|[^\n\r\u2028\u2029])|[{}]")
    for close in ("\\)", "\\]")
}
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
_JS_SPACE += "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"  # what JavaScript's \s is
# Tags as sanitize.py writes them (attribute values quoted), and comments.
_TAG_RE = re.compile(
    r"<!--.*?-->|<[!?][^>]*>|<(/?)([A-Za-z][^\s/>]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S
)
# What a browser may read as a tag, for a quick look at the text (never cuts text out).
_ANY_TAG_RE = re.compile(r"<[A-Za-z/!?][^>]*>")
_TABLE_RE = re.compile(r"<(?:table|tbody|thead|tfoot|tr)[\s/>]", re.I)
# Where a browser may read `\(` or `\[`: a backslash (or a reference to one: `&#92;`, `&#x5C`,
# `&bsol;`) right before a bracket, a reference, a tag, or a NUL (which the parser drops).
_NEXT = r"[\x00(\[<&]"
_OPEN_HINT_RE = re.compile(r"\\" + _NEXT)
_OPEN_REF_HINT_RE = re.compile(
    r"(?:&#0*92(?![0-9]);?|&#[xX]0*5[cC](?![0-9a-fA-F]);?|&bsol;)" + _NEXT
)
_JOINS = {"br": "\n", "wbr": ""}  # MathJax's includeHtmlTags: read as part of the text
_VERBATIM = frozenset({"code", "pre"})
_SPLIT = "<span></span>"
_MAX_PASSES = 8  # removals that keep making new names: split them instead (linear time)


def may_hold_unsafe_tex(markup: str, in_order: bool = False) -> bool:
    """False when no unsafe TeX can be in what a browser reads of `markup` (cheap, no parse).
    `in_order`: the text of `markup` is in the order a browser builds it (sanitize.py wrote it)."""
    if not (
        ("\\" in markup and _OPEN_HINT_RE.search(markup))
        or ("&" in markup and _OPEN_REF_HINT_RE.search(markup))
    ):
        return False
    text = _ANY_TAG_RE.sub("", markup)  # every text joined: more than MathJax reads
    if "&" in text:
        text = html.unescape(text)
    if "\\" not in text:
        return False
    if not in_order and _TABLE_RE.search(markup):
        return True  # a browser moves text out of a table (foster parenting): order unknown
    return bool(_OPEN_RE.search(text)) and bool(_NAME_RE.search(text))


@dataclass
class _Piece:
    raw: str  # as written in the HTML
    text: str  # as MathJax reads it: the decoded text, "\n" for <br>, "" for <wbr>
    tag: bool = False  # a <br>, <wbr> or comment
    split: bool = False  # an empty <span>: ends one string of MathJax and starts the next
    edited: bool = False

    def html(self) -> str:
        if self.split:
            return _SPLIT
        if not self.edited:
            return self.raw
        return "" if self.tag else html.escape(self.text, quote=False)  # a <br> went


def guard_tex(markup: str) -> tuple[str, list[str]]:
    """`markup` without unsafe TeX (itself when it held none), and the unsafe names removed
    (`\\href`), sorted; a split inside code removes nothing and names nothing."""
    if not may_hold_unsafe_tex(markup, in_order=True):
        return markup, []
    out: list[str] = []
    removed: set[str] = set()
    run: list[_Piece] = []
    verbatim = 0
    changed = False

    def flush() -> None:
        nonlocal changed
        if run:
            if verbatim:
                changed |= bool(_split_names(run))
            else:
                removed.update(_remove_names(run))
            out.extend(piece.html() for piece in run)
            run.clear()

    pos = 0
    for m in _TAG_RE.finditer(markup):
        if m.start() > pos:
            run.append(_text(markup[pos : m.start()]))
        pos = m.end()
        tag = (m.group(2) or "").lower()
        if m.group(0).startswith("<!") or (tag in _JOINS and not m.group(1)):
            run.append(_Piece(m.group(0), _JOINS.get(tag, ""), tag=True))
            continue
        flush()
        out.append(m.group(0))
        if tag in _VERBATIM:
            verbatim = max(0, verbatim + (-1 if m.group(1) else 1))
    if pos < len(markup):
        run.append(_text(markup[pos:]))
    flush()
    return ("".join(out), sorted(removed)) if removed or changed else (markup, [])


def _text(raw: str) -> _Piece:
    return _Piece(raw, html.unescape(raw))


Owners = list[tuple[_Piece, int]]


def _strings(run: list[_Piece]) -> list[tuple[str, Owners]]:
    """The strings MathJax reads in `run`, each with the piece and offset of every character."""
    strings: list[tuple[list[str], Owners]] = [([], [])]
    for piece in run:
        if piece.split:
            strings.append(([], []))
            continue
        texts, owners = strings[-1]
        texts.append(piece.text)
        owners.extend((piece, i) for i in range(len(piece.text)))
    return [("".join(texts), owners) for texts, owners in strings]


def _remove_names(run: list[_Piece]) -> set[str]:
    """Remove unsafe names and their hidden arguments from the math of `run` until none is
    left; after `_MAX_PASSES` rounds, split what is still there instead."""
    found: set[str] = set()
    for _ in range(_MAX_PASSES):
        gone: dict[int, set[int]] = {}
        for text, owners in _strings(run):
            for start, end, name in _unsafe(text):
                found.add(name)
                for piece, i in owners[start:end]:
                    gone.setdefault(id(piece), set()).add(i)
        if not gone:
            return found
        for piece in run:
            if id(piece) in gone:
                drop = gone[id(piece)]
                piece.text = "".join(c for i, c in enumerate(piece.text) if i not in drop)
                piece.edited = True
    return found | _split_names(run)


def _split_names(run: list[_Piece]) -> set[str]:
    """Split the text of `run` after the backslash of every unsafe-looking name, removing
    nothing, when its math holds an unsafe one: one pass, as splitting never joins."""
    found: set[str] = set()
    after: dict[int, set[int]] = {}
    for text, owners in _strings(run):
        unsafe = _unsafe(text)
        found.update(name for _, _, name in unsafe)
        for m in _NAME_RE.finditer(text) if unsafe else ():
            piece, i = owners[m.start()]
            after.setdefault(id(piece), set()).add(i + 1)
    pieces: list[_Piece] = []
    for piece in run:
        cuts = sorted(after.get(id(piece), ()))
        if not cuts:
            pieces.append(piece)
            continue
        for a, b in zip([0, *cuts], [*cuts, len(piece.text)], strict=True):
            pieces += [_Piece("", piece.text[a:b], edited=True), _Piece("", "", split=True)]
        pieces.pop()
    run[:] = pieces
    return found


def _unsafe(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each unsafe name in the math of `text`, with its hidden arguments:
    what to cut."""
    cuts: list[tuple[int, int, str]] = []
    for start, end in _math(text):
        i = start
        while (m := _CS_RE.search(text, i, end)) is not None:
            name = m.group(1) or ""
            i = m.end()
            if name in _UNSAFE or name.startswith("html"):
                after = _skip(text, m.end(), end, _UNSAFE.get(name, "a"))
                if name == "bbox" and ":" not in text[m.end() : after]:
                    continue  # a colour or a padding: nothing that loads or moves
                cuts.append((m.start(), after, f"\\{name}"))
                i = after
    return cuts


def _math(text: str) -> list[tuple[int, int]]:
    """(start, end) of the TeX between each pair of delimiters, found as MathJax's FindTeX does."""
    found = []
    pos = 0
    while (m := _OPEN_RE.search(text, pos)) is not None:
        pos = m.end()
        close = "\\)" if m.group(0) == "\\(" else "\\]"
        braces = 0
        for e in _END_RE[close].finditer(text, m.end()):
            if e.group(0) == close and braces == 0:
                found.append((m.end(), e.start()))
                pos = e.end()
                break
            if e.group(0) == "{":
                braces += 1
            elif e.group(0) == "}" and braces:
                braces -= 1
    return found


def _skip(text: str, i: int, end: int, shape: str) -> int:
    """Where the arguments `shape` describes end, from `i` (as far as they can be read)."""
    for kind in shape:
        j = i
        while j < end and text[j] in _JS_SPACE:
            j += 1
        if j >= end:
            return i
        if kind == "o":
            if text[j] != "[":
                continue
            close = _group_end(text, j, end, "]")
        elif text[j] == "{":
            close = _group_end(text, j, end, "}")
        elif text[j] == "\\":
            m = _CS_RE.match(text, j, end)
            close = m.end() if m else None
        else:
            close = None if text[j] == "}" else j + 1
        if close is None:
            return i
        i = close
    return i


def _group_end(text: str, j: int, end: int, close: str) -> int | None:
    """The end of the group opening at `j` (`{…}` or `[…]`, braces nested, `\\x` escaped)."""
    depth = 0
    k = j + 1
    while k < end:
        c = text[k]
        if c == "\\":
            k += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return k + 1 if close == "}" else None
            depth -= 1
        elif c == close and depth == 0:
            return k + 1
        k += 1
    return None
