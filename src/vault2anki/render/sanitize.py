"""Card HTML through an allow-list sanitizer, as Obsidian's reading view sanitizes notes.

Anki desktop shows fields in a web view that runs scripts: `<img onerror>`, `javascript:`
links, `<iframe src=javascript:>`, `<svg onload>`, forms, `file://` links and a `<style>` that
hides the card all ran there, and decks built in CI from pull requests are shared. Raw HTML in
a note is therefore cut down to what formatting needs: text-level and block tags, tables,
`<details>`, `<kbd>`, `<sup>`/`<sub>`, images (vault files, `https`, `data:image`), task
checkboxes, and `https` iframes of known video hosts. Scripts, event handlers, `<style>`,
`<link>`, `<meta>`, forms and every URL scheme but http(s), mailto and obsidian go (http only
in links: nothing loads over it). The tags kept are the ones the Markdown side passes through
as HTML (plugins/raw_html.py), less those (`RUNS_OR_LOADS`); only what could run or load makes
a warning, other tags are unwrapped quietly. Math that Anki's MathJax would make a link, a
style or a download of (`\\href`, `\\style`…) is removed too, its text kept (texguard.py).
`--trusted-html` (RenderOptions.trusted_html) keeps everything.

Library: nh3, the binding of Rust's ammonia. Compared with bleach: bleach is deprecated by its
maintainers (2023) and parses with html5lib, itself unmaintained; ammonia parses with html5ever,
the same spec algorithm as browsers, so what it keeps is what the web view sees; and it is an
order of magnitude faster (2,500 cards with 1.8 million highlighting spans). Both are allow-
lists; neither needs a C toolchain (nh3 ships wheels).

Our own HTML is left byte for byte: a sanitizer re-serialises everything (`<br />` → `<br>`,
`&quot;` → `"`), which would change every card's content hash and send a needless update of
every note to Anki. So the original is kept whenever it parses (Python's html.parser) into the
same start tags, attributes and text as the sanitized result; any comment, declaration or processing
instruction, where parsers are known to disagree, counts as a difference.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import nh3

from ..report import Report
from .plugins.raw_html import KNOWN_TAGS
from .texguard import guard_tex, may_hold_unsafe_tex

# What can run a script, load or submit something, or confuse the parser's namespaces (svg,
# math: the classic mutation-XSS carriers): removed, and only these make the card's warning.
RUNS_OR_LOADS = frozenset(
    "script style iframe object embed applet svg math link meta base form button textarea "
    "select option frame frameset noscript template portal param".split()
)
# Attributes that run (on…), load (URLs) or restyle the card; any other attribute the
# allow-list drops (id, name, a forced input type) goes silently: it runs nothing.
_RISKY_ATTRIBUTES = frozenset(
    "href src srcset poster data action formaction xlink:href background lowsrc dynsrc ping "
    "codebase style http-equiv".split()
)
# One allow-list: every tag the Markdown side passes through as HTML (plugins/raw_html.py),
# plus old formatting tags a block of HTML may hold, minus what runs or loads. Harmless tags
# outside it (custom elements, <marquee>) are unwrapped silently, their text kept.
_TAGS = (KNOWN_TAGS | frozenset("acronym strike tt".split())) - RUNS_OR_LOADS
_DROP_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "select", "title"})
_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "title", "dir", "lang", "style", "align"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "input": {"checked"},
    "details": {"open"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "font": {"color", "face", "size"},
    "audio": {"src", "controls", "loop"},
    "video": {"src", "controls", "loop", "width", "height", "poster"},
    "source": {"src", "type"},
    "time": {"datetime"},
    "data": {"value"},
    "meter": {"value", "min", "max", "low", "high", "optimum"},
    "label": {"for"},
    "track": {"kind", "srclang", "label", "default"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "frameborder", "title"},
}
# Formatting only: nothing that positions, hides or loads (`url(…)` in `background`).
_STYLE = frozenset(
    "color background-color text-align font-weight font-style font-size text-decoration "
    "vertical-align white-space width height max-width border border-collapse padding "
    "margin list-style-type".split()
)
_VIDEO_HOSTS = frozenset(
    {
        "www.youtube.com",
        "youtube.com",
        "www.youtube-nocookie.com",
        "youtube-nocookie.com",
        "player.vimeo.com",
        "rutube.ru",
        "vk.com",
        "vkvideo.ru",
    }
)
_COMMON: dict[str, Any] = {
    "clean_content_tags": set(_DROP_WITH_CONTENT),
    "link_rel": None,  # no rel added to every link: our own links stay as they are
    "filter_style_properties": set(_STYLE),
    # A task checkbox, whatever a note wrote: `<input type=text>` would be a form field.
    "set_tag_attribute_values": {"input": {"type": "checkbox", "disabled": "disabled"}},
}
_SCHEMES = {"http", "https", "mailto", "obsidian"}


def _media_filter(tag: str, attr: str, value: str) -> str | None:
    """Only where a note has `data:` URLs, iframes or media: images may be `data:image`,
    iframes only `https` players of known video hosts, and nothing loads over plain `http`."""
    if attr not in ("src", "href", "poster"):
        return value
    if attr != "href" and _scheme(value) == "http":
        return None  # read and changed by anyone on the way: remote media are https only
    lowered = value.strip().lower()
    if tag == "iframe":
        return value if iframe_host(value) in _VIDEO_HOSTS else None
    if lowered.startswith("data:"):
        return value if tag == "img" and lowered.startswith("data:image/") else None
    return value


def _scheme(url: str) -> str:
    """A URL's scheme as a browser reads it: outer spaces and controls, and every tab and
    newline, are not part of it (`ht\ttp:` is `http:`)."""
    head, colon, _ = url.strip(_C0_AND_SPACE).partition(":")
    head = head.replace("\t", "").replace("\n", "").replace("\r", "")
    return head.lower() if colon and _SCHEME.fullmatch(head) else ""


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


# An https URL whose host a browser reads as plainly as we do: `https://` then the host (and
# port) up to `/`, `?`, `#` or the end. Anything a browser reads differently from Python's
# urlsplit is refused: `\` (a browser's `/`: `https://evil.example\@www.youtube.com/` loads
# evil.example), `@` (userinfo), percent-escapes in the host, whitespace and control characters
# (a browser drops tabs and newlines anywhere), any other number of slashes.
_IFRAME_URL_RE = re.compile(r"https://([a-z0-9.-]+)(?::443)?(?:[/?#][^\x00-\x20\x7f\\]*)?", re.I)
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def iframe_host(url: str) -> str | None:
    """The host an iframe of `url` loads from (lower case), or None unless it is an `https`
    URL whose host reads the same to every parser (WHATWG's, as browsers, and Python's)."""
    m = _IFRAME_URL_RE.fullmatch(url.strip(_C0_AND_SPACE))  # what browsers trim
    return m.group(1).lower() if m else None


_STRICT: dict[str, Any] = {
    **_COMMON,
    "tags": set(_TAGS),
    "attributes": {k: set(v) for k, v in _ATTRIBUTES.items() if k != "iframe"},
    "url_schemes": set(_SCHEMES),
}
_MEDIA: dict[str, Any] = {
    **_COMMON,
    "tags": {*_TAGS, "iframe"},
    "attributes": {k: set(v) for k, v in _ATTRIBUTES.items()},
    "url_schemes": {*_SCHEMES, "data"},
    "attribute_filter": _media_filter,
}
# Entities can hide "data:" (`data&#58;`) from this test, never from ammonia: such a field
# gets the strict policy, which has no `data` scheme at all. An attribute's name cannot be
# hidden so: every `src` and `poster` is filtered (http).
_NEEDS_MEDIA = re.compile(r"<iframe|data:|src|poster", re.IGNORECASE)


# Tags the renderer itself writes, spelled exactly (quoted values without quotes or `<`, only
# `https:`/`obsidian:` or relative URLs): a field made only of these and text is kept as it is
# without parsing it twice (ammonia costs 10 s over both corpora, this a fraction). Nothing
# here opens raw text (script, style, textarea…) or a comment, so text stays text.
_PLAIN = re.compile(
    r"</?(?:p|br|hr|em|strong|b|i|code|pre|ul|ol|li|h[1-6]|blockquote|table|thead|tbody|tr|th|"
    r"td|mark|del|s|sup|sub|kbd|div|span|details|summary)"
    r'(?: class="[\w -]*"| style="text-align: (?:left|right|center);"| open)?>'
    r'|<a(?: class="(?:wikilink|attachment)")? href="(?:https://|obsidian://)[^"<>]*">|</a>'
    r'|<img alt="[^"<>]*" src="[^":<>]*"(?: width="\d+")?>'
    r'|<input (?:checked="checked" )?disabled="disabled" type="checkbox">'
    r'|<input type="checkbox" (?:checked )?disabled/>|<ol start="\d+">'
)


def sanitize(html: str) -> str:
    """`html` with everything outside the allow-list removed; itself when nothing was."""
    return _sanitize(html)[0]


def sanitize_card(
    question: str,
    answer: str,
    where: tuple[str, int],
    report: Report,
    find: Callable[[str], int | None] = lambda _: None,
) -> tuple[str, str]:
    """Both fields of a card sanitized; one warning naming what went, on the first line where
    `find` (renderer.py: the card's Markdown) sees it written, else at `where` (path, line)."""
    (question, lost_q), (answer, lost_a) = _sanitize(question), _sanitize(answer)
    lost = sorted(name for name in set(lost_q) | set(lost_a) if runs_or_loads(name))
    if lost:
        shown = ", ".join(lost[:6]) + (", …" if len(lost) > 6 else "")
        # `<script>` is written `<script …`, `onerror=` as itself: what to look for in the note.
        found = [line for name in lost if (line := find(name.rstrip(">"))) is not None]
        report.warning(
            where[0],
            min(found, default=where[1]),
            "unsafe-html",
            f"raw HTML that Anki would run or load was removed ({shown}); the card exports "
            "without it — pass --trusted-html if you trust every note of this vault",
        )
    (question, tex_q), (answer, tex_a) = strip_unsafe_tex(question), strip_unsafe_tex(answer)
    if tex_q or tex_a:
        names = sorted(set(tex_q) | set(tex_a))
        found = [line for name in names if (line := find(name)) is not None]
        report.warning(
            where[0],
            min(found, default=where[1]),
            "unsafe-math",
            f"math that Anki's MathJax would make a link, a style or a download of was removed "
            f"({', '.join(names)}); its text is kept — pass --trusted-html if you trust every "
            "note of this vault",
        )
    return question, answer


def strip_unsafe_tex(html: str) -> tuple[str, list[str]]:
    """Sanitized `html` without the TeX that Anki's MathJax would run or load (texguard.py),
    and the names removed; `html` itself when there was none."""
    if not may_hold_unsafe_tex(html):
        return html, []
    # What a browser builds of `html`, written out well-formed and in its order: what
    # texguard reads (the same policy keeps the same elements).
    dom: str = nh3.clean(html, **(_MEDIA if _NEEDS_MEDIA.search(html) else _STRICT))
    guarded, names = guard_tex(dom)
    return (html, []) if guarded == dom else (guarded, names)


def no_math(text: str) -> str:
    """HTML text in which Anki's MathJax starts no formula: an empty span parts each `\\(` and
    `\\[` (the Source field's path: MathJax typesets the text of links too, and a path is not
    HTML the note's author wrote, so this holds with --trusted-html as well)."""
    return _MATH_OPEN_RE.sub(r"\\<span></span>\1", text)


_MATH_OPEN_RE = re.compile(r"\\([(\[])")


def html_to_text(fragment: str) -> str:
    """What a piece of HTML reads as, on one line: tags gone, entities decoded, whitespace
    runs made one space (a Source field's path, a question in a table or a title)."""
    return " ".join(html.unescape(_ANY_TAG_RE.sub(" ", fragment)).split())


_ANY_TAG_RE = re.compile(r"<[^>]+>")
# Tags that start a new line where a browser shows them; every other tag (a highlighted code
# token's <span>, <b>, <a>) joins its text to its neighbours' as it is shown.
_BREAK_TAG_RE = re.compile(
    r"</?(?:p|div|pre|br|li|ul|ol|dl|dt|dd|h[1-6]|tr|table|blockquote|hr|details|summary)\b[^>]*>",
    re.I,
)


def text_lines(fragment: str) -> list[str]:
    """The lines a piece of HTML shows, each with its whitespace runs made one space: a code
    block keeps its lines, `console.log(1)` made of token spans stays one word."""
    text = html.unescape(_ANY_TAG_RE.sub("", _BREAK_TAG_RE.sub("\n", fragment)))
    return [line for raw in text.split("\n") if (line := " ".join(raw.split()))]


def first_line(fragment: str, limit: int = 100) -> str:
    """A question as a row of a table shows it: its first line (a coding task's question is
    a code block), with `…` where more follows or where it is cut at `limit` characters."""
    lines = text_lines(fragment) or [""]
    line = lines[0]
    if len(line) > limit:
        return line[: limit - 1] + "…"
    return line + " …" if len(lines) > 1 else line


def runs_or_loads(removed: str) -> bool:
    """Whether a removed `<tag>` or `attribute=` could have run or loaded something."""
    if removed.startswith("<"):
        return removed.strip("<>") in RUNS_OR_LOADS
    name = removed.rstrip("=").lower()
    return name.startswith("on") or name in _RISKY_ATTRIBUTES


def _sanitize(html: str) -> tuple[str, list[str]]:
    """(sanitized html, what was removed: `<tag>` and `attribute=` names)."""
    if "<" not in _PLAIN.sub("", html):
        return html, []  # text and our own plain tags: nothing a browser could run
    policy = _MEDIA if _NEEDS_MEDIA.search(html) else _STRICT
    clean: str = nh3.clean(html, **policy)
    if clean == html:
        return html, []
    (before, odd), (after, _) = _tokens(html), _tokens(clean)
    if not odd and before == after:
        return html, []
    return clean, _removed(before, after)


class _Tokens(HTMLParser):
    """Tags with sorted attributes, and text, as a parser sees them; `odd` marks anything
    parsers disagree about."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[tuple[str, ...]] = []
        self.odd = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p" and not attrs:
            return  # a stray `</p>` becomes `<p></p>` in browsers and in the sanitizer alike
        pairs = sorted((k, _attr(k, v)) for k, v in attrs)
        self.out.append(("<", tag, *(f"{k}={v}" for k, v in pairs)))

    handle_startendtag = handle_starttag  # `<br />` and `<br>` are the same element

    def handle_endtag(self, tag: str) -> None:
        # Not compared: the sanitizer closes elements where browsers close them anyway
        # (`<p><div>` → `<p></p><div>`), and end tags carry nothing that runs.
        pass

    def handle_data(self, data: str) -> None:
        if self.out and self.out[-1][0] == "t":
            self.out[-1] = ("t", self.out[-1][1] + data)
        else:
            self.out.append(("t", data))

    def handle_comment(self, data: str) -> None:
        self.odd = True

    def handle_decl(self, decl: str) -> None:
        self.odd = True

    def handle_pi(self, data: str) -> None:
        self.odd = True

    def unknown_decl(self, data: str) -> None:
        self.odd = True


def _attr(name: str, value: str | None) -> str:
    if name == "style" and value:  # `text-align: center;` and `text-align:center` agree
        decls = (d.split(":", 1) for d in value.split(";") if d.strip())
        return ";".join(f"{p.strip().lower()}:{v.strip()}" for p, *rest in decls for v in rest)
    if value is None or value.lower() == name:  # `disabled`, `disabled=""`, `="disabled"`
        return ""
    return value


def _tokens(html: str) -> tuple[list[tuple[str, ...]], bool]:
    """The parsed tokens, and whether anything parsers disagree about was seen."""
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.out, parser.odd


def _removed(before: list[tuple[str, ...]], after: list[tuple[str, ...]]) -> list[str]:
    """Tags (`<script>`) and attributes (`onerror=`) the sanitizer removed or changed; a
    comment alone names nothing."""

    def names(tokens: list[tuple[str, ...]]) -> tuple[set[str], set[str]]:
        tags: set[str] = set()
        pairs: set[str] = set()
        for token in tokens:
            if token[0] == "<":
                tags.add(f"<{token[1]}>")
                pairs.update(token[2:])
        return tags, pairs

    (tags_before, pairs_before), (tags_after, pairs_after) = names(before), names(after)
    changed = {pair.split("=", 1)[0] + "=" for pair in pairs_before - pairs_after}
    return sorted((tags_before - tags_after) | changed)
