"""HTML compared as a browser reads it (tests of rendered cards): attributes sorted and quoted
one way, character references decoded, whitespace between block elements dropped and runs of
whitespace in text made one space. With `code_text=True` code highlighting (Pygments' box and
token spans, the `language-` class) is left out, so code compares by its text alone."""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCK = frozenset(
    "address article aside blockquote body caption center col colgroup dd details dir div dl "
    "dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html legend li "
    "link meta nav ol p pre section summary table tbody td tfoot th thead title tr ul".split()
)
# Spaces a reader cannot see: before a line break, and at the end of a line of code.
_INVISIBLE_RE = re.compile(r"[ \t]+(<br>|\n)")
_BLOCK_GAP_RE = re.compile(rf"\s*(</?(?:{'|'.join(BLOCK)})(?:\s[^>]*)?>)\s*")


class _Normalizer(HTMLParser):
    def __init__(self, code_text: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.code_text = code_text
        self.out: list[str] = []
        self.in_pre = 0
        self.divs: list[bool] = []  # per open <div>: is it a highlight box (left out)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # `<hr />` is `<hr>`

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.in_pre += 1
        if tag == "div":
            self.divs.append(self.code_text and ("class", "highlight") in attrs)
            if self.divs[-1]:
                return
        if self.code_text and self.in_pre and tag == "span":
            return
        if self.code_text and self.in_pre and tag == "code":
            attrs = [(k, v) for k, v in attrs if k != "class"]
        shown = "".join(f' {k}="{v or ""}"' for k, v in sorted(attrs))
        self.out.append(f"<{tag}{shown}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)
        if self.code_text and self.in_pre and tag == "span":
            return
        if tag == "div" and self.divs and self.divs.pop():
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
        self.out.append(data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))

    def result(self) -> str:
        text = _BLOCK_GAP_RE.sub(r"\1", "".join(self.out)).strip()
        return _INVISIBLE_RE.sub(r"\1", text)


def normalize(html: str, code_text: bool = True) -> str:
    parser = _Normalizer(code_text)
    parser.feed(html)
    parser.close()
    return parser.result()


def same_html(a: str, b: str) -> bool:
    """`a` and `b` are the same HTML to a browser, highlighting included."""
    return normalize(a, code_text=False) == normalize(b, code_text=False)
