"""Small builders shared by tests: a vault on disk from a dict of files, and rendering in it."""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from html import unescape
from pathlib import Path
from posixpath import basename, splitext

from html_equal import same_html

from vault2anki.cards.identity import bytes_digest
from vault2anki.model import CardSource, NoteFile, Problem
from vault2anki.options import RenderOptions
from vault2anki.render.renderer import NoteContext, Renderer
from vault2anki.vault.media import package_name
from vault2anki.vault.walk import walk_vault

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea7d5a0a50000000049454e44ae426082"
)


def media_name(rel: str, data: bytes = PNG) -> str:
    """The media name of the vault file `rel` holding `data` (its bytes name it)."""
    return package_name(rel, bytes_digest(data))


def cli_argv(*args: str) -> list[str]:
    """The command line of the CLI in a real process (`python -m vault2anki ARGS`)."""
    return [sys.executable, "-m", "vault2anki", *args]


def make_vault(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def note(body: str, rel: str = "note.md", meta: dict[str, object] | None = None) -> NoteFile:
    return NoteFile(rel=rel, path=Path(rel), body=body, body_line=1, meta=meta or {}, mtime=0)


def render_in(root: Path, text: str, rel: str = "note.md") -> tuple[str, NoteContext]:
    """Render `text` as if it were the answer of a card in note `rel` of the vault at `root`."""
    vault = walk_vault(root)
    source = CardSource(
        note=note(text, rel), key="0", question="", answer=text, line=1, answer_line=1, tags=()
    )
    context = NoteContext(vault, source)
    return Renderer().render(text, context), context


def kinds(problems: list[Problem]) -> list[str]:
    return [p.kind for p in problems]


def render_md(source: str, strict_line_breaks: bool = False) -> str:
    """The engine alone (no vault, no sanitizer), as the plugin golden tests use it."""
    return Renderer(RenderOptions(strict_line_breaks=strict_line_breaks)).render(source)


def assert_renders(source: str, expected: str, strict_line_breaks: bool = False) -> None:
    """`source` renders to `expected` (a hand-reviewed golden case) as a browser reads HTML
    (tests/html_equal.py: quoting, entities and the whitespace between blocks aside)."""
    got = render_md(source, strict_line_breaks)
    assert same_html(got, expected), f"\n{got!r}\n≠ {expected!r}"


# Obsidian's own names: a pasted image, a Cyrillic name with an upper-case extension, and two
# files whose names differ only in case (other bytes) — each embedded as `![[…]]` and as
# `![](…)` with spaces written `%20`, as Obsidian writes Markdown links.
OBSIDIAN_MEDIA: dict[str, bytes] = {
    "attachments/Pasted image 20240101120000.png": PNG + b"pasted",
    "Диаграмма.PNG": PNG + b"diagram",
    "img/Chart.png": PNG + b"upper-case chart",
    "img/chart.png": PNG + b"lower-case chart",
}
PASTED, DIAGRAM, UPPER, LOWER = OBSIDIAN_MEDIA

# Note → (its answer's Markdown, the vault files its card shows, in order).
OBSIDIAN_NOTES: dict[str, tuple[str, list[str]]] = {
    "Pasted.md": (
        "![[Pasted image 20240101120000.png|300]]\n\n"
        "![](attachments/Pasted%20image%2020240101120000.png)",
        [PASTED, PASTED],
    ),
    "Диаграммы/Схема.md": (
        "![[Диаграмма.PNG]]\n\n![Диаграмма](../Диаграмма.PNG)",
        [DIAGRAM, DIAGRAM],
    ),
    "img/Charts.md": (
        "![[Chart.png]] and ![[chart.png]]\n\n![big](Chart.png) ![small](chart.png)",
        [UPPER, LOWER, UPPER, LOWER],
    ),
    "All of them.md": (
        "![[Pasted image 20240101120000.png]] ![[Диаграмма.PNG|200]] ![[img/Chart.png]] "
        "![[img/chart.png]]",
        [PASTED, DIAGRAM, UPPER, LOWER],
    ),
}


def obsidian_media_vault(root: Path, under: str = "") -> dict[str, list[Path]]:
    """A vault of OBSIDIAN_MEDIA and OBSIDIAN_NOTES (inside folder `under`: GUIDs follow
    paths, and tests sharing one Anki must not share notes), one card per note; each note's
    vault path → the files its card shows, in order."""
    base = f"{under}/" if under else ""
    # Bytes of their own too: one Anki's media folder holds every test's files.
    files: dict[str, str | bytes] = {
        base + rel: data + under.encode() for rel, data in OBSIDIAN_MEDIA.items()
    }
    for rel, (answer, _) in OBSIDIAN_NOTES.items():
        files[base + rel] = f"# What does {Path(rel).stem} show?\n\n## Answer\n\n{answer}\n"
    make_vault(root, files)
    return {
        base + rel: [root / base / f for f in shown] for rel, (_, shown) in OBSIDIAN_NOTES.items()
    }


_IMG_SRC = re.compile(r'<img [^>]*\bsrc="([^"]+)"')


def image_sources(html: str) -> list[str]:
    """The `src` of every `<img>` in `html`, in order (entities decoded)."""
    return [unescape(src) for src in _IMG_SRC.findall(html)]


def old_package_name(rel: str, digest: str) -> str:
    """How vault2anki named media before issue 21: the readable stem (case and Cyrillic kept)
    plus a hash of the vault path (`digest` unused)."""
    unsafe = re.compile(r"[^\w.-]+")
    stem, ext = splitext(basename(rel))
    stem = unsafe.sub("_", unicodedata.normalize("NFC", stem)).strip("._")[:60] or "file"
    return f"{stem}-{hashlib.sha1(rel.encode()).hexdigest()[:10]}{unsafe.sub('', ext.lower())}"
