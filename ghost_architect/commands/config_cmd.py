"""`ghost config`: the resolved TrinityConfig and where each value came from; `ghost presets`."""

from __future__ import annotations

import json

import click
from rich.table import Table

from ghost_architect.config import (
    list_presets,
    load_config,
    parse_assignments,
    preset_profile,
    read_preset,
)
from ghost_architect.console import console
from ghost_architect.hardware import resolve_profile
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import named


@click.command("config")
@click.option("--config", "preset", help="Preset name (configs/NAME.toml) or path to a TOML file.")
@click.option("--profile", help="Hardware profile (default: the preset's, else detected).")
@click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE", help="Override a key.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def config_command(
    preset: str | None, profile: str | None, assignments: tuple[str, ...], as_json: bool
) -> None:
    """Show the resolved config: defaults < preset < hardware profile < --set flags."""
    flags = parse_assignments(assignments)
    chosen = resolve_profile(named("hardware"), profile or preset_profile(preset))
    config = load_config(preset, chosen, flags)
    if as_json:
        click.echo(json.dumps(config.to_dict() | {"profile": config.profile}, indent=2))
        return
    table = Table(
        title=f"TrinityConfig — preset {config.preset or '(none)'}, profile {chosen.name}"
    )
    for column in ("Key", "Value", "Source"):
        table.add_column(column, overflow="fold")
    for key, value in config.flat().items():
        table.add_row(key, repr(value), config.sources.get(key, "default"))
    console.print(table)


@click.command("presets")
def presets_command() -> None:
    """List the TOML presets in configs/."""
    table = Table(title="Trinity presets")
    for column in ("Preset", "Profile", "Description"):
        table.add_column(column, overflow="fold")

    for path in list_presets():
        data = read_preset(path)
        table.add_row(path.stem, str(data.get("profile", "-")), str(data.get("description", "")))
    console.print(table)


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(config_command)
    cli.add_command(presets_command)
