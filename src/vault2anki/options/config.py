"""`vault2anki.toml`: any command-line option of a command, kept with the vault.

Keys are option names without dashes' prefix (`answer-heading = ["Answer", "Solution"]`,
`deck = "Interview"`, `strict = true`); `-` and `_` are interchangeable. Flags given on the
command line win. Every unknown key and bad value is reported at once, with file and key.
Relative paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

CONFIG_NAME = "vault2anki.toml"


class ConfigError(click.UsageError):
    """Exit 2, like any other usage error, with every problem listed."""


def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def _long_names(command: click.Command) -> dict[str, click.Option]:
    """`answer-heading` → its Option, for every option spelled `--answer-heading`."""
    names: dict[str, click.Option] = {}
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in ("config", "help"):
            for opt in (*param.opts, *param.secondary_opts):
                if opt.startswith("--"):
                    names[opt[2:]] = param
    return names


def apply_config(
    ctx: click.Context, vault: Path, explicit: Path | None
) -> tuple[Path | None, set[str]]:
    """Fill options the user did not give from the config file; return the file used and the
    names of the parameters it filled.

    One file serves every command: a key another command knows (`output` for `list`) is
    skipped, a key no command knows is an error.
    """
    path = explicit if explicit is not None else vault / CONFIG_NAME
    if explicit is None and not path.is_file():
        return None, set()
    data = _load(path)
    mine = _long_names(ctx.command)
    group = ctx.parent.command if ctx.parent is not None else None
    anywhere: set[str] = set(mine)
    if isinstance(group, click.Group):
        for command in group.commands.values():
            anywhere |= set(_long_names(command))
    errors: list[str] = []
    filled: set[str] = set()
    for raw_key, value in data.items():
        key = raw_key.replace("_", "-")
        param = mine.get(key)
        if param is None or param.name is None:
            if key not in anywhere:
                errors.append(
                    f"{path}: unknown key '{raw_key}' (known: {', '.join(sorted(anywhere))})"
                )
            continue
        if param.multiple and isinstance(value, str):
            value = [value]
        if isinstance(param.type, click.Path) and isinstance(value, str):
            value = value if Path(value).is_absolute() else str(path.parent / value)
        try:
            converted = param.type_cast_value(ctx, value)
        except click.BadParameter as exc:
            errors.append(f"{path}: bad value for '{raw_key}': {exc.message}")
            continue
        if f"--{key}" in param.secondary_opts and isinstance(converted, bool):
            # `no-sr-highlight-cloze = true` means what `--no-sr-highlight-cloze` means.
            converted = not converted
        if ctx.get_parameter_source(param.name) in (ParameterSource.DEFAULT, None):
            ctx.params[param.name] = converted
            filled.add(param.name)
    if errors:
        raise ConfigError("\n".join(errors))
    return path, filled


def toml_value(value: Any) -> str:
    """A TOML value for an option's value: a string, a list of strings, a bool or a number.
    JSON's string escapes are TOML's basic string escapes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def config_text(entries: list[tuple[str, Any, str]], header: str) -> str:
    """A `vault2anki.toml`: `header` as comments, then each (field name, value, comment) as
    the comment over `key = value` (the key spelled like the long option)."""
    lines = [f"# {line}".rstrip() for line in header.split("\n")]
    for name, value, comment in entries:
        lines += ["", *(f"# {line}".rstrip() for line in comment.split("\n"))]
        lines.append(f"{name.replace('_', '-')} = {toml_value(value)}")
    return "\n".join(lines) + "\n"
