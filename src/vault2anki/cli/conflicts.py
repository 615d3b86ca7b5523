"""How `sync` shows its conflicts (sync/conflicts.py): notes edited in Anki and in the vault
since the last sync, each with a short diff of the fields they differ in (-anki/+vault), in
the text listing and in `--json`."""

from __future__ import annotations

from typing import Any

import click

from ..model import shown
from ..sync.plan import Conflict

LABELS = {
    None: "! conflict (edited in Anki and in the vault since the last sync; skipped — "
    "sync with --prefer vault or --prefer anki)",
    "vault": "! conflict (edited in Anki and in the vault): the vault's version written "
    "(--prefer vault)",
    "anki": "! conflict (edited in Anki and in the vault): Anki's version kept (--prefer anki; "
    "the vault note is synced again once it changes)",
}


def unresolved(conflicts: list[Conflict]) -> int:
    return sum(c.resolved is None for c in conflicts)


def _where(conflict: Conflict) -> str:
    card = conflict.card
    return f"{card.source}:{card.source_line}" if card.source_line else card.source


def conflicts_json(conflicts: list[Conflict]) -> list[dict[str, Any]]:
    return [
        {
            "source": c.card.source,
            "line": c.card.source_line or None,
            "guid": c.card.guid,
            "note_id": c.nid,
            "resolved": c.resolved,  # "vault", "anki", or null: skipped
            "fields": [{"field": f.name, "anki": f.anki, "vault": f.vault} for f in c.fields],
        }
        for c in conflicts
    ]


def print_conflicts(conflicts: list[Conflict], err: bool) -> None:
    """Each group of conflicts under its label; the unresolved ones with their diffs."""
    for resolved, label in LABELS.items():
        group = [c for c in conflicts if c.resolved == resolved]
        if not group:
            continue
        click.echo(f"{label}: {len(group)}", err=err)
        for conflict in group:
            click.echo(f"    {shown(_where(conflict))}  [{conflict.card.guid}]", err=err)
            if resolved is not None:
                continue
            for diff in conflict.fields:
                click.echo(f"        {diff.name}:", err=err)
                for line in diff.anki:
                    click.echo(f"          -anki  {shown(line)}", err=err)
                for line in diff.vault:
                    click.echo(f"          +vault {shown(line)}", err=err)
