"""The sync planner and its record, on plain data (no Anki needed): what is added, updated,
moved, left alone, and which notes may ever be called orphans."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from vault2anki.model import Card, Problem
from vault2anki.sync.plan import card_digest, plan_sync
from vault2anki.sync.read import AnkiSide
from vault2anki.sync.record import (
    NoteRecord,
    SyncState,
    load_state,
    note_digest,
    save_state,
    state_path,
)
from vault2anki.vault.sources import prune_blockers, sources_of


def card(guid: str, deck: str = "D", answer: str = "<p>A</p>", tags: tuple[str, ...] = ()) -> Card:
    return Card(guid, deck, f"<p>{guid}?</p>", answer, f"{guid}.md", tags, (), 1)


def record(c: Card, cards: tuple[int, ...], mine: bool = True) -> NoteRecord:
    return NoteRecord(c.guid, card_digest(c), cards, c.source, mine)


def side(notes: dict[int, NoteRecord], deck_of: dict[int, str], **kw: object) -> AnkiSide:
    return AnkiSide(notes, deck_of, {}, present=set(notes), **kw)  # type: ignore[arg-type]


def test_each_card_is_added_updated_moved_or_left_alone() -> None:
    same, edited, moved, new = card("s"), card("e"), card("m", deck="D::Sub"), card("n")
    anki = side(
        {
            1: record(same, (11,)),
            2: record(card("e", answer="<p>old</p>"), (21,)),
            3: record(card("m"), (31, 32)),
        },
        {11: "D", 21: "D", 31: "D", 32: "D::Sub"},
    )
    plan = plan_sync([same, edited, moved, new], anki, set())
    assert plan.unchanged == [same]
    assert plan.update == [(2, edited)]
    assert plan.move == [(moved, [31])]  # only the card that is off its deck
    assert plan.add == [new]
    assert plan.orphans == []


def test_a_card_in_a_filtered_deck_is_not_moved() -> None:
    c = card("f")
    anki = side({1: record(c, (11,))}, {11: "Custom Study Session"}, filtered={11})
    plan = plan_sync([c], anki, set())
    assert plan.move == [] and plan.unchanged == [c]


def test_orphans_are_only_notes_this_vault_made() -> None:
    gone_mine, gone_locked, foreign = card("g1"), card("g2"), card("other")
    anki = side(
        {
            1: record(gone_mine, (11,), mine=True),  # this vault synced it before
            2: record(gone_locked, (21,), mine=False),  # in the vault's lock before this run
            3: record(foreign, (31,), mine=False),  # another vault's note of our note type
        },
        {11: "D", 21: "D", 31: "Elsewhere"},
    )
    plan = plan_sync([], anki, old_guids={"g2"})
    assert [nid for nid, _ in plan.orphans] == [1, 2]


def test_a_card_missing_from_this_run_is_kept_not_orphaned(tmp_path: Path) -> None:
    """Orphans only when the note is gone, or read in full without the card (review1 #1)."""
    for name in ("read.md", "err.md", "skip.md", "excl.md", "yaml.md", "hidden.md"):
        (tmp_path / name).write_text("x")
    problems = [
        Problem("err.md", 3, "error", "deep-nesting", "…; the card is skipped"),
        Problem("skip.md", None, "warning", "too-large", "…; skipped"),
        Problem("yaml.md", 2, "warning", "frontmatter", "…; ignored"),
        Problem("locked", None, "warning", "unreadable", "cannot list folder; skipped"),
        Problem("read.md", 4, "warning", "missing-media", "image not found"),
    ]
    notes = ["err.md", "read.md", "skip.md", "yaml.md"]
    sources = sources_of(tmp_path, notes, ["excl.md"], problems)
    cards = {n: card(n.removesuffix(".md")) for n in ("read", "err", "skip", "excl", "yaml")}
    gone, hidden, folder = card("gone"), card("hidden"), card("locked/in")
    everything = [*cards.values(), gone, hidden, folder]
    anki = side({i: record(c, (i * 10,)) for i, c in enumerate(everything, 1)}, {})
    plan = plan_sync([], anki, set(), sources)
    assert sorted(r.source for _, r in plan.orphans) == ["gone.md", "read.md"]
    assert {r.source: why for _, r, why in plan.kept} == {
        "err.md": "err.md: had an error this run",
        "skip.md": "skip.md: skipped this run",
        "excl.md": "excl.md: excluded (--exclude)",
        "yaml.md": "yaml.md: its frontmatter was ignored this run",
        "hidden.md": "hidden.md: still in the vault, not read this run",
        "locked/in.md": "locked/in.md: skipped this run",
    }
    # The lock's source counts too: a card last exported from a skipped note is kept.
    moved = NoteRecord("m", "d", (1,), "old place.md", True)
    plan = plan_sync([], side({1: moved}, {}), {"m": "skip.md"}, sources)
    assert plan.orphans == [] and plan.kept[0][2] == "skip.md: skipped this run"
    # An error or a skipped note stops --prune; an ordinary warning does not.
    assert [p.path for p in prune_blockers(problems)] == ["err.md", "skip.md", "locked"]


def test_note_digest_compares_as_anki_stores() -> None:
    nfd = unicodedata.normalize("NFD", "Ответ: é")
    nfc = unicodedata.normalize("NFC", nfd)
    assert nfd != nfc
    assert note_digest("basic", [nfd], ["Tag", "b"]) == note_digest("basic", [nfc], ["b", "tag"])
    assert note_digest("basic", ["x"], []) != note_digest("reversed", ["x"], [])
    assert note_digest("basic", ["x"], []) != note_digest("basic", ["y"], [])


def test_the_record_round_trips_and_a_damaged_one_is_empty(tmp_path: Path) -> None:
    path = state_path(tmp_path, tmp_path / "vault", "http://127.0.0.1:8765")
    assert path != state_path(tmp_path, tmp_path / "vault", "http://127.0.0.1:9999")
    state = SyncState({5: NoteRecord("g", "d", (6, 7), "a/b.md", True)})
    save_state(path, state)
    assert load_state(path) == state
    path.write_text("{not json")
    assert load_state(path) == SyncState()
    path.write_text('{"format": 1, "notes": {"5": ["only", "three", []]}, "media": {}}')
    assert load_state(path) == SyncState()
