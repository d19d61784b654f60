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


def quiet_libraries() -> None:
    """Keep third-party chatter (progress bars, deprecation notes, optional-kernel notices) out
    of the CLI's output; --debug leaves it on."""
    import logging
    import os
    import warnings

    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module="torch")
    logging.getLogger("bitsandbytes").setLevel(logging.ERROR)
