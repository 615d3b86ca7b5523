"""vault2anki benchmark harness: floor vs cold vs warm export, plus the real corpora.

    python benchmarks/run.py [--sizes 1000 10000] [--corpora ../shared/corpora] [--json out.json]

For each N a synthetic vault is generated into a temp dir (not timed). Then, each in a fresh
subprocess (so ru_maxrss is that case's own peak RSS):

  floor  genanki writing raw Q/A text + media, no Markdown (benchmarks/floor.py)
  cold   export_vault with an empty, fresh cache dir
  warm   export_vault again, same cache dir, nothing changed

Stdlib + genanki only; vault2anki is imported in the child processes, from this checkout's src/.
See benchmarks/README.md for the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gen_vault import generate_vault  # benchmarks/ is sys.path[0] when run as a script

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
CASE_SCRIPT = BENCH_DIR / "case.py"
MARKER = "BENCH-RESULT "
DEFAULT_CORPORA = REPO_ROOT.parent / "shared" / "corpora"

# Targets at N = 10,000 on a 2-core machine (see README.md).
TARGET_N = 10_000
TARGET_COLD_CPS = 1_000
TARGET_COLD_CPS_STRETCH = 1_500
TARGET_WARM_CPS = 5_000
TARGET_RSS_MB = 150
TARGET_SCALING = 11.0


@dataclass
class Row:
    case: str  # floor | cold | warm | corpus
    n: int | str  # notes generated, or corpus name
    cards: int | None = None
    seconds: float | None = None  # median over --repeat runs
    cards_per_s: float | None = None
    ratio_to_floor: float | None = None
    peak_rss_mb: float | None = None  # max over runs, the case process itself
    child_peak_rss_mb: float | None = None  # largest single descendant (e.g. a pool worker)
    tree_peak_rss_mb: float | None = None  # sampled sum over the case's process tree
    tree_peak_pss_mb: float | None = None  # the same in PSS: shared pages counted once
    error: str | None = None
    runs: list[dict[str, Any]] = field(default_factory=list)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _tree_rss_kb(root: int) -> tuple[int, int]:
    """Current (RSS, PSS) of ``root`` and all its descendants, in KiB, from /proc (Linux).

    Summed RSS counts a page shared by a forked worker and its parent once per process; PSS
    splits each shared page between its sharers, so its sum is the memory the tree really uses.
    """
    total = pss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        total += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
                        break
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue  # the process exited between listing and reading
    return total, pss


class TreeRssSampler(threading.Thread):
    """Samples the summed RSS of a process tree. ru_maxrss only sees one process at a time
    (RUSAGE_CHILDREN is the largest single child), so a pool of workers next to the parent
    would be under-counted; polling can miss sub-interval spikes, so it is a lower bound."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self.peak_pss_kb = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            rss, pss = _tree_rss_kb(self.pid)
            self.peak_kb = max(self.peak_kb, rss)
            self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self._stop_event.wait(self.interval)

    def stop(self) -> tuple[float, float]:
        self._stop_event.set()
        self.join()
        return self.peak_kb / 1024, self.peak_pss_kb / 1024


def run_case(args: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run case.py in a fresh interpreter; return its BENCH-RESULT payload (or an error)."""
    cmd = [sys.executable, str(CASE_SCRIPT), *args]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO_ROOT,
    )
    sampler = TreeRssSampler(proc.pid)
    sampler.start()
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        sampler.stop()
        return {"error": f"timed out after {timeout:.0f} s"}
    tree_mb, tree_pss_mb = sampler.stop()
    lines = [ln for ln in stdout.splitlines() if ln.startswith(MARKER)]
    if not lines:
        tail = (stderr or stdout).strip().splitlines()[-5:]
        return {"error": f"exit {proc.returncode}, no result: " + " | ".join(tail)}
    payload: dict[str, Any] = json.loads(lines[-1][len(MARKER) :])
    payload["tree_peak_rss_mb"] = tree_mb
    payload["tree_peak_pss_mb"] = tree_pss_mb
    if proc.returncode != 0 and "error" not in payload:
        payload["error"] = f"exit {proc.returncode}"
    if stderr.strip():
        # Exporter warnings are worth keeping in the JSON, but not in the table.
        payload["stderr_tail"] = stderr.strip().splitlines()[-10:]
    return payload


def aggregate(case: str, n: int | str, runs: list[dict[str, Any]]) -> Row:
    row = Row(case=case, n=n, runs=runs)
    errors = [r["error"] for r in runs if "error" in r]
    if errors:
        row.error = errors[0]
        return row
    row.cards = runs[0].get("cards")
    row.seconds = statistics.median(r["seconds"] for r in runs)
    if row.cards is not None and row.seconds > 0:
        row.cards_per_s = row.cards / row.seconds
    row.peak_rss_mb = max(r["peak_rss_mb"] for r in runs)
    row.child_peak_rss_mb = max(r.get("child_peak_rss_mb", 0.0) for r in runs)
    row.tree_peak_rss_mb = max(r.get("tree_peak_rss_mb", 0.0) for r in runs)
    row.tree_peak_pss_mb = max(r.get("tree_peak_pss_mb", 0.0) for r in runs)
    return row


def export_args(vault: Path, output: Path, cache_dir: Path, opts: argparse.Namespace) -> list[str]:
    args = ["export", str(vault), str(output), "--cache-dir", str(cache_dir)]
    if opts.jobs is not None:
        args += ["--jobs", str(opts.jobs)]
    for item in opts.set:
        args += ["--set", item]
    return args


def case_env(cache_home: Path) -> dict[str, str]:
    # If the exporter falls back to a default cache under XDG_CACHE_HOME (e.g. when
    # ExportOptions has no cache_dir yet), point it at a fresh dir too: the generator is
    # deterministic, so a cache left by a previous benchmark run would make "cold" warm.
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(cache_home)
    return env


def bench_size(
    n: int, opts: argparse.Namespace, importable: bool, work: Path
) -> tuple[list[Row], float]:
    vault = work / f"vault-{n}"
    t0 = time.perf_counter()
    gen = generate_vault(vault, n, seed=opts.seed)
    gen_s = time.perf_counter() - t0
    log(f"N={n}: generated {gen.notes} notes, {gen.images} images in {gen_s:.1f} s -> {vault}")

    floor_runs: list[dict[str, Any]] = []
    cold_runs: list[dict[str, Any]] = []
    warm_runs: list[dict[str, Any]] = []
    for rep in range(opts.repeat):
        log(f"N={n}: floor (run {rep + 1}/{opts.repeat})")
        floor_out = work / f"floor-{n}.apkg"
        floor_runs.append(
            run_case(["floor", str(vault), str(floor_out)], dict(os.environ), opts.timeout)
        )
        if not importable:
            continue
        # A fresh cache dir per repetition: each cold run really starts empty, and its warm
        # run re-exports against exactly what that cold run left behind.
        cache_dir = work / f"cache-{n}-{rep}"
        cache_home = work / f"xdg-cache-{n}-{rep}"
        cache_dir.mkdir()
        cache_home.mkdir()
        output = work / f"export-{n}.apkg"
        env = case_env(cache_home)
        for label, runs in (("cold", cold_runs), ("warm", warm_runs)):
            log(f"N={n}: {label} export (run {rep + 1}/{opts.repeat})")
            runs.append(run_case(export_args(vault, output, cache_dir, opts), env, opts.timeout))

    rows = [aggregate("floor", n, floor_runs)]
    if importable:
        rows += [aggregate("cold", n, cold_runs), aggregate("warm", n, warm_runs)]
    floor_s = rows[0].seconds
    for row in rows:
        if floor_s and row.seconds is not None:
            row.ratio_to_floor = row.seconds / floor_s
        if row.cards is not None and row.cards != gen.notes:
            log(f"warning: N={n} {row.case} wrote {row.cards} cards, expected {gen.notes}")
    return rows, gen_s


def bench_corpora(corpora: Path, opts: argparse.Namespace, work: Path) -> list[Row]:
    rows: list[Row] = []
    vaults = sorted(p for p in corpora.iterdir() if p.is_dir() and not p.name.startswith("."))
    for vault in vaults:
        cache_dir = work / f"corpus-cache-{vault.name}"
        cache_home = work / f"corpus-xdg-{vault.name}"
        cache_dir.mkdir()
        cache_home.mkdir()
        log(f"corpus {vault.name}: cold export")
        output = work / f"corpus-{vault.name}.apkg"
        # lock=False: the corpora are shared, read-only inputs; an export must not leave a
        # vault2anki.lock in them (ignored by versions of ExportOptions without the field).
        args = [*export_args(vault, output, cache_dir, opts), "--set", "lock=False"]
        payload = run_case(args, case_env(cache_home), opts.timeout)
        rows.append(aggregate("corpus", vault.name, [payload]))
    return rows


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_table(rows: list[Row]) -> None:
    header = (
        "case",
        "N",
        "cards",
        "seconds",
        "cards/s",
        "x floor",
        "peak RSS MB",
        "tree MB",
        "tree PSS MB",
    )
    table = [header]
    for r in rows:
        if r.error:
            table.append((r.case, str(r.n), "error: " + r.error[:70], "", "", "", "", ""))
            continue
        table.append(
            (
                r.case,
                str(r.n),
                fmt(r.cards, "d"),
                fmt(r.seconds, ".3f"),
                fmt(r.cards_per_s, ",.0f"),
                fmt(r.ratio_to_floor, ".2f"),
                fmt(r.peak_rss_mb, ".1f"),
                fmt(r.tree_peak_rss_mb or None, ".1f"),
                fmt(r.tree_peak_pss_mb or None, ".1f"),
            )
        )
    # Error rows print their message across the numeric columns, so they don't set widths.
    ok_rows = [row for row in table if not row[2].startswith("error: ")]
    widths = [max(len(row[i]) for row in ok_rows) for i in range(len(header))]
    for i, row in enumerate(table):
        if row[2].startswith("error: "):
            print(f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]}")
            continue
        cells = [f"{c:<{widths[j]}}" if j == 0 else f"{c:>{widths[j]}}" for j, c in enumerate(row)]
        print("  ".join(cells).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def scaling(rows: list[Row], case: str, small: int, big: int) -> float | None:
    by_n = {r.n: r.seconds for r in rows if r.case == case and r.seconds}
    if small in by_n and big in by_n:
        return by_n[big] / by_n[small]  # type: ignore[operator]
    return None


def check_targets(rows: list[Row], cold_scaling: float | None) -> list[str]:
    """PASS/FAIL lines for the N = 10,000 targets; empty if that size was not run."""
    by_case = {r.case: r for r in rows if r.n == TARGET_N and not r.error}
    lines: list[str] = []

    def check(label: str, ok: bool, detail: str) -> None:
        lines.append(f"  {'PASS' if ok else 'FAIL'}  {label}: {detail}")

    cold, warm = by_case.get("cold"), by_case.get("warm")
    if cold and cold.cards_per_s:
        cps = f"{cold.cards_per_s:,.0f}"
        check("cold >= 1,000 cards/s", cold.cards_per_s >= TARGET_COLD_CPS, cps)
        check("stretch: cold >= 1,500 cards/s", cold.cards_per_s >= TARGET_COLD_CPS_STRETCH, cps)
    if warm and warm.cards_per_s:
        cps = f"{warm.cards_per_s:,.0f}"
        check("warm >= 5,000 cards/s", warm.cards_per_s >= TARGET_WARM_CPS, cps)
    for r in (cold, warm):
        if r and r.peak_rss_mb is not None:
            # With worker processes the whole tree counts: its sampled PSS (pages a forked
            # worker shares with the parent counted once), when larger than the case process's
            # own ru_maxrss. Summed RSS ("tree MB") is shown too, as an upper bound.
            total = max(r.peak_rss_mb, r.tree_peak_pss_mb or 0.0)
            check(f"{r.case} peak RSS <= 150 MB", total <= TARGET_RSS_MB, f"{total:.1f} MB")
    if cold_scaling is not None:
        check("cold 10k/1k time ratio <= 11", cold_scaling <= TARGET_SCALING, f"{cold_scaling:.2f}")
    return lines


def git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=REPO_ROOT, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark vault2anki: floor vs cold vs warm export, plus real corpora."
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], metavar="N")
    parser.add_argument(
        "--corpora",
        type=Path,
        default=DEFAULT_CORPORA,
        help="dir whose subdirs are vaults to export (default: ../shared/corpora from repo root)",
    )
    parser.add_argument("--no-corpora", action="store_true", help="skip the corpora exports")
    parser.add_argument("--json", metavar="PATH", help="also write results as JSON ('-': stdout)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; median reported")
    parser.add_argument("--jobs", type=int, help="pass jobs= to ExportOptions (if it has it)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra ExportOptions field (Python literal or string), if the dataclass has it",
    )
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per case")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (vaults, .apkg)")
    opts = parser.parse_args(argv)
    if opts.repeat < 1 or any(n < 1 for n in opts.sizes):
        parser.error("--repeat and --sizes must be >= 1")
    # With --json -, stdout carries the JSON only; the human table goes to stderr.
    out = sys.stderr if opts.json == "-" else sys.stdout

    probe = run_case(["probe"], dict(os.environ), opts.timeout)
    importable = bool(probe.get("importable"))
    if not importable:
        reason = probe.get("error") or "vault2anki.api lacks ExportOptions/export_vault"
        print(f"vault2anki not importable: skipping export timings ({reason})", file=out)
    elif "cache_dir" not in probe.get("fields", []):
        print("note: ExportOptions has no cache_dir field; warm = plain second run", file=out)

    work = Path(tempfile.mkdtemp(prefix="vault2anki-bench-"))
    rows: list[Row] = []
    corpus_rows: list[Row] = []
    gen_seconds: dict[int, float] = {}
    try:
        for n in opts.sizes:
            size_rows, gen_seconds[n] = bench_size(n, opts, importable, work)
            rows += size_rows
        if opts.no_corpora:
            pass
        elif not opts.corpora.is_dir():
            print(f"corpora dir {opts.corpora} missing: skipping corpora", file=out)
        elif not importable:
            print("vault2anki not importable: skipping corpora exports", file=out)
        else:
            corpus_rows = bench_corpora(opts.corpora, opts, work)
    finally:
        if opts.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    cold_scaling = scaling(rows, "cold", 1000, 10000)
    floor_scaling = scaling(rows, "floor", 1000, 10000)
    stdout = sys.stdout
    sys.stdout = out  # print_table writes to the chosen stream
    try:
        print()
        print_table(rows)
        if floor_scaling is not None:
            print(f"\nfloor 10k/1k time ratio: {floor_scaling:.2f}")
        if cold_scaling is not None:
            print(f"cold 10k/1k time ratio: {cold_scaling:.2f} (target <= {TARGET_SCALING:g})")
        targets = check_targets(rows, cold_scaling)
        if targets:
            print("\ntargets at N = 10,000:")
            print("\n".join(targets))
        if corpus_rows:
            print("\ncorpora (cold export, fresh cache):")
            print_table(corpus_rows)
    finally:
        sys.stdout = stdout

    if opts.json:
        report = {
            "machine": {
                "python": sys.version.split()[0],
                "platform": platform.platform(),
                "cpu_count": os.cpu_count(),
                "cpus_usable": len(os.sched_getaffinity(0)),
            },
            "commit": git_commit(),
            "probe": probe,
            "options": {
                "sizes": opts.sizes,
                "repeat": opts.repeat,
                "jobs": opts.jobs,
                "set": opts.set,
                "seed": opts.seed,
            },
            "generate_seconds": gen_seconds,
            "rows": [asdict(r) for r in rows],
            "cold_10k_over_1k": cold_scaling,
            "floor_10k_over_1k": floor_scaling,
            "targets": check_targets(rows, cold_scaling),
            "corpora": [asdict(r) for r in corpus_rows],
        }
        text = json.dumps(report, indent=2, ensure_ascii=False)
        if opts.json == "-":
            print(text)
        else:
            Path(opts.json).write_text(text + "\n", encoding="utf-8")
            log(f"wrote {opts.json}")
    errors = [r for r in rows + corpus_rows if r.error]
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
