"""`sync --prune` with a card whose image lies outside the vault (issue 19/21): the image is
not packaged, with a warning, but the note was read in full, so a really deleted note is
still pruned. Before the kinds table, `outside-vault` meant both this and a skipped note, and
prune refused forever."""

from __future__ import annotations

from pathlib import Path

from helpers import PNG

from vault2anki.sync.ankiconnect import AnkiConnect

from .test_prune_safety import anki_notes, first_sync, make_vault, sync


def test_an_out_of_vault_embed_still_prunes(tmp_path: Path, anki: AnkiConnect) -> None:
    name = "SafeOutside"
    vault = make_vault(tmp_path, anki, name)
    (tmp_path / "outside.png").write_bytes(PNG)
    one = vault / f"{name}-keep" / f"{name} one.md"
    one.write_text(one.read_text() + "\n![](../../outside.png)\n")
    before = first_sync(vault, anki, name)

    (vault / f"{name}-other" / f"{name} three.md").unlink()
    report, _ = sync(vault, "--prune")
    assert [w["kind"] for w in report["warnings"]] == ["embed-outside-vault"], report
    assert report["prune_refused"] is None and report["counts"]["deleted"] == 1
    after = anki_notes(anki, name)
    assert set(after) == {f"{name}: what is one?", f"{name}: what is two?"}
    assert all(after[q] == before[q] for q in after)  # ids and review history kept
