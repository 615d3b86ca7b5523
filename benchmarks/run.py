"""vault2anki benchmark harness: the peer (ankdown), floor, cold, warm and --no-cache exports,
memory at two sizes, a few-card vault, the real corpora and (optionally) a 100k vault.

    python benchmarks/run.py [--sizes 1000 10000] [--scale 100000] [--json out.json]

Synthetic vaults are generated into a temp dir (not timed). Then, each in a fresh subprocess
(so ru_maxrss is that case's own peak RSS, and the process tree's RSS is sampled from /proc):

  peer     ankdown --highlight on the same cards (benchmarks/peer.py, its own venv)
  floor    genanki writing raw Q/A text + media, no Markdown (benchmarks/floor.py)
  cold     export_vault with an empty, fresh cache dir
  warm     export_vault again, same cache dir, nothing changed
  nocache  export_vault with no_cache=True

Targets (benchmarks/README.md) are ratios measured within this one run. vault2anki is imported
in the child processes, from this checkout's src/.
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

import peer
from gen_vault import generate_vault  # benchmarks/ is sys.path[0] when run as a script

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
CASE_SCRIPT = BENCH_DIR / "case.py"
MARKER = "BENCH-RESULT "
# ../shared/corpora next to the checkout; VAULT2ANKI_CORPORA (as for the tests) from a worktree.
DEFAULT_CORPORA = Path(
    os.environ.get("VAULT2ANKI_CORPORA") or REPO_ROOT.parent / "shared" / "corpora"
)

# Targets (issue 13), ratios within one run at N = 10,000 on a 2-core machine (see README.md).
TARGET_N = 10_000
TARGET_COLD_VS_PEER = 0.8
TARGET_COLD_VS_PEER_STRETCH = 0.67
TARGET_WARM_VS_PEER = 0.1
TARGET_RSS_GROWTH = 1.3  # tree RSS at the larger --rss-sizes over the smaller
TARGET_CORPUS_RSS_MB = 250  # tree RSS on the bilingual corpus
CORPUS_FOR_RSS = "interview-questions-en-ru"
TARGET_CACHE_TAX = 1.5  # cold with the cache over --no-cache


@dataclass
class Row:
    case: str  # peer | floor | cold | warm | nocache | corpus
    n: int | str  # notes generated, or corpus name
    vault: str = "synthetic"  # synthetic | few-cards | corpus
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


def run_case(
    args: list[str], env: dict[str, str], timeout: float, cmd_prefix: list[str] | None = None
) -> dict[str, Any]:
    """Run case.py (or `cmd_prefix`) in a fresh interpreter; its BENCH-RESULT payload or error."""
    cmd = [*(cmd_prefix or [sys.executable, str(CASE_SCRIPT)]), *args]
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


def aggregate(case: str, n: int | str, runs: list[dict[str, Any]], vault: str = "synthetic") -> Row:
    row = Row(case=case, n=n, vault=vault, runs=runs)
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


def _generate(work: Path, name: str, n: int, opts: argparse.Namespace, few: bool = False) -> Path:
    vault = work / name
    t0 = time.perf_counter()
    gen = generate_vault(vault, n, seed=opts.seed, few_cards=few)
    log(
        f"{name}: generated {gen.notes} notes, {gen.images} images in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    return vault


def _export(
    label: str,
    vault: Path,
    work: Path,
    opts: argparse.Namespace,
    extra: list[str] = (),  # type: ignore[assignment]
) -> tuple[dict[str, Any], Path]:
    """One export case in a fresh process; its cache dir (fresh unless it exists already)."""
    cache_dir = work / f"cache-{vault.name}"
    cache_home = work / f"xdg-{vault.name}"
    cache_dir.mkdir(exist_ok=True)
    cache_home.mkdir(exist_ok=True)
    log(f"{vault.name}: {label}")
    args = export_args(vault, work / f"{vault.name}.apkg", cache_dir, opts)
    for item in extra:
        args += ["--set", item]
    return run_case(args, case_env(cache_home), opts.timeout), cache_dir


def _cold_warm_nocache(
    vault: Path, work: Path, opts: argparse.Namespace, warm: bool = True, nocache: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """cold (fresh cache), then warm (same cache), then --no-cache, `--repeat` times each."""
    runs: dict[str, list[dict[str, Any]]] = {"cold": [], "warm": [], "nocache": []}
    for rep in range(opts.repeat):
        # A fresh cache per repetition: each cold run really starts empty, and its warm run
        # re-exports against exactly what that cold run left behind.
        shutil.rmtree(work / f"cache-{vault.name}", ignore_errors=True)
        payload, _ = _export(f"cold ({rep + 1}/{opts.repeat})", vault, work, opts)
        runs["cold"].append(payload)
        if warm:
            runs["warm"].append(_export(f"warm ({rep + 1})", vault, work, opts)[0])
        if nocache:
            label = f"--no-cache ({rep + 1})"
            runs["nocache"].append(_export(label, vault, work, opts, ("no_cache=True",))[0])
    return {k: v for k, v in runs.items() if v}


def _peer_runs(vault: Path, work: Path, opts: argparse.Namespace) -> list[dict[str, Any]]:
    python = peer.ensure_venv(log)
    if python is None:
        return []
    cards_dir = work / f"ankdown-{vault.name}"
    peer.write_vault(vault, cards_dir)
    runs = []
    for rep in range(opts.repeat):
        log(f"{vault.name}: ankdown --highlight ({rep + 1}/{opts.repeat})")
        out = work / f"ankdown-{vault.name}.apkg"
        prefix = [str(python), str(BENCH_DIR / "peer.py")]
        runs.append(run_case([str(cards_dir), str(out)], dict(os.environ), opts.timeout, prefix))
    return runs


def bench_size(n: int, opts: argparse.Namespace, importable: bool, work: Path) -> list[Row]:
    """peer, floor, cold, warm and --no-cache on the same N-note synthetic vault."""
    vault = _generate(work, f"vault-{n}", n, opts)
    rows: list[Row] = []
    if not opts.no_peer:
        rows.append(aggregate("peer", n, _peer_runs(vault, work, opts)))
    floor_runs = []
    for rep in range(opts.repeat):
        log(f"{vault.name}: floor ({rep + 1}/{opts.repeat})")
        args = ["floor", str(vault), str(work / f"floor-{n}.apkg")]
        floor_runs.append(run_case(args, dict(os.environ), opts.timeout))
    rows.append(aggregate("floor", n, floor_runs))
    if importable:
        for case, runs in _cold_warm_nocache(vault, work, opts).items():
            rows.append(aggregate(case, n, runs))
    floor_s = next((r.seconds for r in rows if r.case == "floor"), None)
    for row in rows:
        if floor_s and row.seconds is not None:
            row.ratio_to_floor = row.seconds / floor_s
        if row.cards is not None and row.cards != n:
            log(f"warning: N={n} {row.case} wrote {row.cards} cards, expected {n}")
    return rows


def bench_memory(sizes: list[int], opts: argparse.Namespace, work: Path) -> list[Row]:
    """Cold exports only, for the process tree's peak RSS at each size."""
    rows = []
    for n in sizes:
        vault = _generate(work, f"vault-{n}", n, opts)
        runs = _cold_warm_nocache(vault, work, opts, warm=False, nocache=False)
        rows.append(aggregate("cold", n, runs["cold"]))
        shutil.rmtree(vault, ignore_errors=True)
    return rows


def bench_few_cards(n: int, opts: argparse.Namespace, work: Path) -> list[Row]:
    """A vault of `n` notes of which one in 20 makes a card: the cache's cost on card-less notes."""
    vault = _generate(work, f"few-{n}", n, opts, few=True)
    runs = _cold_warm_nocache(vault, work, opts)
    rows = [aggregate(case, n, r, vault="few-cards") for case, r in runs.items()]
    shutil.rmtree(vault, ignore_errors=True)
    return rows


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
        rows.append(aggregate("cold", vault.name, [payload], vault="corpus"))
    return rows


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_table(rows: list[Row]) -> None:
    header = (
        "case",
        "vault",
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
            table.append((r.case, r.vault, str(r.n), "error: " + r.error[:70], *[""] * 6))
            continue
        table.append(
            (
                r.case,
                r.vault,
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
    ok_rows = [row for row in table if not row[3].startswith("error: ")]
    widths = [max(len(row[i]) for row in ok_rows) for i in range(len(header))]
    for i, row in enumerate(table):
        if row[3].startswith("error: "):
            print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}")
            continue
        cells = [f"{c:<{widths[j]}}" if j < 2 else f"{c:>{widths[j]}}" for j, c in enumerate(row)]
        print("  ".join(cells).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def _find(rows: list[Row], case: str, n: int | str, vault: str = "synthetic") -> Row | None:
    for r in rows:
        if (r.case, r.n, r.vault) == (case, n, vault) and not r.error and r.seconds:
            return r
    return None


def _tree_mb(r: Row) -> float:
    """The whole process tree's peak: summed RSS (an upper bound: forked workers' shared pages
    count once per process), never less than the case process's own ru_maxrss."""
    return max(r.tree_peak_rss_mb or 0.0, r.peak_rss_mb or 0.0)


def check_targets(rows: list[Row], opts: argparse.Namespace) -> list[str]:
    """PASS/FAIL for issue 13's targets: ratios within this run; empty for cases not run."""
    lines: list[str] = []

    def check(label: str, value: float | None, limit: float, unit: str = "x") -> None:
        if value is not None:
            verdict = "PASS" if value <= limit else "FAIL"
            lines.append(f"  {verdict}  {label}: {value:.2f}{unit} (target <= {limit:g}{unit})")

    def ratio(a: Row | None, b: Row | None) -> float | None:
        return a.seconds / b.seconds if a and b and a.seconds and b.seconds else None

    n = TARGET_N
    peer_row = _find(rows, "peer", n)
    cold, warm = _find(rows, "cold", n), _find(rows, "warm", n)
    check("cold / ankdown --highlight", ratio(cold, peer_row), TARGET_COLD_VS_PEER)
    check("stretch: cold / ankdown", ratio(cold, peer_row), TARGET_COLD_VS_PEER_STRETCH)
    check("warm / ankdown --highlight", ratio(warm, peer_row), TARGET_WARM_VS_PEER)
    check("cold / --no-cache, card-heavy", ratio(cold, _find(rows, "nocache", n)), TARGET_CACHE_TAX)
    few = opts.few_cards
    check(
        f"cold / --no-cache, {few:,} notes few cards",
        ratio(_find(rows, "cold", few, "few-cards"), _find(rows, "nocache", few, "few-cards")),
        TARGET_CACHE_TAX,
    )
    small, big = (min(opts.rss_sizes), max(opts.rss_sizes)) if opts.rss_sizes else (0, 0)
    r_small, r_big = _find(rows, "cold", small), _find(rows, "cold", big)
    if r_small and r_big:
        growth = _tree_mb(r_big) / _tree_mb(r_small)
        check(f"tree RSS {big:,} / {small:,} (cold)", growth, TARGET_RSS_GROWTH)
    corpus = _find(rows, "cold", CORPUS_FOR_RSS, "corpus")
    if corpus:
        check(f"tree RSS, {CORPUS_FOR_RSS}", _tree_mb(corpus), TARGET_CORPUS_RSS_MB, " MB")
    return lines


def growth_lines(rows: list[Row]) -> list[str]:
    """How time and memory grow with N: every size with a cold run, relative to the smallest."""
    sized = sorted(
        (r for r in rows if r.case == "cold" and r.vault == "synthetic" and not r.error),
        key=lambda r: int(r.n),
    )
    if len(sized) < 2:
        return []
    base = sized[0]
    out = []
    for r in sized:
        warm = _find(rows, "warm", r.n)
        warm_s = f", warm {warm.seconds:.2f} s" if warm and warm.seconds else ""
        out.append(
            f"  N={int(r.n):>7,}: cold {r.seconds:.2f} s ({r.seconds / base.seconds:.1f}x)"  # type: ignore[operator]
            f"{warm_s}, tree RSS {_tree_mb(r):.0f} MB ({_tree_mb(r) / _tree_mb(base):.2f}x)"
        )
    return out


def git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=REPO_ROOT, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Benchmark vault2anki against ankdown, the floor, and itself warm/--no-cache."
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], metavar="N")
    parser.add_argument(
        "--rss-sizes",
        type=int,
        nargs="*",
        default=[5000, 20000],
        metavar="N",
        help="cold exports for memory growth (default 5000 20000; none to skip)",
    )
    parser.add_argument(
        "--few-cards",
        type=int,
        default=20000,
        metavar="N",
        help="notes in the few-card vault, cold vs --no-cache (default 20000; 0 to skip)",
    )
    parser.add_argument(
        "--scale",
        type=int,
        nargs="*",
        default=[],
        metavar="N",
        help="also cold + warm at these sizes, no peer (e.g. 100000)",
    )
    parser.add_argument("--no-peer", action="store_true", help="skip ankdown")
    parser.add_argument(
        "--corpora",
        type=Path,
        default=DEFAULT_CORPORA,
        help="dir whose subdirs are vaults to export (default: ../shared/corpora from repo root)",
    )
    parser.add_argument("--no-corpora", action="store_true", help="skip the corpora exports")
    parser.add_argument("--json", metavar="PATH", help="also write results as JSON ('-': stdout)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; median reported")
    parser.add_argument("--jobs", type=int, help="pass jobs= to the options")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra option (Python literal or string), if this version has it",
    )
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per case")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (vaults, .apkg)")
    return parser


def _run_all(opts: argparse.Namespace, importable: bool, out: Any, work: Path) -> list[Row]:
    rows: list[Row] = []
    for n in opts.sizes:
        rows += bench_size(n, opts, importable, work)
        shutil.rmtree(work / f"vault-{n}", ignore_errors=True)
    if not importable:
        return rows
    rows += bench_memory([n for n in opts.rss_sizes if n not in opts.sizes], opts, work)
    if opts.few_cards:
        rows += bench_few_cards(opts.few_cards, opts, work)
    if opts.no_corpora:
        pass
    elif not opts.corpora.is_dir():
        print(f"corpora dir {opts.corpora} missing: skipping corpora", file=out)
    else:
        rows += bench_corpora(opts.corpora, opts, work)
    for n in opts.scale:
        vault = _generate(work, f"vault-{n}", n, opts)
        for case, runs in _cold_warm_nocache(vault, work, opts, nocache=False).items():
            rows.append(aggregate(case, n, runs))
        shutil.rmtree(vault, ignore_errors=True)
    return rows


def _machine() -> dict[str, Any]:
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "load_before": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    opts = _parser().parse_args(argv)
    if opts.repeat < 1 or any(n < 1 for n in opts.sizes):
        raise SystemExit("--repeat and --sizes must be >= 1")
    # With --json -, stdout carries the JSON only; the human table goes to stderr.
    out = sys.stderr if opts.json == "-" else sys.stdout
    machine = _machine()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())

    probe = run_case(["probe"], dict(os.environ), opts.timeout)
    importable = bool(probe.get("importable"))
    if not importable:
        reason = probe.get("error") or "vault2anki.api lacks Options/export_vault"
        print(f"vault2anki not importable: skipping export timings ({reason})", file=out)

    work = Path(tempfile.mkdtemp(prefix="vault2anki-bench-"))
    try:
        rows = _run_all(opts, importable, out, work)
    finally:
        if opts.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    targets = check_targets(rows, opts)
    growth = growth_lines(rows)
    print(
        f"\n{started}, commit {(git_commit() or '?')[:10]}, {machine['cpus_usable']} CPUs, "
        f"Python {machine['python']}, load before {machine['load_before'][0]:.1f}",
        file=out,
    )
    stdout = sys.stdout
    sys.stdout = out  # print_table writes to the chosen stream
    try:
        print_table(rows)
        if targets:
            print("\ntargets (ratios within this run):")
            print("\n".join(targets))
        if growth:
            print("\ngrowth with N (cold, relative to the smallest):")
            print("\n".join(growth))
    finally:
        sys.stdout = stdout

    if opts.json:
        report = {
            "machine": machine,
            "started": started,
            "commit": git_commit(),
            "probe": probe,
            "options": {k: str(v) for k, v in vars(opts).items()},
            "rows": [asdict(r) for r in rows],
            "targets": targets,
            "growth": growth,
        }
        text = json.dumps(report, indent=2, ensure_ascii=False)
        if opts.json == "-":
            print(text)
        else:
            Path(opts.json).write_text(text + "\n", encoding="utf-8")
            log(f"wrote {opts.json}")
    return 1 if any(r.error for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
