"""Fidelity over both shared corpora (issue 9): every card field, rendered as exported, holds

- no block element (`<div>`, `<pre>`, a list, a table, a quote, a heading, …) inside a `<p>`;
- no list marker that would have started a list (a bullet, or `1.` — CommonMark's rule for
  what interrupts a paragraph) at the start of a line of a `<p>`'s own text;
- no `\\(` (converted math) inside an `href`;
- the list nesting of its Markdown: the depth of each `<li>`, in order, equals the depth of
  each list item of the source (nested when indented 2+ columns deeper than the open item; a
  tab counts 4; `1. - x` is an item holding a nested list).

Skips cleanly without ../shared/corpora.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import corpus

from vault2anki.cards.layouts import note_cards
from vault2anki.export.run import build, open_vault
from vault2anki.options import Options
from vault2anki.report import Report
from vault2anki.vault.lines import scan_text
from vault2anki.vault.notes import read_note

BLOCKS = frozenset("address blockquote details div dl figure hr ol p pre section".split()) | {
    *"table ul h1 h2 h3 h4 h5 h6".split()
}
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
MARKER_RE = re.compile(r"\s*(?:[-*+]|1[.)])\s")
ITEM_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
# An item with nothing in it (`-` alone), inside a list: an empty `<li>` (CommonMark 5.2).
EMPTY_ITEM_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]*$")
HR_RE = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})")


class Structure(HTMLParser):
    """What the checks need from one field's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str]] = []  # (tag, class)
        self.problems: list[str] = []
        self.depths: list[int] = []  # nesting depth of each <li>, footnotes left out
        self.paragraph_text: list[str] = []  # text right under a <p>; "\n" for line ends

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tags = [t for t, _ in self.open]
        if tag in BLOCKS and "p" in tags:
            self.problems.append(f"<{tag}> inside <p>")
        href = dict(attrs).get("href") or ""
        if tag == "a" and "\\(" in href:
            self.problems.append(f"\\( in href {href[:60]!r}")
        if tag == "li" and not any("footnote" in c for _, c in self.open):
            self.depths.append(sum(t in ("ul", "ol") for t in tags) - 1)
        if tag == "br" and "p" in tags:
            self.paragraph_text.append("\n")
        if tag not in VOID:
            self.open.append((tag, dict(attrs).get("class") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or all(t != tag for t, _ in self.open):
            return  # `<input … />` (task lists) closes nothing that is open
        while self.open.pop()[0] != tag:
            pass
        if tag == "p":
            self.paragraph_text.append("\n")

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1][0] == "p":
            self.paragraph_text.append(data)
        elif any(t == "p" for t, _ in self.open):
            self.paragraph_text.append("x" * len(data))  # `**1. x**` is not a marker


def source_depths(markdown: str) -> list[int]:
    """The nesting depth of every list item of the Markdown, in order."""
    depths: list[int] = []
    open_items: list[int] = []
    quote, after_text = None, False
    for line in scan_text(markdown):
        rest = line.text[len(line.quote) :].expandtabs(4)
        if line.quote != quote:
            open_items, quote = [], line.quote
        was_text, after_text = after_text, line.prose and bool(rest.strip())
        indent = len(rest) - len(rest.lstrip())
        item = ITEM_RE.match(rest.lstrip())
        if not line.prose or not rest.strip():
            continue
        if open_items and not item and EMPTY_ITEM_RE.match(rest.lstrip()) and indent < 4:
            while open_items and indent < open_items[-1] + 2:
                open_items.pop()
            depths.append(len(open_items))
            open_items.append(indent)
            continue
        if item and not HR_RE.fullmatch(rest.rstrip()) and (open_items or indent < 4 or was_text):
            while open_items and indent < open_items[-1] + 2:
                open_items.pop()
            inner = rest.lstrip()
            while item := ITEM_RE.match(inner):  # `1. - x`: an item holding a nested list
                depths.append(len(open_items))
                open_items.append(indent)
                indent, inner = indent + 2, inner[item.end() - 1 :]
    return depths


def problems(markdown: str, html: str) -> list[str]:
    found = Structure()
    found.feed(html)
    out = list(found.problems)
    # `\* text` in the note is a literal `*` on the card, as in Obsidian.
    escaped = set(re.findall(r"(?m)^[ \t>]*\\([-*+])", markdown))
    for line in "".join(found.paragraph_text).split("\n"):
        if MARKER_RE.match(line) and line.strip()[0] not in escaped:
            out.append(f"list marker in <p>: {line.strip()[:60]!r}")
    # Lists that come from elsewhere (an embedded note, raw HTML lists) are not the source's.
    if "![[" not in markdown and not re.search(r"<(?:ul|ol|li)\b", markdown):
        expected = source_depths(markdown)
        if expected != found.depths:
            out.append(f"list depths {found.depths} where the Markdown has {expected}")
    return out


def fields(vault: Path) -> list[tuple[str, str, str]]:
    """(where, Markdown, HTML) of every exported card field."""
    result = build(Options.of(vault, no_lock=True))
    markdown = {}
    opened = open_vault(vault)
    for rel in opened.markdown:
        note = read_note(opened.abspath(rel), rel, Report())
        if note is not None:
            for source in note_cards(note, Options.of(vault).layout, Report()):
                markdown[rel, source.key] = (source.question, source.answer)
    out = []
    for card in result.rendered():
        question, answer = markdown[card.source, card.key]
        where = f"{card.source}:{card.source_line}"
        out += [(where, question, card.question), (where, answer, card.answer)]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", ["frontend-interview-ru", "interview-questions-en-ru"])
def test_cards_keep_the_structure_of_their_notes(name: str) -> None:
    found = [
        f"{where}: {problem}"
        for where, markdown, html in fields(corpus(name))
        for problem in problems(markdown, html)
    ]
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize(
    ("markdown", "html", "problem"),
    [
        ("a\n```\nx\n```", '<p>a\n<div class="highlight"><pre>x</pre></div></p>', "<div>"),
        ("a\n- b", "<p>a<br>\n- b</p>", "list marker"),
        ("a\n1) b", "<p>a<br>\n1) b</p>", "list marker"),
        ("[l](x)", '<p><a href="\\(x\\)">l</a></p>', "href"),
        ("- a\n  - b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "list depths [0, 0]"),
    ],
)
def test_the_checks_catch_what_they_look_for(markdown: str, html: str, problem: str) -> None:
    assert any(problem in p for p in problems(markdown, html))
    assert (
        problems("a\n\n- b\n  - c", "<p>a</p>\n<ul>\n<li>b<ul>\n<li>c</li>\n</ul></li>\n</ul>")
        == []
    )


def test_an_escaped_marker_is_text() -> None:
    assert problems("a\n\\* b", "<p>a<br>\n* b</p>") == []
