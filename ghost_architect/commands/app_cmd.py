"""`ghost app`: start the Streamlit app."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import click

from ghost_architect.errors import GhostError, MissingExtra
from ghost_architect.hookspecs import hookimpl

APP = Path(__file__).resolve().parent.parent.parent / "apps" / "streamlit_app.py"


def streamlit_command(port: int, host: str) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
            "--server.address", host, "--server.port", str(port),
            "--browser.gatherUsageStats", "false"]  # fmt: skip


@click.command("app")
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535))
@click.option("--host", default="127.0.0.1", show_default=True)
def app_command(port: int, host: str) -> None:
    """Start the upload-a-screenshot web app (Streamlit)."""
    if importlib.util.find_spec("streamlit") is None:
        raise MissingExtra("ghost app", "streamlit", "app")
    if not APP.exists():
        raise GhostError(f"{APP} is missing", "run `ghost app` from a checkout of the project")
    click.echo(f"Ghost Architect app on http://{host}:{port} (Ctrl-C to stop)")
    raise SystemExit(subprocess.call(streamlit_command(port, host)))


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(app_command)
