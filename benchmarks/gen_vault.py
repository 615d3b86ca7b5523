"""Deterministic synthetic Obsidian vault for the vault2anki benchmarks.

Each note ``NNNNN <slug>.md`` holds ``# <question>?``, ``## Answer`` and ~150 words of answer:
two paragraphs (one with inline code), a bulleted list and an 8-line ```js fenced block. One note
in five embeds a ~5 KB noise PNG via ``![[img-NNNNN.png]]``, written into ``attachments/``.

Note ``i`` is generated from its own RNG seeded by ``(seed, i)``, so a vault's content does not
depend on N: the first 1,000 notes of a 10k vault are byte-identical to a 1k vault.

    python benchmarks/gen_vault.py OUT_DIR --notes N [--seed S]
"""

from __future__ import annotations

import argparse
import random
import re
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

FOLDERS = ("01 Basics", "02 Functions", "03 Async", "04 Browser")
ATTACHMENTS = "attachments"
IMAGE_EVERY = 5  # one note in five embeds an image
# 42x40 RGB noise: 40 rows x (1 filter byte + 126 bytes) = 5,080 raw bytes. Noise does not
# deflate, so the PNG lands at ~5.1 KB, like a small screenshot crop.
IMAGE_WIDTH = 42
IMAGE_HEIGHT = 40

# fmt: off
WORDS = (
    "closure", "scope", "hoisting", "prototype", "event", "loop", "microtask", "promise",
    "callback", "module", "bundler", "render", "state", "effect", "reducer", "context",
    "selector", "component", "element", "attribute", "property", "value", "reference", "object",
    "array", "string", "number", "symbol", "iterator", "generator", "proxy", "reflect", "getter",
    "setter", "class", "instance", "method", "function", "argument", "parameter", "return",
    "throw", "error", "boundary", "stack", "heap", "garbage", "collector", "memory", "leak",
    "timer", "interval", "request", "response", "header", "cookie", "cache", "worker", "thread",
    "queue", "task", "priority", "frame", "layout", "paint", "composite", "style", "sheet",
    "cascade", "specificity", "inheritance", "flexbox", "grid", "viewport", "media", "query",
    "accessibility", "focus", "keyboard", "screen", "reader", "semantic", "landmark", "network",
    "latency", "bandwidth", "compression", "token", "session",
)
FILLER = (
    "the", "a", "an", "of", "in", "on", "for", "with", "when", "while", "because", "so", "that",
    "this", "it", "is", "are", "can", "may",
)
IDENTS = (
    "items", "limit", "total", "count", "node", "value", "key", "index", "cache", "queue",
    "buffer", "result",
)
PROPS = ("size", "weight", "score", "depth", "width", "height", "level", "order")
# fmt: on

QUESTION_TEMPLATES = (
    "What is the difference between {a} and {b}",
    "How does {a} interact with {b}",
    "Why would you prefer {a} over {b}",
    "When should a {a} be replaced by a {b}",
    "What happens to the {a} during {b}",
    "How do you debug a {a} that breaks the {b}",
)


@dataclass(frozen=True)
class GeneratedVault:
    root: Path
    notes: int
    images: int
    bytes_written: int


def png_bytes(rng: random.Random, width: int = IMAGE_WIDTH, height: int = IMAGE_HEIGHT) -> bytes:
    """A valid 8-bit RGB PNG of noise pixels, built with zlib + struct only."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    # Each scanline starts with filter type 0 (None).
    raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit, truecolour, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _sentence(rng: random.Random, words: int) -> str:
    out = [rng.choice(WORDS) if rng.random() < 0.6 else rng.choice(FILLER) for _ in range(words)]
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, words: int, inline_code: bool = False) -> str:
    sentences: list[str] = []
    left = words
    while left > 0:
        n = min(left, rng.randint(8, 14))
        sentences.append(_sentence(rng, n))
        left -= n
    if inline_code:
        # Inline code mid-paragraph, as real answers name APIs: `items.map()`.
        at = rng.randrange(1, len(sentences))
        code = f"`{rng.choice(IDENTS)}.{rng.choice(('map', 'filter', 'then', 'bind'))}()`"
        sentences.insert(at, f"Prefer {code} here.")
    return " ".join(sentences)


def _js_block(rng: random.Random) -> str:
    name = rng.choice(WORDS) + rng.choice(("By", "For", "With")) + rng.choice(WORDS).title()
    prop = rng.choice(PROPS)
    lines = [
        f"function {name}({rng.choice(IDENTS)}, limit) {{",
        "  const result = [];",
        f"  for (const item of {rng.choice(IDENTS)}) {{",
        f"    if (item.{prop} > limit) result.push(item);",
        "  }",
        f"  // {_sentence(rng, 6)}",
        f"  return result.map((x) => x.{prop} * {rng.randint(2, 99)});",
        "}",
    ]
    return "```js\n" + "\n".join(lines) + "\n```"


def _slug(question: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", question.lower()).strip("-")[:60].rstrip("-")


CARD_EVERY_FEW = 20  # in a --few-cards vault, one note in 20 is a question with an answer


def note_text(seed: int, index: int, few_cards: bool = False) -> tuple[str, str, str | None]:
    """(slug, markdown, image name or None) for note ``index`` (1-based).

    `few_cards`: all but one note in CARD_EVERY_FEW lack the `## Answer` heading — the same
    text as prose, as in a Zettelkasten where a few notes are questions. Such notes make no card.
    """
    rng = random.Random(f"{seed}:{index}")  # str seeds are hashed with sha512: stable across runs
    a, b = rng.sample(WORDS, 2)
    question = rng.choice(QUESTION_TEMPLATES).format(a=a, b=b)
    image = f"img-{index:05d}.png" if index % IMAGE_EVERY == 0 else None
    bullets = "\n".join(f"- {_sentence(rng, rng.randint(8, 12))}" for _ in range(4))
    prose = few_cards and index % CARD_EVERY_FEW != 0
    parts = [
        f"# {question}?",
        "## Notes" if prose else "## Answer",
        _paragraph(rng, 50, inline_code=True),
        bullets,
        _paragraph(rng, 55),
    ]
    if image:
        parts.append(f"![[{image}]]")
    parts.append(_js_block(rng))
    return _slug(question), "\n\n".join(parts) + "\n", image


def generate_vault(
    out_dir: Path, notes: int, seed: int = 0, few_cards: bool = False
) -> GeneratedVault:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / ATTACHMENTS).mkdir(exist_ok=True)
    for folder in FOLDERS:
        (out_dir / folder).mkdir(exist_ok=True)
    # Obsidian's own setting for where pasted attachments go; real vaults carry it.
    obsidian = out_dir / ".obsidian"
    obsidian.mkdir(exist_ok=True)
    (obsidian / "app.json").write_text(f'{{"attachmentFolderPath": "{ATTACHMENTS}"}}\n')

    images = 0
    total = 0
    for i in range(1, notes + 1):
        slug, text, image = note_text(seed, i, few_cards)
        path = out_dir / FOLDERS[i % len(FOLDERS)] / f"{i:05d} {slug}.md"
        data = text.encode()
        path.write_bytes(data)
        total += len(data)
        if image:
            png = png_bytes(random.Random(f"{seed}:img:{i}"))
            (out_dir / ATTACHMENTS / image).write_bytes(png)
            total += len(png)
            images += 1
    return GeneratedVault(out_dir, notes, images, total)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path, help="vault directory to create (may exist)")
    parser.add_argument("--notes", type=int, default=1000, help="number of notes (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="RNG seed (default 0)")
    parser.add_argument("--few-cards", action="store_true", help="one note in 20 is a card")
    args = parser.parse_args(argv)
    if args.notes < 1:
        parser.error("--notes must be >= 1")
    vault = generate_vault(args.out_dir, args.notes, args.seed, args.few_cards)
    print(
        f"{vault.root}: {vault.notes} notes, {vault.images} images, "
        f"{vault.bytes_written / 1e6:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
