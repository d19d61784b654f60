"""`ghost doctor`: is this machine ready for the chosen hardware profile?"""

from __future__ import annotations

import dataclasses
import json

import click
from rich.markup import escape
from rich.table import Table

from ghost_architect.console import console, status_style
from ghost_architect.doctor import run_checks
from ghost_architect.hardware import resolve_profile
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import named


@click.command("doctor")
@click.option("--profile", default="auto", show_default=True, help="Hardware profile to check for.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def doctor_command(profile: str, as_json: bool) -> None:
    """Check Python, torch, CUDA/bf16, bitsandbytes, unsloth, llama.cpp, Ollama, disk, models."""
    chosen = resolve_profile(named("hardware"), profile)
    checks = run_checks(chosen)
    failed = [c for c in checks if c.status == "fail"]
    if as_json:
        payload = {"profile": chosen.name, "checks": [dataclasses.asdict(c) for c in checks]}
        click.echo(json.dumps(payload, indent=2))
    else:
        table = Table(title=f"ghost doctor — profile {chosen.name}")
        for column in ("Check", "Status", "Detail", "Fix"):
            table.add_column(column, overflow="fold")
        for c in checks:
            style = status_style(c.status)
            table.add_row(
                escape(c.name), f"[{style}]{c.status}[/]", escape(c.detail), escape(c.fix)
            )
        console.print(table)
        warned = sum(c.status == "warn" for c in checks)
        summary = (
            f"{len(checks) - len(failed) - warned} passed, {warned} warnings, {len(failed)} failed"
        )
        console.print(("[red]" if failed else "[green]") + summary + "[/]")
        for c in failed:  # whole, unwrapped: a fix such as a rebuild command is copied from here
            line = f"{c.name}: {c.detail}" + (f" ({c.fix})" if c.fix else "")
            console.print(line, markup=False, highlight=False, soft_wrap=True)
    if failed:
        raise SystemExit(1)


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(doctor_command)
