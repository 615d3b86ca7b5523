"""Small builders shared by tests: a vault on disk from a dict of files, and rendering in it."""

from __future__ import annotations

import sys
from pathlib import Path

from html_equal import same_html

from vault2anki.model import CardSource, NoteFile, Problem
from vault2anki.options import RenderOptions
from vault2anki.render.renderer import NoteContext, Renderer
from vault2anki.vault.walk import walk_vault

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea7d5a0a50000000049454e44ae426082"
)


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
