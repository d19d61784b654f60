"""`ghost hardware`: the known hardware profiles, and which one this machine is."""

from __future__ import annotations

import dataclasses
import json

import click
from rich.table import Table

from ghost_architect.console import console
from ghost_architect.hardware import detect_profile, device_kinds
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import registry


def _cc(value: tuple[int, int] | None) -> str:
    return f"{value[0]}.{value[1]}" if value else "-"


def _has_own_memory(kind_name: str) -> bool:
    """Whether the device kind is an accelerator with its own memory (a kind no plugin registers
    here is taken for one); else it trains in system RAM."""
    kind = device_kinds().get(kind_name)
    return kind is None or kind.accelerator


def _no_accelerator() -> str:
    """What detection found when it fell back to a device without its own memory."""
    labels = [k.label for k in device_kinds().values() if k.accelerator]
    return f"no {' or '.join(labels)} detected" if labels else "no accelerator detected"


@click.command("hardware")
@click.option("--detect", is_flag=True, help="Name the profile that matches this machine.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def hardware_command(detect: bool, as_json: bool) -> None:
    """List hardware profiles (built-in and from plugins)."""
    profiles = registry("hardware")
    if detect:
        found = detect_profile(dict(profiles.items))
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "profile": found.profile.name,
                        "exact": found.exact,
                        "device": dataclasses.asdict(found.device),
                    }
                )
            )
            return
        if not _has_own_memory(found.device.kind):
            how = _no_accelerator()
        elif found.exact:
            how = "matched by name"
        else:
            how = "nearest by memory; no profile names it"
        console.print(
            f"[bold]{found.profile.name}[/] ({found.profile.display_name}) — device: "
            f"{found.device.name or found.device.kind}, {how}",
            highlight=False,
        )
        return
    ordered = sorted(profiles.values(), key=lambda p: (_has_own_memory(p.kind), p.vram_gib, p.name))
    if as_json:
        rows = [dataclasses.asdict(p) | {"plugin": profiles.owners[p.name]} for p in ordered]
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table(title="Hardware profiles")
    for column in ("Profile", "Device", "VRAM GiB", "bf16", "CC", "Presets", "Plugin"):
        table.add_column(column, overflow="fold")
    for p in ordered:
        table.add_row(
            p.name,
            p.display_name,
            f"{p.vram_gib:.1f}" if _has_own_memory(p.kind) else "system RAM",
            "yes" if p.bf16 else "no (fp16)",
            _cc(p.compute_capability),
            ", ".join(p.presets) or "-",
            profiles.owners[p.name].removeprefix("ghost_architect.builtin."),
        )
    console.print(table)


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(hardware_command)
