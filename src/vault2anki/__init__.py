"""vault2anki: export an Obsidian vault of question notes to an Anki package.

The library API (what the README's library section uses); everything else is internal to
its stage package, in pipeline order: `vault/` → `cards/` → `render/` → `apkg/` →
`identities/` → `export/` (over all notes, with `pipeline.py` per note), then `preview/`,
`sync/` and `cli/`."""

__version__ = "0.1.0"

from .errors import FrozenLockError, NoCardsError, Vault2AnkiError
from .export.run import ExportResult, build, export_vault, plan_export, write_export
from .model import Card, CardRef, Problem
from .options import Options

__all__ = [
    "Card",
    "CardRef",
    "ExportResult",
    "FrozenLockError",
    "NoCardsError",
    "Options",
    "Problem",
    "Vault2AnkiError",
    "__version__",
    "build",
    "export_vault",
    "plan_export",
    "write_export",
]
