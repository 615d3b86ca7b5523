"""`--help` in groups (issue 23): what to read, how cards are made, Spaced Repetition, Anki,
output, run — each option once, in its group — and two examples per command whose flags the
command has."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from vault2anki.cli import main
from vault2anki.cli.help import EXAMPLES, GROUPS, OTHER

COMMANDS = sorted(main.commands)


def _help(name: str) -> str:
    result = CliRunner().invoke(main, [name, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output


def _sections(text: str) -> dict[str, str]:
    """Each `Title:` section of a help text and the lines below it."""
    parts = re.split(r"^(\S[^\n]*):\n", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_listed_once_in_a_group(name: str) -> None:
    sections = _sections(_help(name))
    titles = [t for t in sections if t != "Examples"]
    assert titles == [t for t in (*GROUPS, OTHER) if t in titles]  # in the one order
    assert OTHER not in titles, sections.get(OTHER)  # every option has its group
    listed = re.findall(r"^  (-\S+|--\S+)", "".join(sections[t] for t in titles), flags=re.M)
    command = main.commands[name]
    options = [p for p in command.get_params(click.Context(command)) if isinstance(p, click.Option)]
    firsts = [sorted(p.opts, key=len)[0] for p in options]  # `-o, --output` starts with -o
    assert sorted(o.rstrip(",") for o in listed) == sorted(firsts)


def test_common_options_come_first() -> None:
    sections = _sections(_help("export"))
    assert list(sections)[:2] == ["What to read", "How cards are made"]
    made = re.findall(r"^  (--\S+)", sections["How cards are made"], flags=re.M)
    assert made[:2] == ["--answer-heading", "--frontmatter-question"]
    assert re.findall(r"^  (-\S+)", sections["Output"], flags=re.M)[0] == "-o,"


@pytest.mark.parametrize("name", COMMANDS)
def test_two_examples_whose_flags_the_command_has(name: str) -> None:
    examples = _sections(_help(name))["Examples"].strip().splitlines()
    commands = [line.strip() for line in examples if not line.strip().startswith("#")]
    assert len(commands) == 2 and [c.split()[:2] for c in commands] == [["vault2anki", name]] * 2
    command = main.commands[name]
    known = {o for p in command.params for o in getattr(p, "opts", ())}
    for example in commands:
        flags = [word for word in example.split() if word.startswith("-")]
        assert set(flags) <= known, example
    assert name in EXAMPLES
