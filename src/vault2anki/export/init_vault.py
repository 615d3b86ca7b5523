"""`vault2anki init VAULT`: layout detection (cards/detect.py) written down as
`VAULT/vault2anki.toml`, each option with a comment on what it found, and what the first
export will give with it.

The vault is built once with the defaults: its advice (and the markers a bilingual vault's
`unmarked-language` warnings give, cards/hints.py) are merged — a list option takes every
advised value, a single one the first — and built again with them, which is what the summary
counts. Nothing is written when a file is there already, unless `force`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cards.hints import advised_markers
from ..errors import Vault2AnkiError
from ..options import DEFAULT_ANSWER_MARKERS, DEFAULT_QUESTION_MARKERS, Options
from ..options.config import CONFIG_NAME, config_text
from .run import ExportResult, build

HEADER = (
    "Written by `vault2anki init`: the layouts it found in this vault, as options.\n"
    "Every command reads this file; flags given on the command line win. Edit freely."
)


@dataclass
class Initialised:
    """What `init` wrote and what the first export will give."""

    path: Path
    options: dict[str, Any]  # the options written, by their `Options.of` names
    comments: dict[str, str]  # what each was found from
    result: ExportResult  # the build with them
    before: int  # Anki cards with the defaults
    warnings: Counter[str] = field(default_factory=Counter)  # by kind

    @property
    def cards(self) -> int:
        return sum(len(c.ordinals) for c in self.result.cards)


def _merged(result: ExportResult) -> tuple[dict[str, Any], dict[str, str]]:
    """The advised options of a build with the defaults, and a comment for each."""
    chosen: dict[str, Any] = {}
    comments: dict[str, str] = {}

    def take(fields: dict[str, Any], comment: str) -> None:
        for name, value in fields.items():
            if isinstance(value, tuple):
                chosen[name] = tuple(dict.fromkeys([*chosen.get(name, ()), *value]))
            elif name in chosen:
                continue
            else:
                chosen[name] = value
            comments[name] = "\n".join(filter(None, [comments.get(name), comment]))

    for advice in result.advice:
        take(advice.fields, f"{advice.found}: {advice.cards:,} cards with it")
    markers = advised_markers(result.problems)
    if markers:
        warned = sum(1 for p in result.problems if p.kind == "unmarked-language")
        defaults = {*DEFAULT_ANSWER_MARKERS, *DEFAULT_QUESTION_MARKERS}
        added = [w for words in markers.values() for w in words if w not in defaults]
        names = " / ".join(f"'{w}'" for w in added)
        take(markers, f"{warned:,} notes write their other language under {names} headings")
    return chosen, comments


def init_vault(vault: Path, force: bool = False) -> Initialised:
    """Detect the vault's layouts, write `vault2anki.toml`, build with it.

    Raises Vault2AnkiError when the file exists and not `force` (nothing written), or when
    the vault cannot be read."""
    path = vault / CONFIG_NAME
    if path.exists() and not force:
        raise Vault2AnkiError(
            f"{path} exists; nothing written — pass --force to replace it (its options are "
            "not read: init starts from the defaults)"
        )
    first = build(Options.of(vault))
    chosen, comments = _merged(first)
    result = build(Options.of(vault, **chosen)) if chosen else first
    before = sum(len(c.ordinals) for c in first.cards)
    found = [(name, value, comments[name]) for name, value in chosen.items()]
    header = HEADER
    if not chosen:
        header += (
            f"\n\nNo layout besides the defaults found: {before:,} cards from answer headings "
            "(Answer, Ответ), Spaced Repetition notes and frontmatter `question:`."
        )
    try:
        path.write_text(config_text(found, header), encoding="utf-8")
    except OSError as exc:
        raise Vault2AnkiError(
            f"cannot write {path}: {exc.strerror or exc}; check the folder's permissions"
        ) from exc
    warnings = Counter(p.kind for p in result.warnings)
    return Initialised(path, chosen, comments, result, before, warnings)
