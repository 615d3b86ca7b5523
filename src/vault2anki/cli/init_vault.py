"""`vault2anki init VAULT`: layout detection written to VAULT/vault2anki.toml
(export/init_vault.py does it), and what the first export will give, printed."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import Vault2AnkiError
from ..export.init_vault import init_vault
from ..model import shown
from .common import fail
from .help import GroupedCommand
from .options import VAULT


@click.command(name="init", cls=GroupedCommand)
@VAULT
@click.option("--force", is_flag=True, help="Replace an existing vault2anki.toml.")
def init_command(vault: Path, force: bool) -> None:
    """Detect VAULT's layouts and write them to VAULT/vault2anki.toml, with a comment on what
    each option was found from; print what the first export will give."""
    try:
        done = init_vault(vault, force)
    except Vault2AnkiError as exc:
        fail(exc, problems=False)
    click.echo(f"wrote {shown(str(done.path))}")
    for name, value in done.options.items():
        text = ", ".join(value) if isinstance(value, tuple) else str(value)
        click.echo(f"  {name.replace('_', '-')} = {shown(text)}")
    if not done.options:
        click.echo("  (no options: the defaults read this vault)")
    result = done.result
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(done.warnings.items()))
    click.echo(
        f"first export: {done.cards} cards in {len(result.cards)} notes from "
        f"{result.note_files} note files (with the defaults: {done.before} cards), "
        f"{len(result.errors)} errors, {len(result.warnings)} warnings"
        + (f": {kinds}" if kinds else "")
    )
