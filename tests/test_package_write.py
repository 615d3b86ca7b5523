"""package.write_package writes the collection database row for row as genanki would, and the
zip itself (zipwrite.py), the database deflated in blocks on several threads: the archive is
valid (zipfile reads back every byte, CRCs match), deterministic whatever the core count,
the bytes zipfile writes when the database fits in one block, and real Anki imports it."""

from __future__ import annotations

import io
import itertools
import random
import sqlite3
import warnings
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

import genanki
import pytest
from conftest import AnkiCollection
from helpers import PNG, make_vault

from vault2anki import Options, build
from vault2anki.apkg import package, zipwrite
from vault2anki.apkg.notetypes import model_for
from vault2anki.apkg.package import in_memory, note_fields, write_package
from vault2anki.cards.identity import deck_id
from vault2anki.model import Card, MediaFile

_KINDS = {  # every note type, tags (front matter, inline, nested), three decks
    "a/One.md": "---\ntags: [alpha, beta/gamma]\n---\n# Question one?\n\n## Answer\n\n"
    "Some *text* #inline-tag and ![[pic.png]]\n",
    "a/Two.md": "# Question two?\n\n## Answer\n\n```js\nconst x = 1;\n```\n\n![[shape.svg]]\n",
    # c10 before c1: genanki writes a cloze note's cards in its set's order (0, 9, 1), and
    # that order decides the card ids
    "b/sr.md": "#flashcards\n\nThe {{c10::tenth}}, {{c1::first}} and {{c2::second}} deletion.\n\n"
    "Front side:::Back side\n\nPlain question::plain answer\n",
    "c/d/Three.md": "# Question three?\n\n## Answer\n\nA third.\n",
    "pic.png": PNG,
    "shape.svg": '<svg xmlns="http://www.w3.org/2000/svg">' + "<rect/>" * 50 + "</svg>",
}


def _cards(tmp_path: Path) -> tuple[list[Card], list[MediaFile]]:
    vault = make_vault(tmp_path / "vault", _KINDS)
    result = build(Options.of(vault, no_cache=True, no_lock=True, deck_from_folders=True))
    assert {c.kind for c in result.cards} == {"basic", "reversed", "cloze"}
    return result.rendered(), result.media


def _genanki_database(path: Path, cards: list[Card], mod: int) -> None:
    """The reference: genanki's own Package.write_to_db over genanki Notes."""
    decks = []
    for name in sorted({c.deck for c in cards}):
        deck = genanki.Deck(deck_id(name), name)
        for card in (c for c in cards if c.deck == name):
            model, fields = model_for(card.kind), note_fields(card)
            deck.add_note(genanki.Note(model, fields, guid=card.guid, tags=list(card.tags)))
        decks.append(deck)
    conn = sqlite3.connect(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its HTML-tag warning
        genanki.Package(decks).write_to_db(conn.cursor(), mod, itertools.count(mod * 1000))
    conn.commit()
    conn.close()


def test_the_database_is_the_one_genanki_writes(tmp_path: Path) -> None:
    cards, _ = _cards(tmp_path)
    # genanki stamps one time on every note: give ours one too, the newest
    mod = max(c.mod for c in cards) + 7
    cards = [replace(c, mod=mod) for c in cards]
    ours, theirs = tmp_path / "ours.anki2", tmp_path / "theirs.anki2"
    package._write_database(ours, cards, None, None, package.in_memory)
    _genanki_database(theirs, cards, mod)
    with sqlite3.connect(ours) as conn:
        ords = [r[0] for r in conn.execute("SELECT ord FROM cards ORDER BY id")]
    assert 9 in ords and ords != sorted(ords)  # the cloze note's cards, in genanki's order
    assert ours.read_bytes() == theirs.read_bytes()


def test_a_package_imports_into_anki_whole(tmp_path: Path, anki: AnkiCollection) -> None:
    cards, media = _cards(tmp_path)
    output = tmp_path / "deck.apkg"
    write_package(cards, media, output, fields=in_memory)
    counts = anki.import_package(output)
    assert (counts.new, counts.conflicting) == (len(cards), 0)
    by_guid = {c.guid: c for c in cards}
    for note in anki.notes():
        card = by_guid[str(note["guid"])]
        assert note["decks"] == [card.deck]
        assert sorted(str(t) for t in note["tags"]) == sorted(card.tags)  # type: ignore[attr-defined]
        assert note["cards"] == len(package.card_ordinals(card))
    assert anki.media_names() == {m.name for m in media}
    for item in media:
        assert anki.media_bytes(item.name) == item.path.read_bytes()


def test_a_small_package_is_the_bytes_zipfile_writes(tmp_path: Path) -> None:
    """A database under one block is one deflate stream, the one zipfile makes: the archive is
    byte for byte the one `zipfile` writes (`_write_zip64`, the path for huge archives)."""
    cards, media = _cards(tmp_path)
    ours, theirs = tmp_path / "ours.apkg", tmp_path / "theirs.apkg"
    write_package(cards, media, ours, fields=in_memory)
    db = tmp_path / "db.anki2"
    with zipfile.ZipFile(ours) as archive:
        assert archive.testzip() is None
        db.write_bytes(archive.read("collection.anki2"))
        index = archive.read("media").decode()
        stored = {i.filename: i.compress_type for i in archive.infolist()}
    assert db.stat().st_size < zipwrite.BLOCK
    assert set(stored.values()) == {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # png, svg
    package._write_zip64(theirs, db, sorted(media, key=lambda m: m.name), index)
    assert ours.read_bytes() == theirs.read_bytes()


def test_huge_archives_go_through_zipfile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, anki: AnkiCollection
) -> None:
    """Over 65,535 entries or 4 GiB an archive needs Zip64, which only zipfile writes."""
    assert zipwrite.fits(65_535, 4_000_000_000)
    assert not zipwrite.fits(65_536, 1) and not zipwrite.fits(3, 4_290_000_000)
    cards, media = _cards(tmp_path)
    monkeypatch.setattr(zipwrite, "MAX_ENTRIES", 2)
    output = tmp_path / "deck.apkg"
    write_package(cards, media, output, fields=in_memory)
    with zipfile.ZipFile(output) as archive:
        assert archive.testzip() is None and len(archive.namelist()) == 2 + len(media)
    assert anki.import_package(output).new == len(cards)


def _compressible(size: int) -> bytes:
    """Text-like data (deflates ~4:1 like the database) with a fixed seed."""
    rng = random.Random(13)
    words = [f"w{n:03d}".encode() for n in range(300)]
    out = bytearray()
    while len(out) < size:
        out += b" ".join(rng.choices(words, k=64)) + b"\n"
    return bytes(out[:size])


def _archive(data: bytes, threads: int, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setattr(zipwrite, "_threads", lambda: threads)
    buffer = io.BytesIO()
    writer = zipwrite.ZipWriter(buffer)
    writer.write_deflated("collection.anki2", io.BytesIO(data))
    writer.write("media", b"{}", compress=True)
    writer.close()
    return buffer.getvalue()


@pytest.mark.parametrize("size", [0, 1, zipwrite.BLOCK, 3 * zipwrite.BLOCK + 12_345])
def test_a_database_of_many_blocks_reads_back_exactly(
    size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _compressible(size)
    archived = _archive(data, 2, monkeypatch)
    with zipfile.ZipFile(io.BytesIO(archived)) as archive:
        assert archive.testzip() is None  # every entry's CRC-32 checked
        assert archive.namelist() == ["collection.anki2", "media"]
        info = archive.getinfo("collection.anki2")
        assert (info.file_size, info.date_time) == (size, (1980, 1, 1, 0, 0, 0))
        assert archive.read("collection.anki2") == data
    # the same bytes on any number of cores: the blocks do not depend on it
    assert _archive(data, 1, monkeypatch) == _archive(data, 3, monkeypatch) == archived
    if size > zipwrite.BLOCK:
        # priming each block with the one before keeps the size within 0.1% of one stream
        whole = _one_stream_size(data)
        assert info.compress_size < whole * 1.001


def _one_stream_size(data: bytes) -> int:
    deflater = zlib.compressobj(zipwrite.LEVEL, zlib.DEFLATED, -15)
    return len(deflater.compress(data) + deflater.flush())


def test_a_large_package_is_deterministic_and_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, anki: AnkiCollection
) -> None:
    """Small blocks, so this package's database spans many: written twice (on 1 and on 2
    threads), the same bytes; Anki imports every note."""
    monkeypatch.setattr(zipwrite, "BLOCK", 4096)
    cards, media = _cards(tmp_path)
    first, second = tmp_path / "1.apkg", tmp_path / "2.apkg"
    write_package(cards, media, first, fields=in_memory)
    monkeypatch.setattr(zipwrite, "_threads", lambda: 1)
    write_package(cards, media, second, fields=in_memory)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert archive.testzip() is None
        assert archive.getinfo("collection.anki2").file_size > 8 * 4096
    assert anki.import_package(first).new == len(cards)
