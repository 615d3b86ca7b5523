"""Where every problem found in the input goes: one `Report`, passed to whoever finds one.

A *warning* means the card still exports, perhaps degraded; an *error* means the affected card
or note is skipped (and the command exits 1). Messages say what is wrong and what to do; the
location is the vault-relative path and the file line when it is knowable. The CLI prints a
report's problems in the order they were found, as `path:line: level: message`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .kinds import check_kind
from .model import Level, Problem


@dataclass
class Report:
    """The problems found so far, in the order they were found."""

    problems: list[Problem] = field(default_factory=list)

    def warning(self, path: str, line: int | None, kind: str, message: str) -> None:
        """Something degraded that still exports. `kind`: a slug registered in kinds.py."""
        self.add(path, line, "warning", kind, message)

    def error(self, path: str, line: int | None, kind: str, message: str) -> None:
        """Something skipped: the card or note named by `path:line` is not exported."""
        self.add(path, line, "error", kind, message)

    def add(self, path: str, line: int | None, level: Level, kind: str, message: str) -> None:
        check_kind(kind, level)  # one table of kinds (kinds.py): no slug invented in passing
        self.problems.append(Problem(path, line, level, kind, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Problems found elsewhere (a cached note, a worker process), in their order."""
        self.problems.extend(problems)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]
