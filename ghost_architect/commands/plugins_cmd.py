"""`ghost plugins`: what is loaded, where it came from, what each plugin contributes per hook,
and each plugin's problems (a plugin that failed to load is listed too)."""

from __future__ import annotations

import json

import click
from rich.markup import escape
from rich.table import Table

from ghost_architect.console import console
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import REGISTRY_HOOKS, PluginInfo, get_plugin_manager


def _contributions() -> dict[str, dict[str, list[str]]]:
    """plugin -> kind (``readers``, ``engines``, ..., ``commands``) -> names, in order."""
    pm = get_plugin_manager()
    found: dict[str, dict[str, list[str]]] = {}
    for kind in REGISTRY_HOOKS:
        for item, owner in pm.registry(kind).owners.items():
            found.setdefault(owner, {}).setdefault(kind, []).append(item)
    for command, owner in sorted(pm.command_owners.items()):
        found.setdefault(owner, {}).setdefault("commands", []).append(command)
    return found


def plugin_rows() -> list[dict[str, object]]:
    """One row per plugin, loaded or failed: origin, hooks, contributions and problems."""
    pm = get_plugin_manager()
    found = _contributions()

    def row(info: PluginInfo, status: str) -> dict[str, object]:
        contributes = found.get(info.name, {})
        return {
            "name": info.name,
            "source": info.source,
            "module": info.module,
            "status": status,
            "hooks": pm.hooks_of(info.name) if status == "loaded" else [],
            "contributes": contributes,
            "provides": [  # flat "kind:name" (kept for scripts written against it)
                f"{'command' if kind == 'commands' else kind}:{name}"
                for kind, names in contributes.items()
                for name in names
            ],
            "problems": pm.problems_of(info.name),
        }

    loaded = [row(info, "loaded") for info in pm.infos.values()]
    return loaded + [row(info, "failed") for info in pm.failed.values()]


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--all", "show_all", is_flag=True, help="Include the built-in plugins.")
def plugins_command(as_json: bool, show_all: bool) -> None:
    """List plugins, where each came from, what it contributes per hook, and its problems."""
    rows = [r for r in plugin_rows() if show_all or r["source"] != "builtin"]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table(title="Ghost Architect plugins" + ("" if show_all else " (third-party; --all)"))
    for column in ("Plugin", "Source", "Contributes", "Problems"):
        table.add_column(column, overflow="fold")
    found = _contributions()
    for row in rows:
        name = str(row["name"])
        lines = [f"{kind}: {', '.join(names)}" for kind, names in found.get(name, {}).items()]
        failed = "" if row["status"] == "loaded" else " [red](failed)[/]"
        table.add_row(
            escape(name) + failed,
            escape(str(row["source"])),
            escape("\n".join(lines) or "-"),
            escape("\n".join(get_plugin_manager().problems_of(name))),
        )
    if not rows:
        table.caption = "No third-party plugins installed; see docs/plugins.md."
    console.print(table)
    pm = get_plugin_manager()
    if pm.warnings:
        console.print(f"[yellow]{len(pm.warnings)} plugin problem(s), shown above.[/]")


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(plugins_command)
