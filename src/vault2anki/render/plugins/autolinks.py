"""Bare URLs are links, as GFM's autolink extension makes them and Obsidian shows them:
`www.…`, `http(s)://…`, `mailto:…`, `xmpp:…` and e-mail addresses in text become `<a>`; never
inside code, math, links or raw HTML (their text is no text token, or it is inside a link).

A core rule after inline parsing, on text tokens that hold a candidate (`www.`, `://`, `@`,
`mailto:`, `xmpp:`), as markdown-it's own linkify does: an inline rule for `www.` would stop
the text scanner at every `w` of every note (a fifth of the engine's time).

GFM's rules, as cmark-gfm (GitHub's) applies them: a `www.` link or an e-mail address starts
at the start of text, after whitespace or after `*`, `_`, `~`, `(`; a `https://` one wherever
its scheme starts a word (`"https://…"` too);
its domain is `.`-separated parts of letters, digits, `_` and `-` (no `_` in the last two);
it runs to whitespace or `<`; a trailing `?!.,:*_~'"`, an unbalanced `)` and a trailing entity
reference (`&amp;`) are not part of it.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_DOMAIN = r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+"
_URL_RE = re.compile(
    rf"(?:(?<![A-Za-z0-9+.-])(?P<scheme>https?://){_DOMAIN}"  # a scheme starting a word
    rf"|(?:(?<=[\s*_~(])|^)(?P<www>www\.){_DOMAIN})[^\s<]*",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(
    r"(?:(?<=[\s*_~(])|^)(?P<prefix>mailto:|xmpp:)?"
    r"[A-Za-z0-9._+-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+(?P<resource>/[A-Za-z0-9@.]+)?",
    re.IGNORECASE,
)
_TRAILING_RE = re.compile(r"(?:[?!.,:*_~'\"]|&[A-Za-z0-9]+;)+$")
_CANDIDATES = ("www.", "://", "@", "mailto:", "xmpp:")


def _trim(url: str) -> str:
    """GFM's extended autolink path validation: trailing punctuation, unbalanced `)`."""
    while True:
        trimmed = _TRAILING_RE.sub("", url)
        if trimmed.endswith(")") and trimmed.count(")") > trimmed.count("("):
            trimmed = trimmed[:-1]
        if trimmed == url:
            return url
        url = trimmed


def _domain_ok(url: str) -> bool:
    host = re.split(r"[/?#]", url.split("://", 1)[-1], maxsplit=1)[0]
    parts = host.split(".")
    return len(parts) >= 2 and "_" not in "".join(parts[-2:])


def _matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, href) of every autolink in `text`, left to right, not overlapping."""
    found: list[tuple[int, int, str]] = []
    low = text.lower()
    if "://" in low or "www." in low:
        for m in _URL_RE.finditer(text):
            url = _trim(m.group(0))
            if _domain_ok(url):
                href = url if m.group("scheme") else "http://" + url
                found.append((m.start(), m.start() + len(url), href))
    if "@" in text:
        for m in _EMAIL_RE.finditer(text):
            email = m.group(0)
            if email[-1] in "-_." or any(a < m.end() and m.start() < b for a, b, _ in found):
                continue
            href = email if m.group("prefix") else "mailto:" + email
            found.append((m.start(), m.end(), href))
    return sorted(found)


def _link(md: MarkdownIt, text: str, href: str, level: int) -> list[Token]:
    url = md.normalizeLink(href)
    if not md.validateLink(url):
        return [Token("text", "", 0, content=text, level=level)]
    opening = Token("link_open", "a", 1, attrs={"href": url}, markup="autolink", info="auto")
    inner = Token("text", "", 0, content=text, level=level + 1)
    closing = Token("link_close", "a", -1, markup="autolink", info="auto")
    return [opening, inner, closing]


def _split(md: MarkdownIt, token: Token) -> list[Token] | None:
    text = token.content
    if not any(c in text.lower() for c in _CANDIDATES):
        return None
    found = _matches(text)
    if not found:
        return None
    out: list[Token] = []
    pos = 0
    for start, end, href in found:
        if start > pos:
            out.append(Token("text", "", 0, content=text[pos:start], level=token.level))
        out += _link(md, text[start:end], href, token.level)
        pos = end
    if pos < len(text):
        out.append(Token("text", "", 0, content=text[pos:], level=token.level))
    return out


def autolinks(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children, depth = [], 0
        for child in block.children:
            if child.type == "link_open" or (
                child.type == "html_inline" and child.content[:3].lower() == "<a "
            ):
                depth += 1
            elif child.type == "link_close" or (
                child.type == "html_inline" and child.content[:4].lower() == "</a>"
            ):
                depth = max(0, depth - 1)
            split = _split(state.md, child) if child.type == "text" and not depth else None
            children += split if split is not None else [child]
        block.children = children


def plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("text_join", "gfm_autolinks", autolinks)
