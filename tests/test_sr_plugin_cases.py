"""The Spaced Repetition plugin's own parser cases, each with its settings in the vault's
`.obsidian/plugins/obsidian-spaced-repetition/data.json`.

Source: st3v3nmw/obsidian-spaced-repetition, `tests/unit/parser.test.ts` (MIT licence): its 99
`parse(text, options)` expectations, written out here from the plugin's published behaviour —
for each card the plugin's type, text and first line. The plugin's parser gives raw card text;
its note parser then splits it: the question before the separator (without the flashcards
tags it starts with), the answer after it, `<!--SR:…-->` scheduling comments in neither. Each
case is run the way a user runs vault2anki: a temporary vault holds the note (tagged
`flashcards` in its frontmatter, so the body is the case's text line for line) and the
data.json, `Options.of(vault)` reads the settings, and the cards layer reads the note. Each
card must come out with the plugin's kind, at its line, with its question and answer (a
cloze: its text with every deletion shown, the same as the plugin's).

The plugin's two debug-message tests call no parse and are no parser cases. None is left out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from vault2anki.cards.layouts import note_cards
from vault2anki.cards.srcloze import CLOZE_RE
from vault2anki.model import CardSource
from vault2anki.options import PLUGIN_SETTINGS, Options
from vault2anki.report import Report
from vault2anki.vault.notes import read_note

B, R, MB, MR, C = (
    "SingleLineBasic",
    "SingleLineReversed",
    "MultiLineBasic",
    "MultiLineReversed",
    "Cloze",
)
KIND = {B: "basic", R: "reversed", MB: "basic", MR: "reversed", C: "cloze"}

HIGHLIGHT, BOLD, CURLY = (
    "==[123;;]answer[;;hint]==",
    "**[123;;]answer[;;hint]**",
    "{{[123;;]answer[;;hint]}}",
)
ANKI_LIKE, FOOTNOTE = "{{[123::]answer[::hint]}}", "==answer==[^\\[hint\\]][\\[^123\\]]"
# The test file's `parserOptions`, and the custom blocks' usual values.
P: dict[str, Any] = {
    "singleLineCardSeparator": "::",
    "singleLineReversedCardSeparator": ":::",
    "multilineCardSeparator": "?",
    "multilineReversedCardSeparator": "??",
    "multilineCardEndMarker": "",
    "clozePatterns": [HIGHLIGHT, BOLD, CURLY],
}


def custom(**changed: Any) -> dict[str, Any]:
    keys = {
        "single": "singleLineCardSeparator",
        "single_rev": "singleLineReversedCardSeparator",
        "multi": "multilineCardSeparator",
        "multi_rev": "multilineReversedCardSeparator",
        "end": "multilineCardEndMarker",
        "clozes": "clozePatterns",
    }
    base = {**P, "multilineCardEndMarker": "---", "clozePatterns": []}
    return {**base, **{keys[k]: v for k, v in changed.items()}}


SR = "<!--SR:!2021-08-11,4,270-->"
SR_OLD = "<!--SR:2021-08-11,4,270-->"
Case = tuple[str, str, dict[str, Any], list[tuple[str, str, int]]]
CASES: list[Case] = [
    # --- single line basic
    ("basic", "Question::Answer", P, [(B, "Question::Answer", 0)]),
    ("basic+sr", f"Question::Answer\n{SR}", P, [(B, f"Question::Answer\n{SR}", 0)]),
    ("basic+sr same line", f"Question::Answer {SR_OLD}", P, [(B, f"Question::Answer {SR_OLD}", 0)]),
    ("basic after text", "Some text before\nQuestion ::Answer", P, [(B, "Question ::Answer", 1)]),
    ("two basics", "#Title\n\nQ1::A1\nQ2:: A2", P, [(B, "Q1::A1", 2), (B, "Q2:: A2", 3)]),
    (
        "basic with tag",
        "#flashcards/science Question ::Answer",
        P,
        [(B, "#flashcards/science Question ::Answer", 0)],
    ),
    ("basic &&", "Question&&Answer", custom(single="&&"), [(B, "Question&&Answer", 0)]),
    ("basic =", "Question=Answer", custom(single="="), [(B, "Question=Answer", 0)]),
    ("basic off", "Question::Answer", custom(single=""), []),
    # --- single line reversed
    ("reversed", "Question:::Answer", P, [(R, "Question:::Answer", 0)]),
    (
        "reversed after text",
        "Some text before\nQuestion :::Answer",
        P,
        [(R, "Question :::Answer", 1)],
    ),
    ("two reversed", "#Title\n\nQ1:::A1\nQ2::: A2", P, [(R, "Q1:::A1", 2), (R, "Q2::: A2", 3)]),
    ("reversed &&&", "Question&&&Answer", custom(single_rev="&&&"), [(R, "Question&&&Answer", 0)]),
    (
        "reversed ::",
        "Question::Answer",
        custom(single=":::", single_rev="::"),
        [(R, "Question::Answer", 0)],
    ),
    (
        "basic and reversed, <:>",
        "Qn 1?:>Answer.\n\nQn 2?<:>Answer.\n",
        custom(single=":>", single_rev="<:>", multi=";>", multi_rev="<;>"),
        [(B, "Qn 1?:>Answer.", 0), (R, "Qn 2?<:>Answer.", 2)],
    ),
    ("reversed blank", "Question:::Answer", custom(single=">", single_rev="  "), []),
    # --- multi-line basic
    ("multiline", "Question\n?\nAnswer", P, [(MB, "Question\n?\nAnswer", 0)]),
    ("multiline, '? '", "Question\n? \nAnswer", P, [(MB, "Question\n?\nAnswer", 0)]),
    ("multiline+sr", f"Question\n?\nAnswer {SR}", P, [(MB, f"Question\n?\nAnswer {SR}", 0)]),
    (
        "multiline+sr line",
        f"Question\n?\nAnswer\n{SR_OLD}",
        P,
        [(MB, f"Question\n?\nAnswer\n{SR_OLD}", 0)],
    ),
    (
        "multiline 2 q lines",
        "Question line 1\nQuestion line 2\n?\nAnswer",
        P,
        [(MB, "Question line 1\nQuestion line 2\n?\nAnswer", 0)],
    ),
    (
        "multiline 2 a lines",
        "Question\n?\nAnswer line 1\nAnswer line 2",
        P,
        [(MB, "Question\n?\nAnswer line 1\nAnswer line 2", 0)],
    ),
    (
        "two multilines",
        "#Title\n\nLine0\nQ1\n?\nA1\nAnswerExtra\n\nQ2\n?\nA2",
        P,
        [(MB, "Line0\nQ1\n?\nA1\nAnswerExtra", 2), (MB, "Q2\n?\nA2", 8)],
    ),
    (
        "multiline tag line",
        "#flashcards/tag-on-previous-line\nQuestion\n?\nAnswer",
        P,
        [(MB, "#flashcards/tag-on-previous-line\nQuestion\n?\nAnswer", 0)],
    ),
    (
        "end marker",
        "Question\n?\nAnswer line 1\nAnswer line 2\n\n---",
        custom(clozes=[BOLD]),
        [(MB, "Question\n?\nAnswer line 1\nAnswer line 2", 0)],
    ),
    (
        "end marker, two cards",
        "Question 1\n?\nAnswer line 1\nAnswer line 2\n\n---\nQuestion 2\n?\nAnswer line 1\n"
        "Answer line 2\n---\n",
        custom(clozes=[BOLD]),
        [
            (MB, "Question 1\n?\nAnswer line 1\nAnswer line 2", 0),
            (MB, "Question 2\n?\nAnswer line 1\nAnswer line 2", 6),
        ],
    ),
    (
        "end marker, blank after ?",
        "Question 1\n?\nAnswer line 1\nAnswer line 2\n\n---\nQuestion with empty line after "
        "question mark\n?\n\nAnswer line 1\nAnswer line 2\n---\n",
        custom(clozes=[BOLD]),
        [
            (MB, "Question 1\n?\nAnswer line 1\nAnswer line 2", 0),
            (
                MB,
                "Question with empty line after question mark\n?\n\nAnswer line 1\nAnswer line 2",
                6,
            ),
        ],
    ),
    (
        "multiline @@",
        "Question\n@@\nAnswer\n\nsfdg",
        custom(multi="@@", end=""),
        [(MB, "Question\n@@\nAnswer", 0)],
    ),
    ("multiline off", "Question\n?\nAnswer", custom(multi=""), []),
    # --- multi-line reversed
    ("multiline reversed", "Question\n??\nAnswer", P, [(MR, "Question\n??\nAnswer", 0)]),
    (
        "reversed 2 q lines",
        "Question line 1\nQuestion line 2\n??\nAnswer",
        P,
        [(MR, "Question line 1\nQuestion line 2\n??\nAnswer", 0)],
    ),
    (
        "reversed 2 a lines",
        "Question\n??\nAnswer line 1\nAnswer line 2",
        P,
        [(MR, "Question\n??\nAnswer line 1\nAnswer line 2", 0)],
    ),
    (
        "two reversed multilines",
        "#Title\n\nLine0\nQ1\n??\nA1\nAnswerExtra\n\nQ2\n??\nA2",
        P,
        [(MR, "Line0\nQ1\n??\nA1\nAnswerExtra", 2), (MR, "Q2\n??\nA2", 8)],
    ),
    (
        "reversed, end marker",
        "Question\n??\nAnswer line 1\nAnswer line 2\n\n---",
        custom(clozes=[HIGHLIGHT, BOLD, CURLY]),
        [(MR, "Question\n??\nAnswer line 1\nAnswer line 2", 0)],
    ),
    (
        "basic and reversed, end marker",
        "Question 1\n?\nAnswer line 1\nAnswer line 2\n\n---\nQuestion 2\n??\nAnswer line 1\n"
        "Answer line 2\n---\n",
        custom(clozes=[HIGHLIGHT, BOLD, CURLY]),
        [
            (MB, "Question 1\n?\nAnswer line 1\nAnswer line 2", 0),
            (MR, "Question 2\n??\nAnswer line 1\nAnswer line 2", 6),
        ],
    ),
    (
        "reversed @@@",
        "Question\n@@@\nAnswer\n---",
        custom(multi="@@", multi_rev="@@@"),
        [(MR, "Question\n@@@\nAnswer", 0)],
    ),
    (
        "?? basic, ???? end",
        "line 1\n\n\nline 2\n\nQuestion 1?\n??\nAnswer to question 1\n????\nline 3\n\nline 4\n\n"
        "Question 2?\n??\nAnswer to question 2\n????\nLine 5\n",
        custom(single=":::", single_rev="::::", multi="??", multi_rev="???", end="????"),
        [
            (MB, "Question 1?\n??\nAnswer to question 1", 5),
            (MB, "Question 2?\n??\nAnswer to question 2", 13),
        ],
    ),
    ("reversed tab", "Question\n??\nAnswer", custom(multi_rev="\t"), []),
    (
        "blank answer line, two tags",
        "some text\nsome text\n\n#flashcards/tag1 #flashcards/tag2\nQL1\n??\nAL1\n\nAL2\n+++\n"
        "some text\n",
        custom(end="+++"),
        [(MR, "#flashcards/tag1 #flashcards/tag2\nQL1\n??\nAL1\n\nAL2", 3)],
    ),
    # --- clozes: ==highlights==
    ("highlight", "cloze ==deletion== test", P, [(C, "cloze ==deletion== test", 0)]),
    (
        "highlight+sr line",
        f"cloze ==deletion== test\n{SR_OLD}",
        P,
        [(C, f"cloze ==deletion== test\n{SR_OLD}", 0)],
    ),
    (
        "highlight+sr",
        f"cloze ==deletion== test {SR_OLD}",
        P,
        [(C, f"cloze ==deletion== test {SR_OLD}", 0)],
    ),
    ("two highlights", "==this== is a ==deletion==\n", P, [(C, "==this== is a ==deletion==", 0)]),
    (
        "highlight paragraphs",
        "some text before\n\na deletion on\nsuch ==wow==\n\nmany text\nsuch surprise ==wow== "
        "more ==text==\nsome text after\n\nHmm",
        P,
        [
            (C, "a deletion on\nsuch ==wow==", 2),
            (C, "many text\nsuch surprise ==wow== more ==text==\nsome text after", 5),
        ],
    ),
    ("lone ==", "srdf ==", P, []),
    ("== across lines", "lorem ipsum ==p\ndolor won==", P, []),
    ("== unclosed", "lorem ipsum ==dolor won=", P, []),
    (
        "highlights off",
        "cloze ==deletion== test",
        {**P, "multilineCardEndMarker": "", "clozePatterns": [BOLD, CURLY]},
        [],
    ),
    # --- **bold**
    ("bold", "cloze **deletion** test", P, [(C, "cloze **deletion** test", 0)]),
    (
        "bold+sr line",
        f"cloze **deletion** test\n{SR_OLD}",
        P,
        [(C, f"cloze **deletion** test\n{SR_OLD}", 0)],
    ),
    (
        "bold+sr",
        f"cloze **deletion** test {SR_OLD}",
        P,
        [(C, f"cloze **deletion** test {SR_OLD}", 0)],
    ),
    ("two bold", "**this** is a **deletion**\n", P, [(C, "**this** is a **deletion**", 0)]),
    (
        "bold paragraphs",
        "some text before\n\na deletion on\nsuch **wow**\n\nmany text\nsuch surprise **wow** "
        "more **text**\nsome text after\n\nHmm",
        P,
        [
            (C, "a deletion on\nsuch **wow**", 2),
            (C, "many text\nsuch surprise **wow** more **text**\nsome text after", 5),
        ],
    ),
    ("lone **", "srdf **", P, []),
    ("** across lines", "lorem ipsum **p\ndolor won**", P, []),
    ("** unclosed", "lorem ipsum **dolor won*", P, []),
    ("bold off", "cloze **deletion** test", {**P, "clozePatterns": [HIGHLIGHT, CURLY]}, []),
    # --- {{curly}}
    ("curly", "cloze {{deletion}} test", P, [(C, "cloze {{deletion}} test", 0)]),
    (
        "curly+sr line",
        f"cloze {{{{deletion}}}} test\n{SR_OLD}",
        P,
        [(C, f"cloze {{{{deletion}}}} test\n{SR_OLD}", 0)],
    ),
    (
        "curly+sr",
        f"cloze {{{{deletion}}}} test {SR_OLD}",
        P,
        [(C, f"cloze {{{{deletion}}}} test {SR_OLD}", 0)],
    ),
    ("two curly", "{{this}} is a {{deletion}}\n", P, [(C, "{{this}} is a {{deletion}}", 0)]),
    (
        "curly paragraphs",
        "some text before\n\na deletion on\nsuch {{wow}}\n\nmany text\nsuch surprise {{wow}} "
        "more {{text}}\nsome text after\n\nHmm",
        P,
        [
            (C, "a deletion on\nsuch {{wow}}", 2),
            (C, "many text\nsuch surprise {{wow}} more {{text}}\nsome text after", 5),
        ],
    ),
    ("lone {{", "srdf {{", P, []),
    ("lone }}", "srdf }}", P, []),
    ("{{ across lines", "lorem ipsum {{p\ndolor won}}", P, []),
    ("{{ unclosed", "lorem ipsum {{dolor won}", P, []),
    ("curly off", "cloze {{deletion}} test", {**P, "clozePatterns": [HIGHLIGHT, BOLD]}, []),
    # --- custom cloze patterns: Anki-like, footnote hints and numbers
    (
        "anki-like hint",
        "Brazilians speak {{Portuguese::language}}",
        {
            **P,
            "singleLineCardSeparator": "=",
            "singleLineReversedCardSeparator": "==",
            "clozePatterns": [ANKI_LIKE],
        },
        [(C, "Brazilians speak {{Portuguese::language}}", 0)],
    ),
    (
        "anki-like numbered",
        "Brazilians speak {{1::Portuguese}}\n\nBrazilians speak {{1::Portuguese::language}}",
        {
            **P,
            "singleLineCardSeparator": "=",
            "singleLineReversedCardSeparator": "==",
            "clozePatterns": [ANKI_LIKE],
        },
        [
            (C, "Brazilians speak {{1::Portuguese}}", 0),
            (C, "Brazilians speak {{1::Portuguese::language}}", 2),
        ],
    ),
    (
        "anki-like sequenced",
        "Brazilians speak {{a::Portuguese}}\n\nBrazilians speak {{a::Portuguese::language}}",
        {
            **P,
            "singleLineCardSeparator": "=",
            "singleLineReversedCardSeparator": "==",
            "clozePatterns": [ANKI_LIKE],
        },
        [
            (C, "Brazilians speak {{a::Portuguese}}", 0),
            (C, "Brazilians speak {{a::Portuguese::language}}", 2),
        ],
    ),
    (
        "footnote hint",
        "Brazilians speak ==Portuguese==\n\nBrazilians speak ==Portuguese==^[language]",
        {**P, "clozePatterns": [FOOTNOTE]},
        [
            (C, "Brazilians speak ==Portuguese==", 0),
            (C, "Brazilians speak ==Portuguese==^[language]", 2),
        ],
    ),
    (
        "footnote number",
        "Brazilians speak ==Portuguese==[^1]\n\nBrazilians speak ==Portuguese==^[language][^1]",
        {**P, "clozePatterns": [FOOTNOTE]},
        [
            (C, "Brazilians speak ==Portuguese==[^1]", 0),
            (C, "Brazilians speak ==Portuguese==^[language][^1]", 2),
        ],
    ),
    (
        "footnote sequence",
        "Brazilians speak ==Portuguese==[^a]\n\nBrazilians speak ==Portuguese==^[language][^a]",
        {**P, "clozePatterns": [FOOTNOTE]},
        [
            (C, "Brazilians speak ==Portuguese==[^a]", 0),
            (C, "Brazilians speak ==Portuguese==^[language][^a]", 2),
        ],
    ),
    (
        "bold and highlight",
        "cloze **deletion** test ==another deletion==!",
        P,
        [(C, "cloze **deletion** test ==another deletion==!", 0)],
    ),
    (
        "clozes to an end marker",
        "Test 1\nTest 2\nThis is a cloze with ===secret=== text.\nWith this extra lines\n\n"
        "And more here.\nAnd even more.\n\n---\n\nTest 3\nTest 4\nThis is a cloze with ===super "
        "secret=== text.\nWith this extra lines\n\nAnd more here.\nAnd even more.\n\n---\n\n"
        "Here is some more text.",
        custom(clozes=[HIGHLIGHT]),
        [
            (
                C,
                "Test 1\nTest 2\nThis is a cloze with ===secret=== text.\nWith this extra lines\n\n"
                "And more here.\nAnd even more.",
                0,
            ),
            (
                C,
                "Test 3\nTest 4\nThis is a cloze with ===super secret=== text.\nWith this extra "
                "lines\n\nAnd more here.\nAnd even more.",
                10,
            ),
        ],
    ),
    (
        "no patterns",
        "cloze {{deletion}} test and **deletion** ==another deletion==!",
        {**P, "clozePatterns": []},
        [],
    ),
    # --- a mix
    (
        "mix",
        "# Lorem Ipsum\n\nLorem ipsum dolor ==sit amet==, consectetur ==adipiscing== elit.\n"
        "Duis magna arcu, eleifend rhoncus ==euismod non,==\nlaoreet vitae enim.\n\n"
        "Fusce placerat::velit in pharetra gravida\n\n"
        f"Donec dapibus ullamcorper aliquam.\n??\nDonec dapibus ullamcorper aliquam.\n{SR_OLD}",
        P,
        [
            (
                C,
                "Lorem ipsum dolor ==sit amet==, consectetur ==adipiscing== elit.\n"
                "Duis magna arcu, eleifend rhoncus ==euismod non,==\nlaoreet vitae enim.",
                2,
            ),
            (B, "Fusce placerat::velit in pharetra gravida", 6),
            (
                MR,
                "Donec dapibus ullamcorper aliquam.\n??\n"
                f"Donec dapibus ullamcorper aliquam.\n{SR_OLD}",
                8,
            ),
        ],
    ),
    # --- code
    (
        "inline code in a card",
        "my inline question containing `some inline code` in it::and this is answer possibly "
        "containing `inline` code.",
        P,
        [
            (
                B,
                "my inline question containing `some inline code` in it::"
                "and this is answer possibly "
                "containing `inline` code.",
                0,
            )
        ],
    ),
    (
        "code in a highlight",
        "this has some ==`inline`== code",
        P,
        [(C, "this has some ==`inline`== code", 0)],
    ),
    (
        "code block answer",
        "How do you ... Python?\n?\n```\nprint('Hello World!')\nprint('Howdy?')\n"
        "lambda x: x[0]\n```",
        P,
        [
            (
                MB,
                "How do you ... Python?\n?\n```\nprint('Hello World!')\nprint('Howdy?')\n"
                "lambda x: x[0]\n```",
                0,
            )
        ],
    ),
    (
        "code block with blank lines",
        "How do you ... Python?\n?\n```python\nprint('Hello World!')\n\n\nprint('Howdy?')\n\n"
        "lambda x: x[0]\n```",
        P,
        [
            (
                MB,
                "How do you ... Python?\n?\n```python\nprint('Hello World!')\n\n\n"
                "print('Howdy?')\n\n"
                "lambda x: x[0]\n```",
                0,
            )
        ],
    ),
    (
        "nested fences",
        "Nested Markdown?\n?\n````ad-note\n\n```git\n+ print('hello')\n- print('world')\n```\n\n"
        "~~~python\nprint('hello world')\n~~~\n````",
        P,
        [
            (
                MB,
                "Nested Markdown?\n?\n````ad-note\n\n```git\n+ print('hello')\n- print('world')\n"
                "```\n\n~~~python\nprint('hello world')\n~~~\n````",
                0,
            )
        ],
    ),
    # --- HTML comments
    ("comment basic", "<!--question::answer test-->", P, []),
    ("comment reversed", "<!--question:::answer test-->", P, []),
    ("comment multiline", f"<!--\nQuestion\n?\nAnswer {SR}\n-->", P, []),
    (
        "comment with cloze",
        f"<!--\nQuestion\n?\nAnswer {SR}\n\n<!--cloze ==deletion== test-->-->",
        P,
        [],
    ),
    ("comment highlight", "<!--cloze ==deletion== test-->", P, []),
    ("comment bold", "<!--cloze **deletion** test-->", P, []),
    ("comment curly", "<!--cloze {{curly}} test-->", P, []),
    ("comment after text", "something something\n<!--cloze {{curly}} test-->", P, []),
    (
        "card after a comment",
        "something something\n\n<!--cloze {{curly}} test-->\n\na::b",
        P,
        [(B, "a::b", 4)],
    ),
    # --- code is no card
    ("block basic", "```\nCodeblockq::CodeblockA\n```", P, []),
    ("block reversed", "```\nCodeblockq:::CodeblockA\n```", P, []),
    ("block highlight", "# Title\n\n```markdown\nsome ==highlighted text==!\n```\n\nmore!", P, []),
    ("block bold", "# Title\n```markdown\nsome **bolded text**!\n```\n\nmore!", P, []),
    ("block curly", "# Title\n\n```\nfoo = {{'a': 2}}\n```\n\nmore!", P, []),
    ("inline code basic", "`Inlineq::InlineA`", P, []),
    ("inline code &", "# Title\n`if (a & b) {}`\nmore!", {**P, "singleLineCardSeparator": "&"}, []),
    (
        "card beside code",
        "Question::Answer\n\n```\nCodeblockq::CodeblockA\n```\n\n`Inlineq::InlineA`\n",
        P,
        [(B, "Question::Answer", 0)],
    ),
]

_SR_RE = re.compile(r"[ \t]*<!--SR:.*?-->")
_LEADING_TAGS_RE = re.compile(r"^(?:\s*#flashcards[^\s#]*)+\s*")
# The plugin's deletions, for the patterns above (hand-written, independent of ours): the
# hidden text, then its hint if it has one.
_PLUGIN_DELETIONS = {
    HIGHLIGHT: r"==(?:[ash\d]+;;)?(.+?)(?:;;(.+?))?==",
    BOLD: r"\*\*(?:[ash\d]+;;)?(.+?)(?:;;(.+?))?\*\*",
    CURLY: r"\{\{(?:[ash\d]+;;)?(.+?)(?:;;(.+?))?\}\}",
    ANKI_LIKE: r"\{\{(?:[ash\d]+::)?(.+?)(?:::(.+?))?\}\}",
    FOOTNOTE: r"==(.+?)==(?:\^\[(.+?)\])?(?:\[\^[ash\d]+\])?",
}


def _plain(text: str, deletion: re.Pattern[str]) -> str:
    """A cloze's text with each deletion shown: its answer, `::hint` after it if hinted."""
    return deletion.sub(lambda m: m.group(1) + (f"::{m.group(2)}" if m.group(2) else ""), text)


def _expected(
    kind: str, text: str, first: int, settings: dict[str, Any]
) -> tuple[str, str, str, int]:
    """(kind, question, answer, line) of our card for one card of the plugin."""
    text = _SR_RE.sub("", text).rstrip()
    if kind in (B, R):
        line = text.split("\n")[0]
        seps = [settings["singleLineCardSeparator"], settings["singleLineReversedCardSeparator"]]
        sep = max((s for s in seps if s and s in line), key=len)
        question, _, answer = line.partition(sep)
        return KIND[kind], _LEADING_TAGS_RE.sub("", question).strip(), answer.strip(), first
    if kind in (MB, MR):
        lines = text.split("\n")
        sep = settings["multilineReversedCardSeparator" if kind == MR else "multilineCardSeparator"]
        at = next(i for i, ln in enumerate(lines) if ln.strip() == sep)
        question = _LEADING_TAGS_RE.sub("", "\n".join(lines[:at])).strip()
        return KIND[kind], question, "\n".join(lines[at + 1 :]).strip(), first + at
    plain = text
    for pattern in settings["clozePatterns"]:
        plain = _plain(plain, re.compile(_PLUGIN_DELETIONS[pattern]))
    return "cloze", plain, "", first


def _ours(card: CardSource, body_line: int) -> tuple[str, str, str, int]:
    question = card.question
    if card.kind == "cloze":
        assert CLOZE_RE.search(question), question  # a real deletion, not plain text
        question = CLOZE_RE.sub(lambda m: m.group(2), question)
    return card.kind, question, card.answer, card.line - body_line


def _cards(tmp_path: Path, text: str, settings: dict[str, Any]) -> tuple[list[CardSource], int]:
    vault = tmp_path / "Plugin cases"
    (vault / PLUGIN_SETTINGS).parent.mkdir(parents=True)
    (vault / PLUGIN_SETTINGS).write_text(json.dumps({"settings": settings}), encoding="utf-8")
    note_path = vault / "Карточки Deck.md"
    note_path.write_text("---\ntags: [flashcards]\n---\n" + text, encoding="utf-8")
    options = Options.of(vault)
    assert options.plugin is not None and options.plugin.problem is None
    report = Report()
    note = read_note(note_path, note_path.name, report)
    assert note is not None
    return note_cards(note, options.layout, report), note.body_line


@pytest.mark.parametrize(
    ("text", "settings", "plugin"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_plugins_parser_cases(
    tmp_path: Path, text: str, settings: dict[str, Any], plugin: list[tuple[str, str, int]]
) -> None:
    cards, body_line = _cards(tmp_path, text, settings)
    assert [_ours(c, body_line) for c in cards] == [
        _expected(kind, card_text, first, settings) for kind, card_text, first in plugin
    ]


def test_every_case_of_the_plugin_is_here() -> None:
    """The plugin's file holds 99 parse expectations: 9 single-line basic, 7 reversed, 13
    multi-line basic, 10 reversed, 37 cloze, 1 mix, 5 with code, 9 in HTML comments, 8 in code."""
    assert len(CASES) == 99
    assert len({c[0] for c in CASES}) == 99
