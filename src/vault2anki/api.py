"""The library entry point: vault → notes → cards → HTML → package."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import questions
from .checks import duplicate_identities
from .errors import NoCardsError, Vault2AnkiError
from .model import Card, CardSource, ExportResult, MediaFile, Problem
from .notes import read_note
from .package import write_package
from .render import Renderer, render_card
from .vault import Vault, walk_vault


@dataclass
class ExportOptions:
    vault: Path
    output: Path | None = None  # default: <vault name>.apkg in the current directory
    deck: str | None = None  # default: the vault folder's name
    answer_markers: Sequence[str] = questions.DEFAULT_ANSWER_MARKERS
    question_markers: Sequence[str] = questions.DEFAULT_QUESTION_MARKERS


def open_vault(path: Path) -> Vault:
    if not path.is_dir():
        raise Vault2AnkiError(f"{path}: not a folder; give the path of an Obsidian vault")
    return walk_vault(path)


def find_cards(
    vault: Vault, options: ExportOptions, problems: list[Problem]
) -> tuple[list[CardSource], int]:
    """Every card source in the vault, in a stable order, and the number of note files read."""
    sources: list[CardSource] = []
    for rel in vault.markdown:
        note = read_note(vault.abspath(rel), rel, problems)
        if note is not None:
            sources.extend(
                questions.extract_cards(
                    note, options.answer_markers, options.question_markers, problems
                )
            )
    return sources, len(vault.markdown)


def render_cards(
    vault: Vault, sources: list[CardSource], deck: str, problems: list[Problem]
) -> list[Card]:
    renderer = Renderer()
    cards = []
    for source in sources:
        card, found = render_card(renderer, vault, source, deck)
        problems.extend(found)
        if card is not None:
            cards.append(card)
    return cards


def build(options: ExportOptions) -> ExportResult:
    """Everything but writing: parse, render and check the vault."""
    vault = open_vault(options.vault)
    problems = list(vault.problems)
    sources, note_files = find_cards(vault, options, problems)
    sources = duplicate_identities(sources, problems)  # before rendering: no work on skipped
    cards = render_cards(vault, sources, options.deck or vault.name, problems)
    media = {m.name: m for card in cards for m in card.media}
    return ExportResult(
        output=None, cards=cards, note_files=note_files, media_files=len(media), problems=problems
    )


def default_output(vault: Path) -> Path:
    return Path.cwd() / f"{vault.resolve().name}.apkg"


def _write_failure(output: Path, exc: OSError, media: list[MediaFile]) -> str:
    """What went wrong writing `output`, and what to do; the previous file is always intact."""
    reason = exc.strerror or str(exc)
    if exc.filename is not None and str(exc.filename) in {str(m.path) for m in media}:
        # An embedded file vanished or became unreadable after the vault was read.
        return (
            f"cannot read {exc.filename} ({reason}) while writing {output}; nothing written "
            "— check that file and export again"
        )
    fix = (
        "free some disk space"
        if exc.errno == errno.ENOSPC
        else "choose another -o path, or fix its folder's permissions"
    )
    return (
        f"cannot write {output}: {reason}; nothing written (an existing file there is "
        f"unchanged) — {fix}"
    )


def export_vault(options: ExportOptions) -> ExportResult:
    """Export the vault to an .apkg. Raises NoCardsError when there is nothing to export."""
    result = build(options)
    if not result.cards:
        if result.errors:
            message = (
                f"{options.vault}: no card could be exported ({len(result.errors)} errors "
                "above); nothing written — fix them and export again"
            )
        else:
            message = (
                f"{options.vault}: no cards found in {result.note_files} notes; nothing "
                f"written — a card needs a heading such as '## {options.answer_markers[0]}' "
                "under its question (see --answer-heading)"
            )
        raise NoCardsError(message, result.problems)
    output = options.output or default_output(options.vault)
    media = sorted(
        {m.name: m for c in result.cards for m in c.media}.values(), key=lambda m: m.name
    )
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_package(result.cards, media, output)
    except OSError as exc:
        raise Vault2AnkiError(_write_failure(output, exc, media), result.problems) from exc
    result.output = output
    return result


__all__ = ["ExportOptions", "ExportResult", "MediaFile", "build", "export_vault"]
