"""One Report collects every problem: in the order found, each with its level and location."""

from __future__ import annotations

from vault2anki.model import Problem
from vault2anki.report import Report


def test_a_report_keeps_problems_in_order_and_splits_them_by_level() -> None:
    report = Report()
    report.warning("a.md", 3, "missing-media", "embedded file not found")
    report.error("b.md", None, "duplicate-id", "already used")
    report.extend([Problem("c.md", 1, "warning", "encoding", "not UTF-8")])
    assert [(p.path, p.level) for p in report.problems] == [
        ("a.md", "warning"),
        ("b.md", "error"),
        ("c.md", "warning"),
    ]
    assert [p.path for p in report.warnings] == ["a.md", "c.md"]
    assert [p.path for p in report.errors] == ["b.md"]
    assert [str(p) for p in report.problems[:2]] == [
        "a.md:3: warning: embedded file not found",
        "b.md: error: already used",
    ]
