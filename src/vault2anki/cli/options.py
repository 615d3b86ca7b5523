"""The command-line side of `Options`: one click option per field, and one builder.

`@vault_options` gives a command every option that says how to read a vault (options/
declares them), `--config`, and `vault2anki.toml`; the command receives them built and
validated as one `options: Options` argument. `@vault_options(writes=True)` adds the options
of commands that write a deck (`--output`, `--frozen`, `--relink`, `--strict`): `export`, and
any command that takes "every export option" (`sync`, less `--output`). `without=` drops
fields a command never reads (`--no-lock` on `check`, `list`, `preview`).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, overload

import click
from click.core import ParameterSource

from ..options import FIELD_PART, PLUGIN_FIELDS, Options, OptionsError, cli_fields
from ..options.config import apply_config

VAULT = click.argument("vault", type=click.Path(exists=True, file_okay=False, path_type=Path))

F = TypeVar("F", bound=Callable[..., Any])

CONFIG = click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Options file. Default: vault2anki.toml at the vault root.",
)


def _click_option(field: dataclasses.Field[Any]) -> Callable[[F], F]:
    decls, kwargs = field.metadata["cli"]
    decls = decls or ("--" + field.name.replace("_", "-"),)
    default = field.default if field.default is not dataclasses.MISSING else None
    return click.option(*decls, field.name, default=default, **kwargs)


@overload
def vault_options(func: F, /) -> F: ...
@overload
def vault_options(
    *, writes: bool = False, vault: str = "vault", without: tuple[str, ...] = ()
) -> Callable[[F], F]: ...
def vault_options(
    func: F | None = None,
    /,
    *,
    writes: bool = False,
    vault: str = "vault",
    without: tuple[str, ...] = (),
) -> F | Callable[[F], F]:
    """Declare the options and build them into `options` for the command.

    `vault`: the name of the command's argument that holds the vault folder (`diff` calls it
    `new`). `writes`: include the options of commands that write a deck. `without`: fields the
    command never reads (`check` never reads the lock: no `no_lock`), so its --help does not
    offer them; they keep their defaults, and the config file's keys for them are skipped.
    """
    unknown = set(without) - set(FIELD_PART)
    if unknown:  # a misspelt name would silently offer the option after all
        raise ValueError(f"vault_options(without=...): no such option field {sorted(unknown)}")

    def decorate(func: F) -> F:
        wrapped = _built(func, vault)
        for _, field in reversed(cli_fields()):
            if field.name in without:
                continue
            if writes or not field.metadata["writes"]:
                wrapped = _click_option(field)(wrapped)
        return CONFIG(wrapped)

    return decorate(func) if func is not None else decorate


def _built(func: F, vault_param: str) -> F:
    """Apply the vault's config file, then build `Options` from the parsed values."""

    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        ctx = click.get_current_context()
        vault = kwargs[vault_param]
        config = kwargs.pop("config", None)
        config_path: Path | None = None
        from_config: set[str] = set()
        if isinstance(vault, Path) and vault.is_dir():
            config_path, from_config = apply_config(ctx, vault, config)
            kwargs.update({k: v for k, v in ctx.params.items() if k in kwargs})
        fields = {k: kwargs.pop(k) for k in list(kwargs) if k in FIELD_PART}
        origins = _origins(ctx, fields, vault, config_path, from_config)
        # Left at click's default, a setting the vault's Spaced Repetition data.json may give
        # is not passed: Options.of takes it from there, else from the same default.
        for name in PLUGIN_FIELDS:
            if name not in origins:
                fields.pop(name, None)
        return func(options=build_options(vault, fields, origins), **kwargs)

    return wrapper  # type: ignore[return-value]


def _origins(
    ctx: click.Context,
    fields: dict[str, Any],
    vault: Path,
    config: Path | None,
    from_config: set[str],
) -> dict[str, str]:
    """Where each field not at its default came from: its flag, or the config file."""
    params = {p.name: p for p in ctx.command.params if isinstance(p, click.Option)}
    origins: dict[str, str] = {}
    for name in fields:
        if name in from_config and config is not None:
            origins[name] = config.name if config.parent == vault else str(config)
        elif ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None):
            param = params.get(name)
            # `--no-sr-highlight-cloze` for a flag's off side, as the user typed it.
            off = param is not None and param.secondary_opts and fields[name] is False
            origins[name] = (param.secondary_opts if off else param.opts)[-1] if param else name
    return origins


def build_options(
    vault: Path, fields: dict[str, Any], origins: dict[str, str] | None = None
) -> Options:
    """`Options` from parsed command-line values; a bad combination is a usage error (exit 2).

    Options left out on the command line keep their defaults: click passes the field defaults
    (those the vault's Spaced Repetition settings may give are left out instead).
    """
    try:
        return Options.of(vault, origins=origins, **fields)
    except OptionsError as exc:
        raise click.UsageError(str(exc)) from exc
