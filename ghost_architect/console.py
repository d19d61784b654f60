"""Shared rich consoles: results to stdout, warnings and errors to stderr."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

console = Console()
err_console = Console(stderr=True)


def warn(message: str) -> None:
    err_console.print(f"[yellow]Warning:[/] {escape(message)}", highlight=False, soft_wrap=True)


def status_style(status: str) -> str:
    """Colour for pass/warn/fail style words."""
    return {"pass": "green", "warn": "yellow", "fail": "red"}.get(status, "white")
