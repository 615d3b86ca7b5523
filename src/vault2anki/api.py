"""The library entry point: vault → notes → cards → HTML → package."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import questions
from .cache import PackageCache, RenderCache, package_key
from .errors import NoCardsError, Vault2AnkiError
from .model import Card, CardSource, ExportResult, MediaFile, Problem
from .notes import read_note
from .package import write_package
from .parallel import NoteWorker, process_notes
from .render import Renderer, render_card
from .vault import Vault, walk_vault


@dataclass
class ExportOptions:
    vault: Path
    output: Path | None = None  # default: <vault name>.apkg in the current directory
    deck: str | None = None  # default: the vault folder's name
    answer_markers: Sequence[str] = questions.DEFAULT_ANSWER_MARKERS
    question_markers: Sequence[str] = questions.DEFAULT_QUESTION_MARKERS
    jobs: int | None = None  # worker processes; None: one per usable core, 1: no pool
    cache_dir: Path | None = None  # default: $XDG_CACHE_HOME/vault2anki or ~/.cache/vault2anki
    use_cache: bool = True


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
    """Everything but writing: parse, render and check the vault.

    Same result as `find_cards` then `render_cards`, note by note, from the render cache where
    nothing changed, and over `options.jobs` processes.
    """
    return _build(options)[0]


def _build(options: ExportOptions) -> tuple[ExportResult, RenderCache | None]:
    vault = open_vault(options.vault)
    deck = options.deck or vault.name
    cache = None
    if options.use_cache:
        context = (
            "answer:" + "\x1f".join(options.answer_markers),
            "question:" + "\x1f".join(options.question_markers),
            "deck:" + deck,
            "vault:" + str(vault.root),
        )
        cache = RenderCache.open(options.cache_dir, context)
    worker = NoteWorker(vault, deck, options.answer_markers, options.question_markers, cache)
    outcomes = process_notes(worker, vault.markdown, options.jobs)
    # Problems in the order find_cards + render_cards give them: reading first, then rendering.
    problems = list(vault.problems)
    problems.extend(p for o in outcomes for p in o.entry.note_problems)
    problems.extend(p for o in outcomes for p in o.entry.card_problems)
    cards = [card for o in outcomes for card in o.entry.cards]
    media = {m.name: m for card in cards for m in card.media}
    hits = sum(o.hit for o in outcomes)
    result = ExportResult(
        output=None,
        cards=cards,
        note_files=len(vault.markdown),
        media_files=len(media),
        problems=problems,
        cache_hits=hits,
        cache_misses=len(outcomes) - hits,
    )
    return result, cache


def default_output(vault: Path) -> Path:
    return Path.cwd() / f"{vault.resolve().name}.apkg"


def export_vault(options: ExportOptions) -> ExportResult:
    """Export the vault to an .apkg. Raises NoCardsError when there is nothing to export."""
    result, cache = _build(options)
    if not result.cards:
        raise NoCardsError(
            f"{options.vault}: no cards found in {result.note_files} notes — a card needs a "
            f"heading such as '## {options.answer_markers[0]}' under its question "
            "(see --answer-heading)"
        )
    output = options.output or default_output(options.vault)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        media = sorted(
            {m.name: m for c in result.cards for m in c.media}.values(), key=lambda m: m.name
        )
        packages = PackageCache(cache) if cache is not None else None
        key = package_key(result.cards, media) if packages is not None else ""
        if packages is None or not packages.restore(key, output):
            write_package(result.cards, media, output)
            if packages is not None:
                packages.store(key, output)
    except OSError as exc:
        raise Vault2AnkiError(f"cannot write {output}: {exc.strerror or exc}") from exc
    result.output = output
    return result


__all__ = ["ExportOptions", "ExportResult", "MediaFile", "build", "export_vault"]
