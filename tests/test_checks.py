"""checks.too_deep: the quick lead-length test never lets a card through that the full count
refuses (it only skips the count where no line could reach the limit)."""

from __future__ import annotations

import pytest
from helpers import note

from vault2anki.model import CardSource
from vault2anki.render import checks
from vault2anki.report import Report

LIMIT = checks.MAX_NESTING


def _source(answer: str) -> CardSource:
    return CardSource(note(answer), "0", "Q?", answer, 1, 2, ())


@pytest.mark.parametrize(
    "lead",
    [
        "\t" * 50,  # 200 columns: exactly at the limit
        "\t" * 51,  # 204 columns: over it, with the shortest lead that can be
        " " * 201,
        ">" * 100,
        ">" * 101,
        "> " * 51,
        ">\t" * 34,
        " " * 3 + "\t" * 49 + ">" * 3,
    ],
)
def test_the_quick_test_agrees_with_the_full_count(lead: str) -> None:
    for answer in (f"{lead}- item", f"text\n\n{lead}text", f"{lead}"):
        report = Report()
        deep = checks.nesting_depth(answer) > LIMIT
        assert checks.too_deep(_source(answer), report) is deep, (lead, answer)
        assert [p.kind for p in report.problems] == (["too-deep"] if deep else [])


def test_a_long_lead_inside_code_is_counted_by_the_full_scan_only() -> None:
    answer = "```\n" + "\t" * 80 + "code\n```"
    assert checks.too_deep(_source(answer), Report()) is False
