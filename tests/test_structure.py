"""The one scanner of a note's line structure (`vault2anki.structure`), and the readers that
ask it: a regression test per class of structure, and tags read only from prose words."""

from __future__ import annotations

import pytest

from vault2anki.cards.tags import inline_tags
from vault2anki.vault.lines import Kind, code_spans, masked, scan_text


def kinds(text: str) -> list[str]:
    return [line.kind.value for line in scan_text(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\n```\n# x\n```\nb", ["prose", "fence", "code", "fence-end", "prose"]),
        ("~~~~\n~~~\n~~~~", ["fence", "code", "fence-end"]),
        ("> ```c\n> #include <x>\n> ```", ["fence", "code", "fence-end"]),
        ("> [!note]\n> ```\n> #x\n> ```", ["prose", "fence", "code", "fence-end"]),
        ("- item\n  ```\n  #x\n  ```", ["prose", "fence", "code", "fence-end"]),
        # A quote ending ends the fence inside it (CommonMark).
        ("> ```\n> code\nafter", ["fence", "code", "prose"]),
        ("text\n\n    indented #code\n\nafter", ["prose", "prose", "code", "code", "prose"]),
        # Indented under a list item it is the item's paragraph, not code.
        ("- a\n\n    more", ["prose", "prose", "prose"]),
        ("$$\n#x\n$$\nafter", ["math", "math", "math", "prose"]),
        ("a %%start\n#hidden\nend%% b", ["prose", "comment", "prose"]),
        ("<!--\n#hidden\n-->", ["prose", "html-comment", "html-comment"]),
        ("`%%` is code\n#x", ["prose", "prose"]),
        ("```py info with ` backtick\nx", ["prose", "prose"]),  # not a fence opener
    ],
)
def test_scan(text: str, expected: list[str]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("a `b` c", [(2, 5)]),
        ("``a ` b`` c", [(0, 9)]),
        ("`a` and `b`", [(0, 3), (8, 11)]),
        ("\\`a` b`", [(3, 7)]),  # an escaped backtick opens nothing
        ("``` a", []),
        ("`" * 2000, []),
    ],
)
def test_code_spans(text: str, spans: list[tuple[int, int]]) -> None:
    assert code_spans(text) == spans


def test_masked_keeps_columns_and_blanks_what_is_not_prose_words() -> None:
    (line,) = scan_text('a `#c` $#m$ [[#H]] [l](#u) <a href="#x">w</a> http://h/#f %%#k%% z')
    text = masked(line)
    assert len(text) == len(line.text)
    assert "#" not in text
    assert text.split() == ["a", "[l", "w", "z"]


@pytest.mark.parametrize(
    ("body", "tags"),
    [
        ("methods #get or #post.", ["get", "post"]),
        ("> ```c\n> #include <stdio.h>\n> ```", []),
        ("> [!note]\n> ```\n> #define X\n> ```", []),
        ("- item\n  ```\n  #comment\n  ```", []),
        ("para\n\n    #indented code", []),
        ("[[#Heading|x]] [[Note#Part]] [y](#anchor) https://x.com/#frag", []),
        ('<a href="#top">up</a> <span id="#x"></span>', []),
        ("`#code` $#math$ %%#hidden%% <!-- #html -->", []),
        ("$$\n#tex\n$$", []),
        ("## Heading #real", ["real"]),
        # A tag that only stands free once a code span before it is blanked (the quick test
        # for a candidate runs on the raw text, so it must not need the free standing).
        ("`x`#after-code and [[N]]#after-link", ["after-code", "after-link"]),
        ("# Heading only\n## Answer\nno tag here: C# or #123 or &#35;", []),
    ],
)
def test_tags_only_from_prose_words(body: str, tags: list[str]) -> None:
    assert inline_tags(body) == tags


def test_every_line_is_classified_once() -> None:
    lines = scan_text("a\n```\nb\n```\n$$\nc\n$$\n%%\nd\n%%")
    assert [line.index for line in lines] == list(range(10))
    assert {line.kind for line in lines} == {
        Kind.PROSE,
        Kind.FENCE,
        Kind.CODE,
        Kind.FENCE_END,
        Kind.MATH,
        Kind.COMMENT,
    }
