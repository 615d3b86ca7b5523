"""The `render`, `deck` and `run` parts of the options."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import click

from .fields import DEFAULT_BUDGET, LinkMode, OptionsError, cli

ImageMode = Literal["original", "optimize"]
DEFAULT_IMAGES: ImageMode = "original"  # README "Media" says why, with the figures


@dataclass(frozen=True)
class RenderOptions:
    """How card fields are rendered (render/renderer.py); plain values, so worker processes
    get them."""

    links: LinkMode = field(
        default="text",
        metadata=cli(
            type=click.Choice(["text", "obsidian"]),
            show_default=True,
            help="[[Wikilinks]] on cards: their text, or links that open the note in Obsidian.",
        ),
    )
    vault_name: str | None = field(  # None: the vault folder's name
        default=None,
        metadata=cli(
            metavar="NAME",
            help="The vault's name in Obsidian, for obsidian:// links. Default: the folder's name.",
        ),
    )
    # Obsidian's "Strict line breaks" setting; off (its default) makes a single newline inside
    # a paragraph a line break.
    strict_line_breaks: bool = field(
        default=False,
        metadata=cli(
            is_flag=True,
            help="A single newline inside a paragraph is a space, not a line break "
            "(for vaults with Obsidian's 'Strict line breaks' on).",
        ),
    )

    # Keep raw HTML as written (scripts, event handlers, any URL) instead of the allow-list of
    # sanitize.py; for vaults whose author trusts every note.
    trusted_html: bool = field(
        default=False,
        metadata=cli(
            is_flag=True,
            help="Keep raw HTML in notes as written (scripts, iframes, any URL). Default: "
            "remove what Anki's web view would run, as Obsidian's reading view does.",
        ),
    )

    # What the package holds of a vault image (render/images.py): its bytes as they are, or a
    # copy at most image_max_px on its longest side, screenshots as lossless WebP.
    images: ImageMode = field(
        default=DEFAULT_IMAGES,
        metadata=cli(
            type=click.Choice(["original", "optimize"]),
            show_default=True,
            help="Images as in the vault, or optimized for phones: at most --image-max-px on "
            "the longest side, screenshots as lossless WebP, photos as JPEG; never larger.",
        ),
    )
    image_max_px: int = field(
        default=1920,
        metadata=cli(
            type=click.IntRange(min=16),
            metavar="N",
            show_default=True,
            help="With --images optimize: the longest side an image keeps, in pixels.",
        ),
    )

    def __post_init__(self) -> None:
        if self.links not in ("text", "obsidian"):
            raise OptionsError(f"--links must be 'text' or 'obsidian', not {self.links!r}")
        if self.images not in ("original", "optimize"):
            raise OptionsError(f"--images must be 'original' or 'optimize', not {self.images!r}")
        if not isinstance(self.image_max_px, int) or self.image_max_px < 16:
            raise OptionsError(
                f"--image-max-px must be a whole number from 16, not {self.image_max_px!r}"
            )


@dataclass(frozen=True)
class DeckOptions:
    """Which deck cards go to (decks.py); a note's frontmatter `deck:` still wins."""

    deck: str | None = field(  # None: the vault folder's name
        default=None, metadata=cli(help="Deck name. Default: the vault folder's name.")
    )
    deck_from_folders: bool = field(
        default=False,
        metadata=cli(
            is_flag=True,
            help="Put each note's cards in DECK::Folder::Sub after its folder. "
            "A note's frontmatter 'deck:' still wins.",
        ),
    )


@dataclass(frozen=True)
class RunOptions:
    """How the export runs; nothing here changes a card's content."""

    output: Path | None = field(  # None: <vault name>.apkg in the current folder
        default=None,
        metadata=cli(
            decls=("-o", "--output"),
            writes=True,
            type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
            help="Where to write the deck ('-': to stdout). Default: <vault name>.apkg here.",
        ),
    )
    no_lock: bool = field(  # True: GUIDs from paths, mods from mtimes, no vault2anki.lock
        default=False,
        metadata=cli(
            is_flag=True, help="Ignore vault2anki.lock: identities from paths, mod from mtimes."
        ),
    )
    frozen: bool = field(  # fail instead of changing the lock (CI)
        default=False,
        metadata=cli(
            is_flag=True,
            writes=True,
            help="Fail (exit 1) instead of changing vault2anki.lock; for CI.",
        ),
    )
    relink: Path | None = field(  # a previous .apkg: identities from it, not from the lock
        default=None,
        metadata=cli(
            writes=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            metavar="OLD.apkg",
            help="Lost or damaged vault2anki.lock: take the identities from a deck you "
            "imported before, matching cards by content as the lock does; the lock is then "
            "rewritten.",
        ),
    )
    strict: bool = field(  # export: any warning (a lock that cannot be written too) is exit 1
        default=False,
        metadata=cli(
            is_flag=True, writes=True, help="Treat warnings as errors: write nothing, exit 1."
        ),
    )
    jobs: int | None = field(  # None: one process per usable core; 1: no pool
        default=None,
        metadata=cli(
            type=click.IntRange(min=1),
            metavar="N",
            help="Render with N processes. Default: one per CPU core (small vaults: one).",
        ),
    )
    no_cache: bool = field(
        default=False,
        metadata=cli(
            is_flag=True,
            help="Render every note again; neither read nor fill ~/.cache/vault2anki.",
        ),
    )
    time_budget: float = field(  # CPU seconds per step (reading, each card); 0: no limit
        default=DEFAULT_BUDGET,
        metadata=cli(
            type=click.FloatRange(min=0),
            metavar="SECONDS",
            show_default=True,
            help="Skip (with an error) a note whose reading or any one card takes more CPU "
            "seconds to render; 0: no limit.",
        ),
    )
    # Library only: tests and benchmarks point the cache at a folder of their own.
    cache_dir: Path | None = None  # None: $XDG_CACHE_HOME/vault2anki or ~/.cache/vault2anki

    def __post_init__(self) -> None:
        if self.frozen and self.no_lock:
            raise OptionsError("--frozen checks the lock; it cannot be used with --no-lock")
        if self.relink is not None and (self.frozen or self.no_lock):
            raise OptionsError(
                "--relink rewrites the lock; it cannot be used with --frozen or --no-lock"
            )
