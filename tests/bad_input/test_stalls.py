"""Hostile notes never stall our own text scanning (issue 12, item 5).

Each input below once took minutes or more in one of our patterns (a backtracking code-span
regex on 2,000 backticks, an ambiguous tag-line or quote-prefix regex on a long line, a
lead-blank search inside deep indentation, …). Every reader of note text we own — the
structure scanner, tags, comments, paragraph interruption, list nesting, table pipes, embeds,
block ids, math, the Spaced Repetition and answer-heading card finders, transclusion — runs
over each input in a child process.

How "bounded" is asserted without a wall-clock assert: the regex work happens inside the C
regex engine, where no Python-level operation count can see it, so the child gets a limit
instead — and the inputs are sized (a few hundred thousand characters) so that a quadratic
pass needs hours while a linear one needs well under a second on this 2-core box. A limit of
120 s therefore cannot fail on a slow machine, yet any regression back to super-linear work
blows through it by orders of magnitude. Python-Markdown's own super-linear patterns are not
ours and are bounded elsewhere (a per-note time budget).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
LIMIT_S = 120

INPUTS = {
    "backticks": "'`' * 200_000",
    "spaced backticks": "'` ' * 100_000",
    "brackets": "'[' * 200_000",
    "wikilink openers": "'[[' * 100_000",
    "embed openers": "'![[' * 100_000",
    "piped wikilinks with code": "'`a` [[b|c]] ' * 20_000",
    "html openers": "'<a ' * 100_000",
    "comment openers in code": "'%%` ' * 50_000",
    "tag list": "'#a,' * 100_000 + ' x y'",
    "quote markers": "'> ' * 100_000 + '![[x'",
    "dollars": "'$a ' * 100_000",
    "unclosed clozes": "'{{c1::' * 50_000",
    "many highlights": "'==a== ' * 50_000",
    "curly openers after a closer": "'}} ' + '{{a ' * 50_000",
    "footnote clozes without numbers": "'==a==^[h] ' * 30_000",
    "unclosed SR comments": "'<!--SR:' * 50_000",
    "a card's unclosed SR comments": "'q::a ' + '<!--SR:!2024-01-01,1,250' * 50_000",
    "a card's SR comment of 50,000 groups": "'q::a <!--SR:' + '!2024-01-01,1,250' * 50_000 + '-->'",
    "link destinations": "'](' * 100_000",
    "deep indentation": "'\\n'.join(' ' * i + '- a ^x' for i in range(0, 1500, 2))",
    "blank run before a block id": "' ' * 200_000 + 'x'",
}

READERS = textwrap.dedent(
    """
    import re, sys
    from pathlib import Path
    from vault2anki.render import checks
    from vault2anki.cards import questions, srcloze, srs, tags
    from vault2anki.vault import lines as structure
    from vault2anki.render.plugins import block_ids, comments, embeds, math
    from vault2anki.render.plugins import transclusion, wikilinks
    from vault2anki.model import NoteFile
    from vault2anki.options import LayoutOptions
    from vault2anki.report import Report

    text = eval(sys.argv[1])
    lines = text.split("\\n")
    note = NoteFile(rel="n.md", path=Path("n.md"), body=text, body_line=1, meta={}, mtime=0)
    [structure.masked(line) for line in structure.scan(lines)]
    tags.inline_tags(text)
    [tags.is_tag_line(line) for line in lines]
    comments.strip_comments(lines)
    [wikilinks.escape_table_pipes(line) for line in lines]
    [embeds._EMBED_LINE_RE.match(line) for line in lines]
    block_ids.strip_block_ids(text)
    math.INLINE_RE.findall(text)
    checks.nesting_depth(text)
    transclusion.find_section(text, "^x")
    srcloze.mask(text)
    srs.extract_sr_cards(note, ("flashcards",), None, Report())
    # Every cloze pattern the plugin documents, and an end marker (cards/srcloze.py).
    patterns = ("==[123;;]answer[;;hint]==", "**[123;;]answer[;;hint]**",
                "{{[123;;]answer[;;hint]}}", "{{[123::]answer[::hint]}}",
                r"==answer==[^\\[hint\\]][\\[^123\\]]")
    every = LayoutOptions(sr_cloze_pattern=patterns, sr_multiline_end_marker="---")
    srs.extract_sr_cards(note, ("flashcards",), every, Report())
    questions.extract_cards(note, report=Report())
    """
)


@pytest.mark.parametrize("expression", INPUTS.values(), ids=list(INPUTS))
def test_our_readers_are_linear(expression: str) -> None:
    child = subprocess.run(
        [sys.executable, "-c", READERS, expression],
        env={"PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        timeout=LIMIT_S,
    )
    assert child.returncode == 0, child.stderr[-2000:]
