"""Prove a refactor changed no output: export the same vaults at two revisions, compare bytes.

    python tools/byte_identity.py BASE [OTHER]      (OTHER defaults to the working tree)

Each revision's `src/` is extracted with `git archive` (the working tree is used as it is) and
run through the command line — the one interface every revision shares — with the interpreter
running this script. Every case exports with `--no-cache` and a fixed `SOURCE_DATE_EPOCH`:
`--no-lock` cases read the vaults where they are (nothing is written into them); `lock` cases
export a private copy of the vault whose lock is removed first, so the lock is built from
scratch and its bytes are compared too. The problems printed on stderr and the exit code are
compared as well. Exit 1 when anything differs, and when a case's vault is absent (nothing was
compared for it) unless `--allow-missing` is given; a skipped case is never counted identical.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# As tests/conftest.py: the corpora sit next to the checkout (/work/shared/corpora for
# /work/main); VAULT2ANKI_CORPORA when they do not (a git worktree).
CORPORA = Path(os.environ.get("VAULT2ANKI_CORPORA") or REPO.parent / "shared" / "corpora")
EPOCH = "1700000000"
BILINGUAL = [
    *("--answer-heading", "Answer", "--answer-heading", "Ответ", "--answer-heading", "Otvet"),
    *("--question-heading", "Question", "--question-heading", "Вопрос"),
    *("--question-heading", "Vopros"),
]
LINKS = ["--links", "obsidian", "--deck-from-folders"]
# (name, vault, extra arguments, lock): the default options and the ones that shape cards most.
CASES: list[tuple[str, Path, list[str], bool]] = [
    ("example", REPO / "examples" / "vault", [], False),
    ("example-lock", REPO / "examples" / "vault", [], True),
    (
        "example-links",
        REPO / "examples" / "vault",
        ["--links", "obsidian", "--deck-from-folders"],
        False,
    ),
    ("frontend", CORPORA / "frontend-interview-ru", [], False),
    ("frontend-lock", CORPORA / "frontend-interview-ru", [], True),
    ("frontend-links", CORPORA / "frontend-interview-ru", ["--links", "obsidian"], False),
    ("bilingual", CORPORA / "interview-questions-en-ru", [], False),
    ("bilingual-markers", CORPORA / "interview-questions-en-ru", BILINGUAL, False),
    ("bilingual-lock", CORPORA / "interview-questions-en-ru", BILINGUAL, True),
]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "(missing)"


def checkout(rev: str, into: Path) -> Path:
    """The `src` folder of `rev` ("WORKTREE": this checkout's own)."""
    if rev == "WORKTREE":
        return REPO / "src"
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def export(src: Path, vault: Path, args: list[str], lock: bool, work: Path) -> dict[str, str]:
    work.mkdir(parents=True)
    if lock:
        copy = work / vault.name
        shutil.copytree(vault, copy, symlinks=True)
        (copy / "vault2anki.lock").unlink(missing_ok=True)
        vault = copy
    out = work / "out.apkg"
    env = {**os.environ, "PYTHONPATH": str(src), "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, "-m", "vault2anki", "export", str(vault), "-o", str(out)]
    command += ["--no-cache", *args, *([] if lock else ["--no-lock"])]
    done = subprocess.run(command, env=env, cwd=work, capture_output=True, text=True)
    # The summary line without its output path, which differs between the two runs.
    summary = done.stdout.strip().split(" → ")[0] or done.stderr.strip()[-300:]
    # Every problem line on stderr, with the private copy's folder taken out.
    problems = done.stderr.replace(str(work), "WORK").encode()
    found = {
        "apkg": sha(out),
        "exit": str(done.returncode),
        "stderr": hashlib.sha256(problems).hexdigest(),
        "summary": summary,
    }
    if lock:
        found["lock"] = sha(vault / "vault2anki.lock")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base")
    parser.add_argument("other", nargs="?", default="WORKTREE")
    parser.add_argument(
        "--allow-missing", action="store_true", help="exit 0 when a case's vault is absent"
    )
    args = parser.parse_args()
    differ, skipped = 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        # A list, not a dict: `WORKTREE WORKTREE` compares a checkout with itself (two runs).
        sources = [
            (rev, checkout(rev, Path(tmp) / f"rev{n}"))
            for n, rev in enumerate((args.base, args.other))
        ]
        for name, vault, extra, lock in CASES:
            if not vault.is_dir():
                print(f"{name}: SKIPPED, {vault} is absent (set VAULT2ANKI_CORPORA)")
                skipped += 1
                continue
            results = [
                export(src, vault, extra, lock, Path(tmp) / f"{name}-{n}")
                for n, (_, src) in enumerate(sources)
            ]
            same = results[0] == results[1]
            differ += not same
            print(f"{name}: {'identical' if same else 'DIFFERENT'}  {results[0]['summary']}")
            for n, (rev, _) in enumerate(sources):
                hashes = "  ".join(f"{k}={v[:16]}" for k, v in results[n].items() if k != "summary")
                print(f"    {rev[:12]:12}  {hashes}")
                if not same:
                    print(f"    {'':12}  {results[n]['summary']}")
    compared = len(CASES) - skipped
    print(f"{compared - differ} of {compared} compared cases identical, {skipped} skipped")
    if skipped and not args.allow_missing:
        print(f"{skipped} cases were not compared: exit 1 (--allow-missing accepts that)")
    return 1 if differ or (skipped and not args.allow_missing) else 0


if __name__ == "__main__":
    sys.exit(main())
