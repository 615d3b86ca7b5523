"""The floor: the least work any exporter must do for a vault — read it, hand genanki the raw
question/answer text (no Markdown rendering) and the embedded media, write the package.

The exporter's time divided by this time is the "ratio to floor" in run.py's table.

    python benchmarks/floor.py VAULT OUT.apkg
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import genanki

# Hard-coded ids: Anki matches note types by id and decks by name; random ids would make every
# floor package a new note type. Arbitrary values, chosen once.
FLOOR_MODEL_ID = 1_734_117_101
FLOOR_DECK_ID = 1_734_117_102

FLOOR_MODEL = genanki.Model(
    FLOOR_MODEL_ID,
    "vault2anki floor",
    fields=[{"name": "Question"}, {"name": "Answer"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Question}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}',
        }
    ],
)

ANSWER_HEADING = re.compile(r"^## Answer[ \t]*$", re.MULTILINE)
EMBED = re.compile(r"!\[\[([^\]|#]+)(?:[|#][^\]]*)?\]\]")  # ![[name.png]], ![[name.png|600]]


@dataclass(frozen=True)
class QA:
    rel_path: str
    question: str
    answer: str
    media: tuple[str, ...]


@dataclass(frozen=True)
class FloorResult:
    cards: int
    media: int
    seconds: float  # read + build + write
    read_seconds: float
    write_seconds: float


def read_vault(vault: Path) -> list[QA]:
    """Notes shaped like gen_vault's output: ``# question`` line, then ``## Answer``, then body."""
    # Media are resolved by bare file name anywhere in the vault (Obsidian's shortest-path rule,
    # simplified: the synthetic vault has unique names).
    files: dict[str, Path] = {}
    notes: list[Path] = []
    for path in sorted(vault.rglob("*")):
        rel = path.relative_to(vault)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.suffix == ".md":
            notes.append(path)
        else:
            files.setdefault(path.name, path)

    out: list[QA] = []
    for path in notes:
        text = path.read_text(encoding="utf-8")
        match = ANSWER_HEADING.search(text)
        if match is None:
            continue  # not a card
        question = text[: match.start()].strip().removeprefix("# ").strip()
        answer = text[match.end() :].strip()
        media = tuple(
            str(files[name]) for name in dict.fromkeys(EMBED.findall(answer)) if name in files
        )
        out.append(QA(path.relative_to(vault).as_posix(), question, answer, media))
    return out


def write_floor(vault: Path, output: Path) -> FloorResult:
    t0 = time.perf_counter()
    qas = read_vault(vault)
    t1 = time.perf_counter()
    deck = genanki.Deck(FLOOR_DECK_ID, "vault2anki floor")
    media: list[str] = []
    for qa in qas:
        # Path-based GUID: the cheapest stable identity (genanki's default hashes all fields).
        deck.add_note(
            genanki.Note(
                model=FLOOR_MODEL,
                fields=[qa.question, qa.answer],
                guid=genanki.guid_for(qa.rel_path),
            )
        )
        media.extend(qa.media)
    t2 = time.perf_counter()
    genanki.Package(deck, media_files=media).write_to_file(str(output))
    t3 = time.perf_counter()
    return FloorResult(
        cards=len(qas),
        media=len(media),
        seconds=t3 - t0,
        read_seconds=t1 - t0,
        write_seconds=t3 - t2,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the genanki floor for a vault.")
    parser.add_argument("vault", type=Path)
    parser.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    r = write_floor(args.vault, args.output)
    print(
        f"floor: {r.cards} cards, {r.media} media in {r.seconds:.3f} s "
        f"(read {r.read_seconds:.3f} s, write {r.write_seconds:.3f} s), "
        f"{r.cards / r.seconds:,.0f} cards/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
