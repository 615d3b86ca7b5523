"""The library entry point: vault → notes → cards → HTML → package."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..apkg.atomic import NAME_MAX, NotAFileError
from ..apkg.diff import read_package
from ..apkg.notetypes import notetype_digests
from ..apkg.package import write_package
from ..cards.detect import Advice
from ..cards.identity import duplicate_identities
from ..errors import FrozenLockError, NoCardsError, Vault2AnkiError
from ..identities.lock import Lock, apply_lock
from ..identities.lockfile import LockError, lock_diff, read_lock, save_lock, strict_lock_probe
from ..identities.relink import Relinked, relink_lock
from ..model import Card, CardRef, MediaFile, Problem
from ..options import PLUGIN_SETTINGS, Options
from ..report import Report
from ..vault.sources import Sources, sources_of
from ..vault.walk import Vault, utf8_name, walk_vault
from .advice import layout_advice
from .cache import PackageCache, RenderCache, package_key
from .gcfreeze import quiet_gc
from .imagedir import image_store
from .limits import media_limits, written_limit
from .outpath import vault_file_refusal
from .parallel import NoteWorker, Outcome, Progress, process_notes
from .spool import CardSpool
from .store import CardStore, MemoryStore


@dataclass
class ExportResult:
    """What an export did: the summary the CLI prints and `--json` reports.

    `cards` are `CardRef`s: identities, decks, sources, counts; their HTML is in `store`
    (`rendered()` gives `Card`s with it), while the store is open — an export's spool is
    closed once the package is written."""

    output: Path | None
    cards: list[CardRef] = field(default_factory=list)
    note_files: int = 0
    media: list[MediaFile] = field(default_factory=list)  # what the package holds, by name
    report: Report = field(default_factory=Report)  # every problem, in the order found
    lock: Lock | None = None  # the identities this export settles on (None: lock disabled)
    old_lock: Lock | None = None  # the lock found in the vault
    cache_hits: int = 0  # note files whose cards came from the render cache
    cache_misses: int = 0  # note files read and rendered (cache off: every note file)
    package_cache: PackageCache | None = None  # where an unchanged package can be copied from
    relinked: Relinked | None = None  # what --relink matched, by rule (None: no --relink)
    vault: Vault | None = None  # the walked vault: which notes were read, which left out
    store: CardStore = field(default_factory=MemoryStore)  # where the cards' HTML is
    # Layouts the options miss, most cards first (cards/detect.py): `hint:` advice, never
    # applied.
    advice: list[Advice] = field(default_factory=list)
    # The temporary folder of optimized images (imagedir.py), while the media need it.
    scratch: tempfile.TemporaryDirectory[str] | None = None
    media_bytes: int = 0  # the media's size in all, once `check_limits` ran (-1: unreadable)
    size_bytes: int | None = None  # the written package's size

    def rendered(self) -> list[Card]:
        """The cards with their HTML, from the store (in memory: mind a large vault)."""
        return self.store.rendered(self.cards)

    def sources(self) -> Sources | None:
        """Which notes this run saw in full, from its problems so far (sync --prune asks)."""
        if self.vault is None:
            return None
        walked = self.vault
        return sources_of(walked.root, walked.markdown, walked.excluded, self.problems)

    @property
    def media_files(self) -> int:
        return len(self.media)

    @property
    def problems(self) -> list[Problem]:
        return self.report.problems

    @property
    def warnings(self) -> list[Problem]:
        return self.report.warnings

    @property
    def errors(self) -> list[Problem]:
        return self.report.errors


def open_vault(path: Path, exclude: Sequence[str] = ()) -> Vault:
    if not path.is_dir():
        raise Vault2AnkiError(f"{path}: not a folder; give the path of an Obsidian vault")
    if not utf8_name(path.resolve().name):  # the deck's name and the Source link's vault
        raise Vault2AnkiError(
            f"{path}: the vault folder's name is not UTF-8 (its raw bytes shown as \\xNN); "
            "rename the folder"
        )
    return walk_vault(path, exclude)


def plugin_settings_problem(options: Options, report: Report) -> None:
    """A Spaced Repetition data.json that could not be used: one warning naming it."""
    plugin = options.plugin
    if plugin is not None and plugin.problem is not None:
        report.warning(
            str(PLUGIN_SETTINGS),
            None,
            "sr-settings",
            f"the Spaced Repetition plugin's settings are not used ({plugin.problem}); the "
            "built-in defaults apply — fix them in the plugin's settings tab, or give the "
            "options in vault2anki.toml",
        )


@quiet_gc
def build(
    options: Options, progress: Progress | None = None, store: CardStore | None = None
) -> ExportResult:
    """Everything but writing: read, split into cards, render and check the whole vault.

    Note by note (`parallel.NoteWorker`), from the render cache where nothing changed, over
    `options.run.jobs` processes; the result does not depend on either. `progress` is called
    with (notes done, notes in all) while rendering. Each note's cards go into `store`
    (default: a new `MemoryStore`) as the note arrives: the result's `CardRef`s' HTML."""
    store = MemoryStore() if store is None else store
    vault = open_vault(options.vault, options.layout.exclude)
    cache = None
    report = Report(list(vault.report.problems))  # the cache's warnings come next, if any
    plugin_settings_problem(options, report)
    if not options.run.no_cache:
        # Everything that shapes cards besides the note itself (which keys each entry).
        context = (options.cards_key(), "vault:" + str(vault.root))
        cache = RenderCache.open(options.run.cache_dir, context, report)
    # A store that takes the cache leaves hits' HTML there until the package is written (often
    # never: an unchanged vault's package is copied from the package cache), and closes it.
    deferred = cache is not None and store.read_from(cache)
    try:
        if cache is not None:
            cache.defer_html = deferred
        images, scratch = image_store(options)  # --images optimize: where copies go
        worker = NoteWorker(vault, options, cache, images)
        keep = _storing(store)
        outcomes = process_notes(worker, vault.markdown, options.run.jobs, progress, keep)
    finally:
        if cache is not None and not deferred:
            cache.close()
    # Reading problems of every note first, then rendering problems: the order a serial
    # read-then-render pass gives, whatever the pool did.
    report.extend(p for o in outcomes for p in o.note_problems)
    report.extend(p for o in outcomes for p in o.card_problems)
    # The workers are done: the cards back from the store, in vault order.
    stored = [rel for rel, o in zip(vault.markdown, outcomes, strict=True) if o.stored]
    found = [card for cards in store.refs(stored) for card in cards]
    cards = duplicate_identities(found, report)
    hits = sum(o.hit for o in outcomes)
    signals = {
        rel: o.signals
        for rel, o in zip(vault.markdown, outcomes, strict=True)
        if o.signals is not None
    }
    return ExportResult(
        output=None,
        cards=cards,
        note_files=len(vault.markdown),
        media=package_media(cards),
        report=report,
        cache_hits=hits,
        cache_misses=len(outcomes) - hits,
        package_cache=PackageCache(cache) if cache is not None else None,
        vault=vault,
        store=store,
        advice=layout_advice(vault, signals, cards, options.layout),
        scratch=scratch,
    )


def check_limits(result: ExportResult) -> None:
    """Warnings for media AnkiWeb would refuse (limits.py), for a deck about to be written or
    checked; `sync` refuses such a file itself, with its own warning (sync/media.py)."""
    result.media_bytes = media_limits(result.media, result.report)


def _storing(store: CardStore) -> Callable[[str, Outcome], Outcome]:
    """What an export keeps of each note as it arrives: its problems, and whether its cards
    went into `store` (the render cache has already stored the note)."""

    def keep(rel: str, outcome: Outcome) -> Outcome:
        note, stored = outcome.note, False
        if note is not None and note.cards:
            store.put(rel, note)
            stored = True
        # Most notes have no problems: one shared empty tuple, not two new lists per note.
        problems = (outcome.note_problems or (), outcome.card_problems or ())
        return Outcome(*problems, None, outcome.hit, None, stored, outcome.signals)

    return keep


def package_media(cards: list[CardRef]) -> list[MediaFile]:
    """Every file the cards show, once each (several cards may show one), sorted by name."""
    return sorted({m.name: m for c in cards for m in c.media}.values(), key=lambda m: m.name)


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
    if isinstance(exc, NotAFileError):
        fix = "give the path of a file, or `-o -` to write the deck to stdout"
    elif exc.errno == errno.ENOSPC:
        fix = "free some disk space"
    elif exc.errno == errno.ENAMETOOLONG:
        fix = _too_long(output)
    else:
        fix = "choose another -o path, or fix its folder's permissions"
    return (
        f"cannot write {output}: {reason}; nothing written (an existing file there is "
        f"unchanged) — {fix}"
    )


def _too_long(output: Path) -> str:
    """ENAMETOOLONG: which of the file system's limits `output` is over (a name of 255 bytes,
    a path of 4096 on Linux), in bytes, as the limits count."""
    longest = max((len(os.fsencode(part)) for part in output.parts), default=0)
    if longest > NAME_MAX:
        return (
            f"a name in that path has {longest} bytes, over the {NAME_MAX} a name may have; "
            "give a shorter one with -o"
        )
    size = len(os.fsencode(output.absolute()))
    return f"the path is too long ({size} bytes) for the file system; give a shorter one with -o"


def settle_identities(result: ExportResult, options: Options) -> None:
    """Final GUIDs and mods: from the vault's lock, or (with `no_lock`) path and mtimes."""
    if options.run.no_lock:
        return
    old: Lock | None
    if options.run.relink is not None:  # the lock file is not read: it is what was lost
        deck = options.run.relink
        # Relinking compares every field with the old deck's: the HTML back in memory, once.
        cards = result.rendered()
        old, result.relinked = relink_lock(cards, read_package(deck), result.report, deck)
    else:
        try:
            old = result.old_lock = read_lock(options.vault)
        except LockError as exc:
            raise Vault2AnkiError(str(exc), result.problems) from exc
    result.cards, result.lock = apply_lock(
        result.cards, old, notetype_digests(), result.report, kept=_kept(result)
    )


def _kept(result: ExportResult) -> Callable[[str], bool]:
    """Notes whose lock entries outlive this export: still in the vault, but excluded,
    skipped, or with an error (the same notes sync --prune keeps) — a note read in full keeps
    only the entries its cards took, and a note that is gone loses its identities."""
    sources = result.sources()
    if sources is None:  # not built from a walked vault: no note to tell apart
        return lambda source: False
    return lambda source: sources.why_kept(source) is not None


@quiet_gc
def plan_export(
    options: Options, progress: Progress | None = None, store: CardStore | None = None
) -> ExportResult:
    """Everything an export decides, nothing written: cards with final identities, the lock;
    their HTML in `store` (see `build`)."""
    result = build(options, progress, store)
    if not result.cards:
        if result.errors:
            message = (
                f"{options.vault}: no card could be exported ({len(result.errors)} errors "
                "above); nothing written — fix them and export again"
            )
        else:
            message = (
                f"{options.vault}: no cards found in {result.note_files} notes; nothing "
                f"written — a card needs a heading such as '## {options.layout.answer_heading[0]}' "
                "under its question (see --answer-heading)"
            )
            if result.advice:  # the options miss a layout the vault uses: say which
                message += "\n" + result.advice[0].line()
        raise NoCardsError(message, result.problems)
    settle_identities(result, options)
    _warn_output_name(options.run.output, options.vault, result.report)
    if options.run.frozen:
        changes = lock_diff(result.old_lock, result.lock) if result.lock else []
        if changes:
            raise FrozenLockError(changes)
    return result


def _warn_output_name(output: Path | None, vault: Path, report: Report) -> None:
    """Anki's File → Import offers `.apkg` (and `.colpkg`, a whole collection, which replaces
    the user's own): a deck named otherwise is written, but the user cannot pick it. A path
    refused when the deck is written (a FIFO, a device, a file of the vault) has its own
    message instead."""
    if output is None or output.suffix.lower() == ".apkg":
        return
    if (not output.exists() or output.is_file()) and vault_file_refusal(output, vault) is None:
        report.warning(
            str(output),
            None,
            "output-not-apkg",
            f"the deck is written as {output.name!r}, which Anki's File → Import does not "
            f"offer; name it {output.stem or 'deck'}.apkg",
        )


@quiet_gc
def write_export(
    result: ExportResult, options: Options, deliver: Callable[[Path], None] | None = None
) -> ExportResult:
    """Write the planned deck atomically, then the lock (only once the deck is in place).

    `deliver(output)` hands the written deck on (`-o -`: to stdout) before the lock is
    written: when it raises, the lock stays as it was — it would describe a deck nobody got.
    """
    output = options.run.output or default_output(options.vault)
    media = result.media
    model_mods = result.lock.model_mods() if result.lock else None
    refusal = vault_file_refusal(output, options.vault)
    if refusal is not None:
        raise Vault2AnkiError(refusal, result.problems)
    must_lock = result.lock is not None and not result.lock.same_as(result.old_lock)
    if must_lock and options.run.strict:
        strict_lock_probe(options.vault, "nothing written", result.problems)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        packages = result.package_cache
        key = package_key(result.cards, media, model_mods) if packages is not None else ""
        # The writer is deterministic: a package built from the same key is the same bytes.
        if packages is None or not packages.restore(key, output):
            write_package(result.cards, media, output, model_mods, fields=result.store.fields)
            if packages is not None:
                packages.store(key, output)
    except OSError as exc:
        raise Vault2AnkiError(_write_failure(output, exc, media), result.problems) from exc
    result.output = output
    result.size_bytes = output.stat().st_size
    written_limit(result.size_bytes, result.media_bytes, result.report, output)
    if deliver is not None:
        deliver(output)
    if must_lock and result.lock is not None:
        save_lock(options.vault, result.lock, result.report)
    return result


@quiet_gc
def export_vault(options: Options) -> ExportResult:
    """Export the vault to an .apkg. Raises NoCardsError when there is nothing to export.

    The cards' HTML streams through a temporary `CardSpool` into the package, so memory does
    not grow with the vault's text: the result's `cards` keep identities, decks, sources and
    counts; their HTML is in the package (the spool is closed). `build` keeps it in memory."""
    with CardSpool() as spool:
        result = plan_export(options, store=spool)
        check_limits(result)
        return write_export(result, options)


__all__ = [
    "CardStore",
    "ExportResult",
    "MediaFile",
    "Options",
    "build",
    "check_limits",
    "export_vault",
    "plan_export",
    "write_export",
]
