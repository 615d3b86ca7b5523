"""Every kind of media a note embeds, through a real Anki import: audio and video become
`[sound:…]` that Anki's backend lists as what the card plays, images (`webp`, `avif`, `gif`,
`svg`) are `<img>`s, and each file is in the collection's media folder with its vault bytes;
a PDF is a link that opens it in Obsidian and stays out of the package. Both embed forms,
`![[…]]` and `![](…)`, and names as vaults have them (spaces, capitals, Cyrillic, folders)."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import AnkiCollection
from helpers import make_vault

from vault2anki import Options, export_vault

# (vault path, how the answer embeds it): played files, in the order the answer writes them.
PLAYED = [
    ("Audio/Hello World.mp3", "![[Hello World.mp3]]"),
    ("Audio/Произношение слова.ogg", "![](Audio/Произношение%20слова.ogg)"),
    ("Audio/Voice Memo 2024.M4A", "![[Voice Memo 2024.M4A]]"),
    ("attachments/Recording 20240101120000.wav", "![](<attachments/Recording 20240101120000.wav>)"),
    ("Music/Тема.flac", "![[Music/Тема.flac]]"),
    ("Video/Демо Клип.mp4", "![[Демо Клип.mp4]]"),
    ("Video/Screen Capture.webm", "![capture](Video/Screen%20Capture.webm)"),
]
SHOWN = [
    ("img/Схема.webp", "![[Схема.webp]]"),
    ("img/Photo 1.AVIF", "![photo](img/Photo%201.AVIF)"),
    ("img/Loading Spinner.gif", "![[Loading Spinner.gif|64]]"),
    # A script inside an SVG file runs only when the SVG is inline or a document of its own.
    ("img/Диаграмма.svg", "![[Диаграмма.svg]]"),
]
LINKED = [
    ("Лекции/Лекция 1.pdf", "![[Лекция 1.pdf]]"),
    ("docs/Slides Final.pdf", "![slides](docs/Slides%20Final.pdf)"),
]
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" onload="alert(1)">'
    b'<script>alert(2)</script><rect width="20" height="20" fill="teal"/></svg>'
)


def _bytes(rel: str) -> bytes:
    """Distinct content per file, so a mix-up of two files shows."""
    return SVG if rel.endswith(".svg") else f"bytes of {rel}".encode()


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    files: dict[str, str | bytes] = {rel: _bytes(rel) for rel, _ in PLAYED + SHOWN + LINKED}
    question = "# Как это звучит? ![[Hello World.mp3]]\n"
    answer = "\n\n".join(embed for _, embed in PLAYED + SHOWN + LINKED)
    files["Слова/Произношение.md"] = f"{question}## Answer\n{answer}\n"
    return make_vault(tmp_path / "Мой Vault", files)


def _card(vault: Path, tmp_path: Path, anki: AnkiCollection) -> Any:
    out = tmp_path / "deck.apkg"
    result = export_vault(Options.of(vault, output=out, no_lock=True))
    assert result.problems == []
    with zipfile.ZipFile(out) as archive:  # a PDF is linked, never packaged
        packaged = json.loads(archive.read("media")).values()
    assert packaged and not [n for n in packaged if n.lower().endswith(".pdf")]
    assert anki.import_package(out).new == 1
    [cid] = anki.col.find_cards("")
    return anki.col.get_card(cid)


def test_each_kind_lands_in_anki_as_anki_plays_or_shows_it(
    vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    card = _card(vault, tmp_path, anki)
    note = card.note()
    answer = note["Answer"]
    played = re.findall(r"\[sound:([^\]]+)\]", answer)
    assert len(played) == len(PLAYED), answer
    # What Anki's backend plays: the answer side's sounds and videos, in the order written
    assert [t.filename for t in card.answer_av_tags()] == played
    assert [t.filename for t in card.question_av_tags()] == [played[0]]
    shown = re.findall(r'<img [^>]*src="([^"]+)"', answer)
    assert len(shown) == len(SHOWN), answer
    assert 'width="64"' in answer and "<svg" not in answer
    for (rel, _), name in zip(PLAYED + SHOWN, played + shown, strict=True):
        assert name in anki.media_names(), (rel, name)
        assert anki.media_bytes(name) == _bytes(rel), rel
    assert not [n for n in anki.media_names() if n.lower().endswith(".pdf")]


def test_a_pdf_embed_is_a_link_that_opens_it_in_obsidian(
    vault: Path, tmp_path: Path, anki: AnkiCollection
) -> None:
    answer = _card(vault, tmp_path, anki).note()["Answer"]
    links = re.findall(r'<a class="attachment" href="([^"]+)">([^<]+)</a>', answer)
    opened = [
        (urlsplit(html.unescape(url)).scheme, parse_qs(urlsplit(html.unescape(url)).query), text)
        for url, text in links
    ]
    assert opened == [
        ("obsidian", {"vault": ["Мой Vault"], "file": ["Лекции/Лекция 1.pdf"]}, "Лекция 1.pdf"),
        ("obsidian", {"vault": ["Мой Vault"], "file": ["docs/Slides Final.pdf"]}, "slides"),
    ]
