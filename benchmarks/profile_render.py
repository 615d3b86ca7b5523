"""Per-card cost of the render stage (Markdown → card HTML, highlighting included), this tree
against another, measured in one run.

    python benchmarks/profile_render.py [--notes 1000] [--rounds 3] [--against SRC] [--profile]

Over the same synthetic notes (gen_vault.note_text), timed on one core:

  floor       markdown-it-py alone, CommonMark preset, on the answer (no highlighting)
  renderer    our Renderer (engine + every Obsidian plugin + Pygments) on question + answer
  note        NoteWorker.render: read, split into cards, deck, render, identify, deps

`--against SRC` runs `renderer` and `note` on another checkout's `src/` too (a `git worktree`
of the previous version), alternating with this tree `--rounds` times in separate processes,
and prints each tree's median and the ratio. `--profile` prints cProfile's top functions (by own
time) for this tree's `note` stage, grouped by package.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from gen_vault import generate_vault, note_text

REPO_ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent


def _answers(n: int) -> list[tuple[str, str]]:
    out = []
    for i in range(1, n + 1):
        _, text, _ = note_text(0, i)
        head, _, answer = text.partition("\n\n## Answer\n\n")
        out.append((head.removeprefix("# "), answer))
    return out


def _per_card(fn: Any, items: list[Any]) -> float:
    fn(items[0])  # warm-up: builds, imports, lexer caches
    t0 = time.process_time()
    for item in items:
        fn(item)
    return (time.process_time() - t0) / len(items) * 1000


def _groups(stats: pstats.Stats) -> dict[str, float]:
    own: dict[str, float] = defaultdict(float)
    for (path, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        for name in ("pygments", "markdown_it", "mdit_py_plugins", "vault2anki", "markdown"):
            if f"/{name}/" in path:
                own[name] += tottime
                break
        else:
            own["other (stdlib, re, pickle...)"] += tottime
    return own


def measure(notes: int, profile: bool = False) -> dict[str, float]:
    """ms per card of each stage, in this process (the tree on sys.path)."""
    from vault2anki.export.parallel import NoteWorker
    from vault2anki.options import Options
    from vault2anki.render.renderer import Renderer
    from vault2anki.vault.walk import walk_vault

    cards = _answers(notes)
    renderer = Renderer()
    out = {
        "renderer": _per_card(lambda qa: (renderer.render(qa[0]), renderer.render(qa[1])), cards)
    }
    with tempfile.TemporaryDirectory() as tmp:
        vault_dir = Path(tmp) / "v"
        generate_vault(vault_dir, notes)
        vault = walk_vault(vault_dir)
        worker = NoteWorker(vault, Options.of(vault_dir, no_cache=True), None)
        rels = list(vault.markdown)
        out["note"] = _per_card(worker.render, rels)
        if profile:
            _profile(worker, rels)
    return out


def _profile(worker: Any, rels: list[str]) -> None:
    prof = cProfile.Profile()
    prof.enable()
    for rel in rels:
        worker.render(rel)
    prof.disable()
    stats = pstats.Stats(prof)
    total = sum(_groups(stats).values())
    print(f"\nown time by package ({total:.2f} s over {len(rels)} notes):", file=sys.stderr)
    for name, secs in sorted(_groups(stats).items(), key=lambda kv: -kv[1]):
        print(f"  {name:<30} {secs:6.2f} s  {secs / total:5.1%}", file=sys.stderr)
    stats.stream = sys.stderr  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(25)


def floor(notes: int) -> float:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    return _per_card(lambda qa: md.render(qa[1]), _answers(notes))


def _run_tree(src: Path, notes: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{HERE}"}
    child = subprocess.run(
        [sys.executable, str(Path(__file__)), "--child", "--notes", str(notes)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, float] = json.loads(child.stdout.splitlines()[-1])
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout's src/ to compare with")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.notes)))
        return 0
    trees = {"this": REPO_ROOT / "src"}
    if args.against is not None:
        trees["against"] = args.against.resolve()
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(args.rounds):
        for name, src in trees.items():  # alternating: drift on a shared box hits both
            runs[name].append(_run_tree(src, args.notes))
    print(f"floor (markdown-it-py alone)  {floor(args.notes):6.3f} ms/card")
    for stage in ("renderer", "note"):
        medians = {n: statistics.median(r[stage] for r in rs) for n, rs in runs.items()}
        line = "  ".join(f"{n} {ms:6.3f}" for n, ms in medians.items())
        ratio = (
            f"  ratio {medians['this'] / medians['against']:.2f}" if "against" in medians else ""
        )
        print(f"{stage:<10} ms/card (CPU, median of {args.rounds})  {line}{ratio}")
    if args.profile:
        sys.path.insert(0, str(REPO_ROOT / "src"))
        measure(args.notes, profile=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
