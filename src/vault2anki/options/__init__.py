"""Every option of an export, in one validated object: `Options`. Takes flags and
`vault2anki.toml` (`config.py`); gives the frozen parts every stage reads.

`Options` holds the vault and four frozen parts — `layout` (how notes become questions and
answers), `render` (how Markdown becomes HTML), `deck` (where cards go) and `run` (how the
export runs: output, lock, cache, processes). Every field is named exactly like its
command-line option (`--answer-heading` → `layout.answer_heading`, `--no-lock` →
`run.no_lock`), and so like its `vault2anki.toml` key (`answer-heading = [...]`). The library
receives the whole object; the render cache is keyed by `Options.cards_key()`, derived from
the parts that shape cards.

Built in one of two ways, both through `Options.of(vault, **fields)`, which routes each field
to its part by name:

- the command line: `cli/options.py`'s `vault_options` declares a click option per field (from the
  field's `cli(...)` metadata, options/fields.py), applies `vault2anki.toml`, and builds the object;
- the library and tests: `Options.of(vault, output=out, no_lock=True)`.

Adding an option is a change in one place, plus the code that uses it:

1. add a field to the part it belongs to (`LayoutOptions` in options/layout.py; `RenderOptions`,
   `DeckOptions`, `RunOptions` in options/parts.py), named like the option (`my_option` for
   `--my-option`), with its default and `metadata=cli(help=..., ...)` (click's keyword
   arguments; `decls=("-m", "--my-option")` only when the spelling differs from the name;
   `writes=True` for options of commands that write a deck, as `--output`);
2. validate it in the part's `__post_init__` (raise `OptionsError`: exit 2 on the command line);
3. read it where it acts (`options.layout.my_option`) and name it in the README.

Every command declared with `@vault_options` (`check`, `list`, `diff`, `preview`) or
`@vault_options(writes=True)` (`export`, `sync`) then takes it, from the command line and the toml
file alike, and cached cards are re-rendered when it changes (if it is in `layout`, `render`
or `deck`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fields import (
    DEFAULT_ANSWER_MARKERS,
    DEFAULT_FLASHCARDS_TAG,
    DEFAULT_QUESTION_MARKERS,
    LinkMode,
    OptionsError,
    cli,
)
from .layout import LayoutOptions
from .parts import DeckOptions, RenderOptions, RunOptions
from .srplugin import PLUGIN_FIELDS, PLUGIN_SETTINGS, PluginSettings, read_plugin_settings

__all__ = [
    "DEFAULT_ANSWER_MARKERS",
    "DEFAULT_FLASHCARDS_TAG",
    "DEFAULT_QUESTION_MARKERS",
    "FIELD_PART",
    "PARTS",
    "PLUGIN_FIELDS",
    "PLUGIN_SETTINGS",
    "DeckOptions",
    "LayoutOptions",
    "LinkMode",
    "Options",
    "OptionsError",
    "PluginSettings",
    "RenderOptions",
    "RunOptions",
    "cli",
    "cli_fields",
]

PARTS: dict[str, type[Any]] = {
    "layout": LayoutOptions,
    "render": RenderOptions,
    "deck": DeckOptions,
    "run": RunOptions,
}


@dataclass(frozen=True)
class Options:
    """The vault and every option of an export, validated; see the module docstring."""

    vault: Path
    layout: LayoutOptions = field(default_factory=LayoutOptions)
    render: RenderOptions = field(default_factory=RenderOptions)
    deck: DeckOptions = field(default_factory=DeckOptions)
    run: RunOptions = field(default_factory=RunOptions)
    # The vault's Spaced Repetition settings file, if it has one (srplugin.py): its problem,
    # if any, is reported by the export (`sr-settings`).
    plugin: PluginSettings | None = field(default=None, compare=False)
    # (option field, where its value came from) for every value not a built-in default:
    # "--sr-inline", "vault2anki.toml", ".obsidian/…/data.json (singleLineCardSeparator)".
    origins: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, vault: Path, *, origins: dict[str, str] | None = None, **fields: Any) -> Options:
        """Options from fields named like the command-line options, each routed to its part;
        a field not given takes its value from the vault's Spaced Repetition settings
        (srplugin.py), else its default. `origins`: where the given fields came from.

        Raises OptionsError for a bad value or combination, TypeError for an unknown name.
        """
        unknown = set(fields) - set(FIELD_PART)
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        plugin = read_plugin_settings(Path(vault))
        taken = {k: v for k, v in plugin.values if k not in fields} if plugin else {}
        try:
            parts = _parts({**taken, **fields})
        except OptionsError as exc:
            if not taken or plugin is None:
                raise
            # The file's values cannot go together (or with the flags): none of them apply.
            parts = _parts(fields)
            plugin = dataclasses.replace(plugin, values=(), keys=(), problem=str(exc))
            taken = {}
        where = dict(origins or {})
        if plugin is not None:
            keys = dict(plugin.keys)
            where |= {k: f"{PLUGIN_SETTINGS}: {keys[k]}" for k in taken}
        return cls(vault=Path(vault), **parts, plugin=plugin, origins=tuple(where.items()))

    def replace(self, **fields: Any) -> Options:
        """A copy with some fields (named like the options) changed, validated again."""
        current = {
            f.name: getattr(getattr(self, FIELD_PART[f.name]), f.name)
            for kind in PARTS.values()
            for f in dataclasses.fields(kind)
        }
        changed = Options.of(self.vault, **{**current, **fields})
        return dataclasses.replace(changed, plugin=self.plugin, origins=self.origins)

    def cards_key(self) -> str:
        """Everything besides the note itself that shapes its cards: what the render cache
        is keyed by (with the vault's location). `run` changes how, never what."""
        return repr((self.layout, self.render, self.deck))


def _parts(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        part: kind(**{k: v for k, v in fields.items() if FIELD_PART[k] == part})
        for part, kind in PARTS.items()
    }


# Option name → the part holding it ("answer_heading" → "layout"); names are unique.
FIELD_PART: dict[str, str] = {
    f.name: part for part, kind in PARTS.items() for f in dataclasses.fields(kind)
}


def cli_fields() -> list[tuple[str, dataclasses.Field[Any]]]:
    """(part, field) of every command-line option, in declaration order."""
    return [
        (part, f)
        for part, kind in PARTS.items()
        for f in dataclasses.fields(kind)
        if "cli" in f.metadata
    ]
