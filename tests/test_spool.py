"""export_vault streams the cards' HTML through a CardSpool (spool.py) instead of holding it:
the package is the bytes the in-memory path writes, real Anki gets every field whole, and the
spool never outlives the export. (Memory itself is measured by benchmarks/, not here.)"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import AnkiCollection
from helpers import PNG, make_vault

from vault2anki import Options, build, export_vault, plan_export, write_export
from vault2anki.apkg.package import card_ordinals, note_fields
from vault2anki.export import parallel
from vault2anki.export import run as api
from vault2anki.export.packed import Entry, Packed
from vault2anki.export.spool import CardSpool
from vault2anki.export.store import MemoryStore
from vault2anki.model import Card, CardRef, HtmlAt

# Each answer ~12 KB of HTML: 80 notes are ~1 MB, past the spool's page cache, so the rows
# really go through the temporary file.
_PARAGRAPH = "Some **bold** words, `code`, and a [[Note 1|link]] in a long paragraph. " * 6


def _note(i: int) -> str:
    body = "\n\n".join(f"{_PARAGRAPH} ({i}.{n})" for n in range(12))
    code = "\n".join(f"const v{n} = {i} * {n};" for n in range(20))
    return f"# Question {i}?\n\n## Answer\n\n{body}\n\n```js\n{code}\n```\n"


@pytest.fixture
def big_vault(tmp_path: Path) -> Path:
    files: dict[str, str | bytes] = {
        f"{'ab'[i % 2]}/Note {i}.md": _note(i) for i in range(80)
    }  # two folders: two decks with deck_from_folders
    files["a/Note 3.md"] = _note(3) + "\n![[pic.png]]\n"
    files["b/sr.md"] = (
        "#flashcards\n\nThe {{c1::first}} and the {{c2::second}} deletion.\n\n"
        "Front side:::Back side\n\nPlain question::plain answer\n"
    )
    files["pic.png"] = PNG
    return make_vault(tmp_path / "vault", files)


@pytest.fixture
def pooled(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker pool even for a small vault: notes arrive out of order, from two processes."""
    monkeypatch.setattr(parallel, "MIN_NOTES_PER_JOB", 1)
    monkeypatch.setattr(parallel, "CHUNK_NOTES", 7)


def _in_memory(options: Options) -> bytes:
    write_export(plan_export(options), options)
    assert options.run.output is not None
    return options.run.output.read_bytes()


@pytest.mark.usefixtures("pooled")
@pytest.mark.parametrize("jobs", [1, 2])
def test_the_streamed_package_is_the_in_memory_one(
    big_vault: Path, tmp_path: Path, jobs: int
) -> None:
    opts = {"jobs": jobs, "deck_from_folders": True, "cache_dir": tmp_path / "cache"}
    streamed = Options.of(big_vault, output=tmp_path / "streamed.apkg", **opts)
    result = export_vault(streamed)  # cold: every note from the workers; writes the lock
    assert all(isinstance(c, CardRef) for c in result.cards)
    assert result.cache_misses == result.note_files
    memory = Options.of(big_vault, output=tmp_path / "memory.apkg", no_cache=True, **opts)
    assert _in_memory(memory) == (tmp_path / "streamed.apkg").read_bytes()
    # warm: every note from the render cache, spooled in this process
    warm = export_vault(streamed.replace(output=tmp_path / "warm.apkg"))
    assert warm.cache_hits == warm.note_files
    assert (tmp_path / "warm.apkg").read_bytes() == (tmp_path / "memory.apkg").read_bytes()
    # The package cache gone: written again, each note's HTML read from the render cache.
    for package in (tmp_path / "cache").rglob("packages/*"):
        package.unlink()
    rewritten = export_vault(streamed.replace(output=tmp_path / "rewritten.apkg"))
    assert rewritten.cache_hits == rewritten.note_files
    assert (tmp_path / "rewritten.apkg").read_bytes() == (tmp_path / "memory.apkg").read_bytes()


def test_one_note_edited_rewrites_the_package_from_both_sources(
    big_vault: Path, tmp_path: Path
) -> None:
    """The edited note's HTML comes from the worker through the spool, the others' from the
    render cache: the package is the one an export without any cache writes."""
    opts = {"jobs": 1, "no_lock": True, "cache_dir": tmp_path / "cache"}
    export_vault(Options.of(big_vault, output=tmp_path / "first.apkg", **opts))
    edited = big_vault / "b" / "Note 5.md"
    edited.write_text(_note(5).replace("Question 5?", "Question five?"), encoding="utf-8")
    result = export_vault(Options.of(big_vault, output=tmp_path / "second.apkg", **opts))
    assert (result.cache_hits, result.cache_misses) == (result.note_files - 1, 1)
    plain = Options.of(big_vault, output=tmp_path / "plain.apkg", no_cache=True, no_lock=True)
    assert (tmp_path / "second.apkg").read_bytes() == _in_memory(plain)


@pytest.mark.parametrize("damage", ["delete", "other"])
def test_a_render_cache_changed_before_the_write_stops_the_export(
    big_vault: Path, tmp_path: Path, damage: str
) -> None:
    """Hits' HTML is read from the render cache when the package is written: if it is gone
    or other by then (deleted, re-rendered by another export), nothing is written."""
    options = Options.of(big_vault, output=tmp_path / "d.apkg", cache_dir=tmp_path / "cache")
    export_vault(options)
    before = (tmp_path / "d.apkg").read_bytes()
    for package in (tmp_path / "cache").rglob("packages/*"):
        package.unlink()
    [database] = (tmp_path / "cache").rglob("*.sqlite3")
    with CardSpool() as spool:
        result = plan_export(options, store=spool)
        assert result.cache_hits == result.note_files
        with sqlite3.connect(database) as db:
            if damage == "delete":
                db.execute("DELETE FROM entry")
            else:
                db.execute("UPDATE entry SET html = ?", (pickle.dumps([("x", "y", "z")]),))
        db.close()
        with pytest.raises(api.Vault2AnkiError, match=r"render cache .* changed while this"):
            write_export(result, options)
    assert (tmp_path / "d.apkg").read_bytes() == before  # the previous deck intact


def test_the_example_vault_streams_to_the_same_bytes(example_vault: Path, tmp_path: Path) -> None:
    """Every card kind and layout the example vault shows, without a lock (mods from files)."""
    kw = {"no_lock": True, "no_cache": True, "deck_from_folders": True}
    export_vault(Options.of(example_vault, output=tmp_path / "s.apkg", **kw))
    memory = _in_memory(Options.of(example_vault, output=tmp_path / "m.apkg", **kw))
    assert (tmp_path / "s.apkg").read_bytes() == memory


@pytest.mark.usefixtures("pooled")
def test_large_cards_reach_anki_with_every_field_whole(big_vault: Path, tmp_path: Path) -> None:
    options = Options.of(big_vault, output=tmp_path / "deck.apkg", no_lock=True, jobs=2)
    result = export_vault(options)
    rendered = {c.guid: c for c in build(Options.of(big_vault, no_cache=True)).rendered()}
    assert {c.guid for c in result.cards} == rendered.keys()
    (tmp_path / "anki").mkdir()
    anki = AnkiCollection(tmp_path / "anki" / "collection.anki2")
    try:
        counts = anki.import_package(tmp_path / "deck.apkg")
        assert (counts.new, counts.conflicting) == (len(rendered), 0)
        seen = 0
        for nid in anki.col.find_notes(""):
            note = anki.col.get_note(nid)
            card = rendered[note.guid]
            assert [value for _, value in note.items()] == note_fields(card)
            assert sorted(c.ord for c in note.cards()) == card_ordinals(card)
            seen += 1
        assert seen == len(rendered)
        assert len(note_fields(rendered[next(iter(rendered))])[1]) > 10_000  # large indeed
    finally:
        anki.close()
    # the counts the CLI prints come from the CardRefs: the cards Anki made
    light = sum(len(c.ordinals) for c in result.cards)
    assert light == sum(len(card_ordinals(c)) for c in rendered.values()) == len(rendered) + 2


def test_a_card_ref_gets_its_html_from_either_store(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v", {"n.md": "# Q?\n## Answer\nA *b*\n"})
    [card] = build(Options.of(vault, no_cache=True)).rendered()
    packed = Packed.of(Entry([], [card], []))
    [ref] = packed.refs()
    assert ref.html == HtmlAt("n.md", 0) and ref.ordinals == (0,) == tuple(card_ordinals(card))
    assert ref.rendered(*packed.html_fields()[0]) == card
    with CardSpool() as spool, MemoryStore() as memory:
        for store in (spool, memory):
            store.put("n.md", packed)
            assert next(store.refs(["n.md"])) == [ref]
            assert list(store.fields([ref])) == [note_fields(card)]
            assert store.rendered([ref]) == [card]
        other = ref._replace(html=HtmlAt("elsewhere.md", 0))
        for store in (spool, memory):
            with pytest.raises(ValueError, match="not in th"):
                list(store.fields([other]))
        with pytest.raises(ValueError, match="already"):
            spool.put("n.md", packed)
    with pytest.raises(RuntimeError, match="closed"):
        list(spool.fields([ref]))


def test_each_card_of_a_note_gets_its_own_fields_back(tmp_path: Path) -> None:
    text = "".join(f"# Q{i}?\n## Answer\nA{i} *b*\n\n" for i in range(3))
    vault = make_vault(tmp_path / "v", {"a.md": text, "b.md": "# Q?\n## Answer\nB\n"})
    cards = build(Options.of(vault, no_cache=True)).rendered()
    by_note: dict[str, list[Card]] = {}
    for card in cards:
        by_note.setdefault(card.source, []).append(card)
    with CardSpool() as spool:
        for rel, group in by_note.items():
            spool.put(rel, Packed.of(Entry([], group, [])))
        refs = [card for group in spool.refs(list(by_note)) for card in group]
        assert [c.html for c in refs] == [("a.md", 0), ("a.md", 1), ("a.md", 2), ("b.md", 0)]
        # any order, as the package writer asks (by deck): each card its own fields
        shuffled = refs[::-1]
        assert list(spool.fields(shuffled)) == [note_fields(c) for c in cards[::-1]]


class _Recorded(CardSpool):
    made: ClassVar[list[CardSpool]] = []

    def __init__(self) -> None:
        super().__init__()
        self.made.append(self)


def _spool_files() -> set[str]:
    """Open SQLite temporary files of this process (the spool's is unlinked but open)."""
    fds = Path("/proc/self/fd")
    found = set()
    for fd in fds.iterdir() if fds.is_dir() else ():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if "etilqs_" in target:
            found.add(target)
    return found


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[CardSpool]]:
    _Recorded.made = []
    monkeypatch.setattr(api, "CardSpool", _Recorded)
    before = _spool_files()
    yield _Recorded.made
    assert _spool_files() == before  # nothing of a spool still open (on Linux: /proc)


def test_the_spool_is_gone_after_an_export(
    big_vault: Path, tmp_path: Path, recorded: list[CardSpool]
) -> None:
    export_vault(Options.of(big_vault, output=tmp_path / "d.apkg", no_lock=True, no_cache=True))
    [spool] = recorded
    with pytest.raises(RuntimeError, match="closed"):
        spool.db  # noqa: B018


def test_the_spool_is_gone_after_a_failed_export(
    big_vault: Path, tmp_path: Path, recorded: list[CardSpool]
) -> None:
    (tmp_path / "taken").mkdir()  # -o names a folder: the write fails after rendering
    with pytest.raises(api.Vault2AnkiError, match="not a regular file"):
        export_vault(Options.of(big_vault, output=tmp_path / "taken", no_lock=True))
    [spool] = recorded
    with pytest.raises(RuntimeError, match="closed"):
        spool.db  # noqa: B018
