"""Per-card rendering cost, one process: bare Python-Markdown vs vault2anki's whole note path.

    python benchmarks/profile_render.py [--notes 1000] [--top 25] [--profile]

Stages, each over the same synthetic notes (gen_vault.note_text), timed on one core:

  bare        markdown.Markdown(extensions=["fenced_code", "codehilite"]) on the answer
  bare+pymdownx  the same with pymdownx.superfences + our fast_highlight (the fence path we use)
  renderer    our Renderer (every Obsidian extension) on question + answer
  note        NoteWorker.render: read, split into cards, deck, render, digest, deps

`--profile` prints cProfile's top functions (by own time) for the `note` stage, grouped as
pygments / markdown / pymdownx / vault2anki. Not part of run.py: a tool for finding where a
card's milliseconds go.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from gen_vault import generate_vault, note_text

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "src"))


def _answers(n: int) -> list[tuple[str, str]]:
    out = []
    for i in range(1, n + 1):
        _, text, _ = note_text(0, i)
        head, _, answer = text.partition("\n\n## Answer\n\n")
        out.append((head.removeprefix("# "), answer))
    return out


def _per_card(label: str, fn: Any, items: list[Any]) -> float:
    fn(items[0])  # warm-up: builds, imports, lexer caches
    t0 = time.perf_counter()
    for item in items:
        fn(item)
    ms = (time.perf_counter() - t0) / len(items) * 1000
    print(f"{label:<16} {ms:6.2f} ms/card")
    return ms


def _groups(stats: pstats.Stats) -> dict[str, float]:
    own: dict[str, float] = defaultdict(float)
    for (path, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        for name in ("pygments", "pymdownx", "vault2anki", "markdown", "genanki"):
            if f"/{name}/" in path:
                own[name] += tottime
                break
        else:
            own["other (stdlib, re, pickle...)"] += tottime
    return own


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    import markdown

    from vault2anki.export.parallel import NoteWorker
    from vault2anki.options import Options
    from vault2anki.render.renderer import Renderer
    from vault2anki.vault.walk import walk_vault

    cards = _answers(args.notes)
    bare = markdown.Markdown(extensions=["fenced_code", "codehilite"])
    fences = markdown.Markdown(
        extensions=["pymdownx.superfences", "vault2anki.render.mdext.fast_highlight"],
        extension_configs={"vault2anki.render.mdext.fast_highlight": {"css_class": "highlight"}},
    )
    renderer = Renderer()
    _per_card("bare", lambda qa: bare.reset().convert(qa[1]), cards)
    _per_card("bare+pymdownx", lambda qa: fences.reset().convert(qa[1]), cards)
    _per_card("renderer", lambda qa: (renderer.render(qa[0]), renderer.render(qa[1])), cards)

    with tempfile.TemporaryDirectory() as tmp:
        vault_dir = Path(tmp) / "v"
        generate_vault(vault_dir, args.notes)
        vault = walk_vault(vault_dir)
        worker = NoteWorker(vault, Options.of(vault_dir, no_cache=True), None)
        rels = list(vault.markdown)
        _per_card("note", worker.render, rels)
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            for rel in rels:
                worker.render(rel)
            prof.disable()
            stats = pstats.Stats(prof)
            total = sum(_groups(stats).values())
            print(f"\nown time by package ({total:.2f} s over {len(rels)} notes):")
            for name, secs in sorted(_groups(stats).items(), key=lambda kv: -kv[1]):
                print(f"  {name:<30} {secs:6.2f} s  {secs / total:5.1%}")
            print()
            stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
