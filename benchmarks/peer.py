"""The peer exporter, ankdown (PyPI), in a venv of its own, and the same cards in its format.

    python benchmarks/peer.py VAULT_DIR OUT.apkg   # (in the peer venv) time one ankdown run

`ensure_venv()` builds `benchmarks/.peer-venv` once (pip, pinned in peer-requirements.txt):
ankdown's dependencies (misaka, an old docopt) never meet ours. `write_vault()` writes the
synthetic notes as ankdown cards (question, `%`, answer), with the same answer Markdown, the
same 8-line JS block and the same images; generating them is not timed.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import venv
import zipfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
VENV = BENCH_DIR / ".peer-venv"
REQUIREMENTS = BENCH_DIR / "peer-requirements.txt"
MARKER = "BENCH-RESULT "
EMBED = re.compile(r"!\[\[([^\]|#]+)\]\]")


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv(log: object = print) -> Path | None:
    """The peer venv's python, built on first use; None (with the reason logged) if it fails."""
    python = venv_python()
    stamp = VENV / "requirements.txt"
    wanted = REQUIREMENTS.read_text(encoding="utf-8")
    if python.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return python
    log(f"peer: installing ankdown into {VENV} (once)")  # type: ignore[operator]
    try:
        shutil.rmtree(VENV, ignore_errors=True)
        venv.create(VENV, with_pip=True)
        cmd = [str(python), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)]
        subprocess.run(cmd, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        log(f"peer: cannot install ankdown, peer rows skipped: {detail.strip()[-300:]}")  # type: ignore[operator]
        return None
    stamp.write_text(wanted, encoding="utf-8")
    return python


def ankdown_card(markdown: str, image_dir: str) -> str:
    """One synthetic note (gen_vault.note_text) as an ankdown card: question % answer."""
    head, _, answer = markdown.partition("\n\n## Answer\n\n")
    question = head.removeprefix("# ")
    answer = EMBED.sub(lambda m: f"![{m[1]}]({image_dir}/{m[1]})", answer)
    return f"{question}\n\n%\n\n{answer}"


def write_vault(src: Path, out: Path) -> int:
    """ankdown's input for the synthetic vault `src`; returns the number of cards."""
    cards = 0
    for note in sorted(src.rglob("*.md")):
        rel = note.relative_to(src)
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        up = "/".join([".."] * (len(rel.parts) - 1)) or "."
        target.write_text(ankdown_card(note.read_text("utf-8"), f"{up}/attachments"), "utf-8")
        cards += 1
    if (src / "attachments").is_dir():
        shutil.copytree(src / "attachments", out / "attachments", dirs_exist_ok=True)
    return cards


def _count_notes(apkg: Path) -> int:
    with zipfile.ZipFile(apkg) as archive, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "c.anki2"
        db.write_bytes(archive.read("collection.anki2"))
        conn = sqlite3.connect(db)
        try:
            return int(conn.execute("select count() from notes").fetchone()[0])
        finally:
            conn.close()


def main() -> int:
    """In the peer venv: time ankdown's main() (its import is outside, as for vault2anki)."""
    vault, output = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    t0 = time.perf_counter()
    from ankdown import ankdown

    import_seconds = time.perf_counter() - t0
    sys.argv = ["ankdown", "-r", str(vault), "-p", str(output), "--highlight"]
    cwd = os.getcwd()
    t1 = time.perf_counter()
    ankdown.main()
    seconds = time.perf_counter() - t1
    os.chdir(cwd)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    payload = {
        "cards": _count_notes(output),
        "seconds": seconds,
        "import_seconds": import_seconds,
        "peak_rss_mb": rss,
    }
    print(MARKER + json.dumps(payload), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
