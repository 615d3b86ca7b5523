"""Review progress in the package: a scheduled card as Anki stores a card under review.

A card the Spaced Repetition plugin had scheduled (`Schedule`, cards/srschedule.py) is written
as a review card — type and queue 2, its interval, its ease, `due` as a day number — with one
review-log row for the review that gave it that interval (so that Anki's FSRS can start a memory
state from it), and its FSRS memory state in the card's `data` when the plugin kept one.

A review card's `due` counts days since the collection's creation. Anki's importer, asked to
"Import any learning progress" (`with_scheduling`), shifts it by how many days the package's
collection is ahead of the one it imports into, both counted at import time
(rslib/src/import_export/package/apkg/import/cards.rs, `shift_collection_relative_dates`); without
it, the cards come in as new and the review log is left out. So `due` is the due day counted from
the fixed creation day below, and the package's collection counts its days as Anki's own do
(scheduler version 2, a day starting at 4 am, creation day in UTC): the same vault gives the same
bytes on any day and in any time zone, and the card is due on its day wherever it is imported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from ..model import Schedule

# genanki's collection row is created at 1411124400 (2014-09-19 11:00 UTC); with a creation
# offset of 0 minutes Anki's day 0 of that collection is 2014-09-19.
CREATION_DAY = dt.date(2014, 9, 19)
# What makes Anki count the package's days like a current collection's: see the docstring.
CONF = {"schedVer": 2, "rollover": 4, "creationOffset": 0}
_REVIEW = 2  # card type and queue: in review
_REVLOG_REVIEW = 1  # revlog type: a review
_GOOD = 3  # the answer button that leads to the next interval
_HOUR_MS = 3_600_000


def card_values(schedule: Schedule) -> tuple[Any, ...]:
    """type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data."""
    due = (schedule.due - CREATION_DAY).days
    data = ""
    if schedule.fsrs is not None:
        memory: dict[str, float | int] = {
            "s": schedule.fsrs.stability,
            "d": schedule.fsrs.difficulty,
        }
        if schedule.fsrs.last_review is not None:
            memory["lrt"] = schedule.fsrs.last_review
        data = json.dumps(memory, separators=(",", ":"))
    return (
        _REVIEW,
        _REVIEW,
        due,
        schedule.interval,
        schedule.factor,
        schedule.reps,
        schedule.lapses,
        0,
        0,
        0,
        0,
        data,
    )


def reviewed_at(schedule: Schedule, guid: str) -> int:
    """The review log id (milliseconds) of the review that set the card's interval: on the day
    `interval` days before it is due — the last review the plugin recorded when it kept one —
    near noon UTC (the same day for most time zones), spread by the card's identity so that
    two cards reviewed the same day keep apart (Anki drops a review-log row whose id it has)."""
    spread = hashlib.blake2b(f"{guid}:{schedule.ord}".encode(), digest_size=8).digest()
    if schedule.fsrs is not None and schedule.fsrs.last_review is not None:
        return schedule.fsrs.last_review * 1000 + int.from_bytes(spread) % 60_000
    day = schedule.due - dt.timedelta(days=schedule.interval)
    noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)
    return int(noon.timestamp()) * 1000 - 3 * _HOUR_MS + int.from_bytes(spread) % (6 * _HOUR_MS)


def revlog_values(schedule: Schedule, revlog_id: int, card_id: int) -> tuple[Any, ...]:
    """id, cid, usn, ease, ivl, lastIvl, factor, time, type of the card's one review."""
    return (
        revlog_id,
        card_id,
        -1,
        _GOOD,
        schedule.interval,
        0,
        schedule.factor,
        0,
        _REVLOG_REVIEW,
    )


def carried(cards: Iterable[Any]) -> str:
    """What the summaries say of the Anki cards among `cards` (`Card`s or `CardRef`s) that carry
    review progress; "" when none does."""
    count = sum(len(card.schedule) for card in cards)
    if not count:
        return ""
    cards_carry = "card carries" if count == 1 else "cards carry"
    return f"{count} {cards_carry} review progress from the Spaced Repetition plugin"


def patch_conf(cursor: Any) -> None:
    """The collection's config with the day counting `card_values` assumes."""
    (conf_json,) = cursor.execute("SELECT conf FROM col").fetchone()
    conf = json.loads(conf_json)
    conf.update(CONF)
    cursor.execute("UPDATE col SET conf = ?", (json.dumps(conf, sort_keys=True),))
