"""The one table of problem kinds (kinds.py): every slug the code reports is registered at the
level it is reported with, and "not read" — the flag `sync --prune` and the lock read — is set
for the notes a run could not read and for nothing else."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from helpers import PNG, make_vault

from vault2anki import Options, build
from vault2anki.kinds import KINDS, kind_of
from vault2anki.report import Report
from vault2anki.vault.sources import prune_blockers

SRC = Path(__file__).resolve().parent.parent / "src" / "vault2anki"
SLUG = re.compile(r"[a-z][a-z]*(-[a-z]+)*")


def reported_slugs() -> dict[str, set[str]]:
    """slug → {"warning"/"error"/"?"} for every string literal passed as a problem's kind."""
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(
                node.func, ast.Attribute | ast.Name
            ):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if name not in ("warning", "error", "warn", "skip"):
                continue
            for arg in node.args:
                for const in ast.walk(arg):  # also `"a" if x else "b"`
                    if not isinstance(const, ast.Constant) or not isinstance(const.value, str):
                        continue
                    if SLUG.fullmatch(const.value) and "-" in const.value:
                        level = name if name in ("warning", "error") else "?"
                        found.setdefault(const.value, set()).add(level)
    return found


def test_every_reported_slug_is_registered_at_its_level() -> None:
    slugs = reported_slugs()
    assert len(slugs) > 25  # the scan sees the code's call sites
    assert sorted(set(slugs) - set(KINDS)) == []
    for slug, levels in slugs.items():
        assert levels - {"?"} <= {KINDS[slug].level}, slug


def test_report_refuses_an_unregistered_kind_or_level() -> None:
    report = Report()
    with pytest.raises(ValueError, match="unregistered"):
        report.warning("a.md", 1, "no-such-kind", "x")
    with pytest.raises(ValueError, match="registered as warning"):
        report.error("a.md", 1, "missing-media", "x")
    assert report.problems == []


def test_only_notes_not_read_block_deletion() -> None:
    not_read = {slug for slug, kind in KINDS.items() if kind.not_read}
    assert not_read == {
        "unreadable",
        "too-large",
        "binary",
        "bad-symlink",
        "note-outside-vault",
        "bad-name",
    }
    assert kind_of("embed-outside-vault").not_read is False
    assert kind_of("something-older").not_read is False  # unknown: harmless, never a blocker


def test_an_embed_outside_the_vault_does_not_block_prune(tmp_path: Path) -> None:
    """The collision this table ended: `outside-vault` meant both a skipped note (blocks
    `--prune`) and an image not packaged (must not). `sync --prune` reads these blockers."""
    (tmp_path / "outside.png").write_bytes(PNG)
    vault = make_vault(
        tmp_path / "vault",
        {"Вопросы/Q.md": "# What is shown?\n## Ответ\n![[../outside.png]]\n![](../../outside.png)"},
    )
    result = build(Options.of(vault, no_cache=True))
    kinds = [p.kind for p in result.problems]
    assert "embed-outside-vault" in kinds and set(kinds) <= {"embed-outside-vault", "missing-media"}
    assert prune_blockers(result.problems) == []
    sources = result.sources()
    assert sources is not None and sources.why_kept("Вопросы/Q.md") is None


def test_a_note_symlinked_out_of_the_vault_still_blocks_prune(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.md").write_text("# Q\n## Answer\nA\n", encoding="utf-8")
    vault = make_vault(tmp_path / "vault", {"a.md": "# Q2\n## Answer\nB\n"})
    (vault / "link.md").symlink_to(tmp_path / "elsewhere.md")
    result = build(Options.of(vault, no_cache=True))
    assert [p.kind for p in prune_blockers(result.problems)] == ["note-outside-vault"]
