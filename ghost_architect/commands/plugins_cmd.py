"""`ghost plugins`: what is loaded, its hooks, what it provides and where it came from."""

from __future__ import annotations

import json

import click
from rich.table import Table

from ghost_architect.console import console
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import REGISTRY_HOOKS, get_plugin_manager


def plugin_rows() -> list[dict[str, object]]:
    pm = get_plugin_manager()
    provides: dict[str, list[str]] = {name: [] for name in pm.infos}
    for kind in REGISTRY_HOOKS:
        registry = pm.registry(kind)
        for item, owner in registry.owners.items():
            provides.setdefault(owner, []).append(f"{kind}:{item}")
    for command, owner in sorted(pm.command_owners.items()):
        provides.setdefault(owner, []).append(f"command:{command}")
    return [
        {
            "name": info.name,
            "source": info.source,
            "module": info.module,
            "hooks": pm.hooks_of(info.name),
            "provides": provides.get(info.name, []),
        }
        for info in pm.infos.values()
    ]


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--all", "show_all", is_flag=True, help="Include the built-in plugins.")
def plugins_command(as_json: bool, show_all: bool) -> None:
    """List loaded plugins, their hooks and where they came from."""
    rows = [r for r in plugin_rows() if show_all or r["source"] != "builtin"]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table(title="Ghost Architect plugins" + ("" if show_all else " (third-party; --all)"))
    for column in ("Plugin", "Source", "Hooks", "Provides"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            str(row["name"]),
            str(row["source"]),
            "\n".join(row["hooks"]),
            "\n".join(row["provides"]),
        )
    if not rows:
        table.caption = "No third-party plugins installed; see README 'Writing a plugin'."
    console.print(table)
    pm = get_plugin_manager()
    if pm.warnings:
        console.print(f"[yellow]{len(pm.warnings)} plugin problem(s), shown above.[/]")


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(plugins_command)
