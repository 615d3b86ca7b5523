"""One timed benchmark case, run by run.py in a fresh interpreter so that ru_maxrss is the peak
RSS of that case alone. Prints one line ``BENCH-RESULT <json>`` as its last stdout line.

    python benchmarks/case.py probe
    python benchmarks/case.py floor VAULT OUT.apkg
    python benchmarks/case.py export VAULT OUT.apkg [--cache-dir DIR] [--jobs N] [--set KEY=VALUE]
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import importlib
import json
import resource
import sys
import time
import traceback
from pathlib import Path
from typing import Any

MARKER = "BENCH-RESULT "
REPO_ROOT = Path(__file__).resolve().parent.parent

# Measure the package in *this* checkout, not whatever happens to be installed in the venv.
if (REPO_ROOT / "src" / "vault2anki").is_dir():
    sys.path.insert(0, str(REPO_ROOT / "src"))


def _rss() -> dict[str, float]:
    # Linux reports ru_maxrss in KiB. RUSAGE_CHILDREN is the largest *single* waited-for
    # descendant (e.g. one worker of a process pool), not a sum.
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"peak_rss_mb": self_kb / 1024, "child_peak_rss_mb": child_kb / 1024}


def _emit(payload: dict[str, Any]) -> None:
    sys.stdout.flush()
    print(MARKER + json.dumps(payload), flush=True)


def _parse_value(raw: str) -> Any:
    """``--set jobs=2`` / ``highlight=False`` / ``theme=monokai``: Python literal, else string."""
    try:
        return ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return raw


def _api() -> Any:
    """The library API of the vault2anki under test: the package itself since the stage
    packages, `vault2anki.api` before them (benchmarks compare against older versions)."""
    import vault2anki

    if hasattr(vault2anki, "export_vault"):
        return vault2anki
    return importlib.import_module("vault2anki.api")


def probe() -> dict[str, Any]:
    try:
        api = _api()
    except Exception as exc:  # any import-time failure means "not benchmarkable yet"
        return {"importable": False, "error": f"{type(exc).__name__}: {exc}"}
    opts = getattr(api, "Options", None) or getattr(api, "ExportOptions", None)
    return {
        "importable": hasattr(api, "export_vault") and opts is not None,
        "module": getattr(api, "__file__", None),
        "fields": sorted(_option_names()) if opts is not None else [],
    }


# Older ExportOptions spellings → the option names of `Options` (named like the CLI's).
_RENAMED = {"lock": ("no_lock", lambda v: not v), "use_cache": ("no_cache", lambda v: not v)}


def _option_names() -> set[str]:
    """The option names this version of vault2anki accepts (flat, as `Options.of` takes them)."""
    api = _api()
    if hasattr(api, "Options"):
        from vault2anki.options import FIELD_PART

        return {"vault", *FIELD_PART, *_RENAMED}
    return {f.name for f in dataclasses.fields(api.ExportOptions)}


def _make_options(kwargs: dict[str, Any]) -> Any:
    api = _api()
    if not hasattr(api, "Options"):
        return api.ExportOptions(**kwargs)
    flat = dict(kwargs)
    for old, (new, convert) in _RENAMED.items():
        if old in flat:
            flat[new] = convert(flat.pop(old))
    return api.Options.of(flat.pop("vault"), **flat)


def run_floor(vault: Path, output: Path) -> dict[str, Any]:
    from floor import write_floor  # benchmarks/ is sys.path[0] when run as a script

    r = write_floor(vault, output)
    return {
        "cards": r.cards,
        "seconds": r.seconds,
        "read_seconds": r.read_seconds,
        "write_seconds": r.write_seconds,
    }


def run_export(
    vault: Path, output: Path, cache_dir: Path | None, jobs: int | None, extra: dict[str, Any]
) -> dict[str, Any]:
    t0 = time.perf_counter()
    export_vault = _api().export_vault
    import_seconds = time.perf_counter() - t0
    fields = _option_names()
    kwargs: dict[str, Any] = {"vault": vault, "output": output}
    ignored: list[str] = []
    # Optional fields are passed only when this version of the options has them.
    for name, value in (("cache_dir", cache_dir), ("jobs", jobs), *extra.items()):
        if value is None:
            continue
        if name in fields:
            kwargs[name] = value
        else:
            ignored.append(name)

    options = _make_options(kwargs)
    t1 = time.perf_counter()
    result = export_vault(options)
    seconds = time.perf_counter() - t1
    return {
        # ExportResult.cards is the list of cards (an int in older versions)
        "cards": len(result.cards) if isinstance(result.cards, list) else int(result.cards),
        "cache_hits": getattr(result, "cache_hits", None),
        "seconds": seconds,
        "import_seconds": import_seconds,
        "options": {k: str(v) for k, v in kwargs.items()},
        "ignored_options": ignored,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run one benchmark case (used by run.py).")
    parser.add_argument("case", choices=("probe", "floor", "export"))
    parser.add_argument("vault", type=Path, nargs="?")
    parser.add_argument("output", type=Path, nargs="?")
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    if args.case != "probe" and (args.vault is None or args.output is None):
        parser.error(f"{args.case} needs VAULT and OUTPUT")

    try:
        if args.case == "probe":
            payload = probe()
        elif args.case == "floor":
            payload = run_floor(args.vault, args.output)
        else:
            extra = {}
            for item in args.set:
                key, sep, raw = item.partition("=")
                if not sep:
                    parser.error(f"--set expects KEY=VALUE, got {item!r}")
                extra[key] = _parse_value(raw)
            payload = run_export(args.vault, args.output, args.cache_dir, args.jobs, extra)
    except Exception as exc:
        traceback.print_exc()
        _emit({"error": f"{type(exc).__name__}: {exc}", **_rss()})
        return 1
    _emit({**payload, **_rss()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
