"""`--help` in groups, common options first, and two examples per command.

Thirty options in one list hid the two a new user needs. Click has no option groups of its
own, but its `Command.format_options` is the documented place to lay the options out: each
command here is a `GroupedCommand`, which writes one help section per group below, in this
order, with the options of a group in the order `GROUPS` names them. An option not named here
falls in a group by the part of `Options` it sets (options/), else in "Other options", so a
new option is never left out of the help.
"""

from __future__ import annotations

import click

from ..options import FIELD_PART

GROUPS: dict[str, tuple[str, ...]] = {
    "What to read": ("config", "exclude", "no_lock", "relink"),
    "How cards are made": (
        "answer_heading",
        "frontmatter_question",
        "deck",
        "deck_from_folders",
        "question_heading",
        "frontmatter_folder",
        "frontmatter_tag",
        "keep_empty_answers",
        "links",
        "vault_name",
        "strict_line_breaks",
        "trusted_html",
        "images",
        "image_max_px",
    ),
    "Spaced Repetition": (
        "flashcards_tag",
        "flashcards_tag_ignore",
        "sr_inline",
        "sr_inline_reversed",
        "sr_multiline",
        "sr_multiline_reversed",
        "sr_multiline_end_marker",
        "sr_cloze_pattern",
        "sr_highlight_cloze",
        "deck_from_flashcards_tags",
        "sr_schedule",
        "no_sr_schedule",
    ),
    "Anki": ("url", "key", "dry_run", "prune", "prefer", "watch", "debounce"),
    "Output": (
        "output",
        "out_dir",
        "open_site",
        "force",
        "as_json",
        "quiet",
        "verbose",
        "strict",
        "frozen",
    ),
    "Run": ("jobs", "no_cache", "time_budget", "version"),
}
# Where an option not named above goes, by the part of Options its field belongs to.
_BY_PART = {"layout": "How cards are made", "render": "How cards are made"}
_BY_PART |= {"deck": "How cards are made", "run": "Run"}
OTHER = "Other options"

# Two examples per command: what it is most often run for, then a common variation.
EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "export": (
        ("vault2anki export ~/Obsidian/Interview", "write Interview.apkg here"),
        (
            "vault2anki export docs --frontmatter-question title -o docs.apkg",
            "notes whose frontmatter title is the question",
        ),
    ),
    "check": (
        ("vault2anki check ~/Obsidian/Interview", "every problem and the card count"),
        ("vault2anki check docs --strict --json", "for CI: exit 1 on a warning, JSON out"),
    ),
    "preview": (
        ("vault2anki preview ~/Obsidian/Interview --open", "see every card, then import"),
        ("vault2anki preview docs -o site --deck-from-folders", "a site in ./site"),
    ),
    "list": (
        ("vault2anki list ~/Obsidian/Interview", "deck, source and question per card"),
        ("vault2anki list docs --json", "every card's full question as JSON"),
    ),
    "diff": (
        ("vault2anki diff Interview.apkg ~/Obsidian/Interview", "what re-importing will do"),
        ("vault2anki diff old.apkg new.apkg --json", "two packages, as JSON"),
    ),
    "sync": (
        ("vault2anki sync ~/Obsidian/Interview --dry-run", "what would change in Anki"),
        (
            "vault2anki sync ~/Obsidian/Interview --prune",
            "also delete what left the vault",
        ),
    ),
    "init": (
        ("vault2anki init ~/Obsidian/Interview", "write the detected vault2anki.toml"),
        ("vault2anki init docs --force", "write it again over an existing one"),
    ),
}


def group_of(param: click.Parameter) -> tuple[str, int]:
    """(its group's title, its place in that group)."""
    name = param.name or ""
    if "--help" in getattr(param, "opts", ()):  # click's own, whatever it names it
        return "Run", len(GROUPS) + 1
    for title, names in GROUPS.items():
        if name in names:
            return title, names.index(name)
    if name.startswith("sr_"):
        return "Spaced Repetition", len(GROUPS["Spaced Repetition"])
    part = FIELD_PART.get(name)
    return (_BY_PART.get(part, OTHER) if part else OTHER), len(GROUPS)


class GroupedCommand(click.Command):
    """A command whose --help lists its options in groups and ends with examples."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows: dict[str, list[tuple[int, tuple[str, str]]]] = {}
        for param in self.get_params(ctx):
            if not isinstance(param, click.Option):
                continue  # VAULT and its kind: the usage line names them
            record = param.get_help_record(ctx)
            if record is not None:
                title, rank = group_of(param)
                rows.setdefault(title, []).append((rank, record))
        for title in (*GROUPS, OTHER):
            if title in rows:
                with formatter.section(title):
                    formatter.write_dl([record for _, record in sorted(rows[title])])

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        examples = EXAMPLES.get(self.name or "")
        if examples:
            with formatter.section("Examples"):
                for command, what in examples:  # as typed: never wrapped
                    formatter.write(f"{'':>{formatter.current_indent}}# {what}\n")
                    formatter.write(f"{'':>{formatter.current_indent}}{command}\n")


class GroupedCommands(click.Group):
    """The `vault2anki` group: every command it declares is a `GroupedCommand`."""

    command_class = GroupedCommand
