"""The library side of `vault2anki sync`: a planned export in, a changed Anki out.

Two steps, so the command line can stop in between (`--dry-run`, `--strict`): `prepare`
reads Anki and decides (nothing changes anywhere; conflicts.py sets aside the notes edited
in Anki as well as in the vault), `apply` changes Anki, then saves the
record and the lock — the lock last, once Anki holds what it describes. A job that will
change Anki holds the sync lock (lock.py) from before `prepare` reads Anki until
`close`: a second sync of the vault into the same Anki waits for it. The record is the one
of the collection Anki has open (profile.py); the lock is per vault and URL, taken before
Anki is asked which collection it is: a profile switched meanwhile is still one Anki.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..export.cache import default_cache_dir
from ..export.run import ExportResult
from ..identities.lockfile import save_lock
from .ankiconnect import AnkiConnect
from .conflicts import describe, settle
from .lock import sync_lock
from .plan import Prefer, Progress, SyncOutcome, SyncPlan, apply_sync, plan_sync
from .profile import Record, open_record
from .read import AnkiSide, check_guids, glance, read_anki
from .record import AnkiIdentity, SyncState, load_state, lock_path, save_state, state_path


@dataclass
class SyncJob:
    result: ExportResult  # the planned export: cards with their final identities, the lock
    client: AnkiConnect
    state_file: Path | None  # where the record is kept (None: nowhere)
    state: SyncState
    side: AnkiSide
    plan: SyncPlan
    anki: AnkiIdentity | None = None  # the collection synced into (None: the add-on cannot say)
    hold: ExitStack = field(default_factory=ExitStack)  # the sync lock, while held
    legacy: Path | None = None  # an old record adopted (profile.py): removed once saved

    def close(self) -> None:
        self.hold.close()

    def save(self) -> None:
        save_state(self.state_file, self.state)
        if self.legacy is not None and self.state_file is not None and self.state_file.is_file():
            self.legacy.unlink(missing_ok=True)
            self.legacy = None


def _state_file(
    result: ExportResult, vault: Path, url: str, cache_dir: Path | None, anki: AnkiIdentity | None
) -> Path | None:
    """Where the sync record lives; None, with one warning, when there is no home for it."""
    try:
        return state_path(cache_dir or default_cache_dir(), vault, url, anki)
    except (RuntimeError, KeyError) as exc:  # Path.home(): relative $HOME, no passwd entry
        # The render cache said so already (it opens first): one warning is enough.
        if not any(p.kind == "cache-unusable" for p in result.problems):
            result.report.warning(
                "",
                None,
                "cache-unusable",
                f"no home directory for the sync record ({exc}); syncing without it, so each "
                "sync reads every note back from Anki — set XDG_CACHE_HOME to a writable folder",
            )
        return None


def _lock_file(vault: Path, url: str, cache_dir: Path | None) -> Path:
    try:
        return lock_path(cache_dir or default_cache_dir(), vault, url)
    except (RuntimeError, KeyError):  # no home folder (said once already): the temp folder
        return lock_path(None, vault, url)


def _written(plan: SyncPlan, side: AnkiSide) -> set[int]:
    """The notes `plan` would write to (update, move cards of, delete)."""
    moved = {cid for _, cids in plan.move for cid in cids}
    return (
        {nid for nid, _ in plan.update}
        | {nid for nid, _ in plan.orphans}
        | {nid for nid, r in side.notes.items() if moved.intersection(r.cards)}
    )


def _checked_plan(
    result: ExportResult, client: AnkiConnect, side: AnkiSide, state: SyncState
) -> SyncPlan:
    """Plan, after checking against Anki the GUID of every note the plan writes to; a record
    entry that names a note wrongly is dropped (with a warning), and then every note is read
    back from Anki (one wrong entry: the record is not to be trusted) and matched again."""
    old_guids = result.old_lock.sources() if result.old_lock else {}
    cards = result.rendered()  # the HTML, from the export's card store: once for both plans
    plan = plan_sync(cards, side, old_guids, result.sources())
    targets = _written(plan, side) - side.checked
    if not targets:
        return plan
    wrong = check_guids(client, side, targets)
    for nid, recorded, actual in wrong:
        result.report.warning(
            "",
            None,
            "sync-record-wrong",
            f"the sync record says Anki note {nid} is [{recorded}], Anki says "
            f"{f'[{actual}]' if actual else 'it is not ours'} (another sync ran at the same "
            "time, or the record was edited); dropped that entry and matched the notes again",
        )
    if wrong:
        check_guids(client, side, set(side.notes) - side.checked)
    return plan_sync(cards, side, old_guids, result.sources())


def prepare(
    result: ExportResult,
    vault: Path,
    url: str,
    *,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    lock: bool = False,
    on_wait: Callable[[str], None] | None = None,
    client: AnkiConnect | None = None,
    prefer: Prefer | None = None,
) -> SyncJob:
    """Read Anki and plan the sync of `result`'s cards; changes nothing. `lock`: hold the
    sync lock until the job is closed (a job that will be applied). `client`: one with the
    API key, when AnkiConnect asks for one (default: a client for `url` without). `prefer`:
    who wins a conflict (None: nobody, the note is skipped)."""
    client = client or AnkiConnect(url)
    hold = ExitStack()
    try:
        if lock:
            hold.enter_context(sync_lock(_lock_file(vault, url, cache_dir), on_wait))
        first = glance(client)
        state_file = _state_file(result, vault, url, cache_dir, first.anki)
        old = None if first.anki is None else _state_file(result, vault, url, cache_dir, None)
        # Without the cache every note is read back from Anki; the record this sync leaves is
        # then true again (a stale one kept would make the next sync re-send what it changed).
        # The old record still says what the last sync wrote: Anki's edits since stay edits —
        # except with --prefer vault, which then puts the vault's text back wherever it differs.
        record = (
            open_record(client, state_file, old, first.present) if use_cache else Record(state_file)
        )
        state = record.state
        want_media = any(c.media for c in result.cards)
        baseline = load_state(state_file) if not use_cache and prefer != "vault" else None
        side = read_anki(client, state, want_media, first, record.checked, baseline)
        plan = _checked_plan(result, client, side, state)
        settle(plan, side, prefer)
        describe(client, plan.conflicts)
    except BaseException:
        hold.close()
        raise
    return SyncJob(result, client, state_file, state, side, plan, first.anki, hold, record.legacy)


def dry_outcome(job: SyncJob) -> SyncOutcome:
    return SyncOutcome(job.plan, rescanned=job.side.rescanned, requests=job.client.calls)


def apply(
    job: SyncJob, vault: Path, *, prune: bool = False, progress: Progress | None = None
) -> SyncOutcome:
    """Change Anki as planned; then record what it holds and write the lock."""
    current = {card.guid for card in job.result.cards}
    # The record starts from what Anki has now; notes of this vault's cards are ours.
    job.state.notes = {
        nid: replace(r, mine=r.mine or r.guid in current) for nid, r in job.side.notes.items()
    }
    # Notes not written because Anki has their vault version, or by --prefer anki.
    job.state.notes.update({nid: replace(r, mine=True) for nid, r in job.plan.adopt.items()})
    lock = job.result.lock
    model_mods = lock.model_mods() if lock else None
    outcome = apply_sync(
        job.client,
        job.plan,
        job.side,
        job.state,
        job.save,
        prune=prune,
        model_mods=model_mods,
        progress=progress,
    )
    if lock is not None and not lock.same_as(job.result.old_lock):
        save_lock(vault, lock, outcome.report)
    return outcome
