"""How the problems of a run are printed: grouped by kind, so that one missing image is not
buried under forty near-identical "answer is empty" lines.

A kind seen at most `SHOWN` times prints its lines as they are (`path:line: level: message`,
which editors and CI logs link to). A kind seen more often gets one line with its count and
what to do about it, then its first `SHOWN` notes and how many more there are; `--verbose`
(every line) and `--json` (every problem) hold them all. Errors are never grouped: each one
skipped a card or a note.
"""

from __future__ import annotations

from collections.abc import Iterator

import click

from ..cards import hints
from ..model import Problem, shown

SHOWN = 3  # a group's notes printed without --verbose

# What to do about a kind that repeats, said once for the group; a kind not here is grouped
# under its first message (each of its messages still says what to do for its own note).
FIXES = {
    "empty-answer": "the answer under the heading is empty (kept by --keep-empty-answers) — "
    "write it, or leave the note out with --exclude",
    "empty-answer-left-out": "answers that are empty are not cards — write them, or keep "
    "them with an empty back with --keep-empty-answers",
    "missing-media": "an embedded file is not in the vault — check each name, or add the file",
    "missing-note": "an embedded note is not in the vault — check each name",
    "missing-section": "an embedded heading or block is not in its note — check each link",
    "duplicate-question": "two cards of a note ask the same question — give each its own",
    "index-note": "answers that are only links look like index notes — leave them out with "
    "--exclude (or 'exclude' in vault2anki.toml)",
    "no-question": "an answer heading has no question above it — put the question in a "
    "heading above it",
    "unsafe-html": "HTML that could run script was removed",
    "odd-html": "HTML Anki would show wrongly was dropped",
    "http-image": "plain-http images are shown as links — use https",
}


def group_lines(problems: list[Problem], every: bool = False) -> Iterator[str]:
    """The lines that report `problems`: each error, then the warnings kind by kind in the
    order each kind was first seen; `every` lists a group's notes in full."""
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.level == "error":
            yield str(problem)
        else:
            groups.setdefault(problem.kind, []).append(problem)
    for kind, members in groups.items():
        if len(members) <= SHOWN:
            yield from (str(p) for p in members)
            continue
        what = FIXES.get(kind) or shown(members[0].message)
        yield f"warning: {len(members)} × {kind}: {what}"
        listed = members if every else members[:SHOWN]
        yield from (f"  {p}" for p in listed)
        if len(listed) < len(members):
            yield f"  … and {len(members) - len(listed)} more (--verbose or --json lists all)"


def print_problems(
    problems: list[Problem], quiet: bool, hint: bool = True, every: bool = False
) -> None:
    """Errors always, warnings unless quiet, grouped by kind; `hint` adds the closing advice
    (sync leaves it out: its problems come in several batches)."""
    if quiet:
        problems = [p for p in problems if p.level == "error"]
    for line in group_lines(problems, every):
        click.echo(line, err=True)
    if hint and not quiet and (advice := hints.summary(problems)) is not None:
        click.echo(advice, err=True)
