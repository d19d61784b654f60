"""The ``ghost`` command group. Commands come from plugins (built-ins too) via register_commands."""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any

import click
from rich.markup import escape

from ghost_architect import __version__
from ghost_architect.console import err_console, quiet_libraries, warn
from ghost_architect.errors import EXIT_FAILURE, EXIT_INTERRUPTED, GhostError, missing_extra
from ghost_architect.plugins import get_plugin_manager

DEBUG_ENV = "GHOST_DEBUG"


def debug_enabled() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


def failed_command(error: BaseException, outer: click.Context) -> str:
    """The path of the innermost command ``error`` was raised in ('ghost data validate'): the
    deepest click context on its traceback (click pops the contexts as the error passes), else
    ``outer``'s."""
    path = outer.command_path
    tb = error.__traceback__
    while tb is not None:
        ctx = tb.tb_frame.f_locals.get("ctx")
        if isinstance(ctx, click.Context):
            path = ctx.command_path
        tb = tb.tb_next
    return path


class GhostGroup(click.Group):
    """Turns any failure into one clear line and a non-zero exit; --debug keeps the traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            err_console.print("[red]Interrupted.[/]")
            sys.exit(EXIT_INTERRUPTED)
        except Exception as caught:
            if debug_enabled():
                traceback.print_exc()
            command = failed_command(caught, ctx)
            exc = missing_extra(caught, command) or caught
            if isinstance(exc, GhostError):
                line = str(exc)
            else:
                line = f"{type(exc).__name__}: {exc} (run with --debug for the traceback)"
            err_console.print(f"[red]Error:[/] {escape(line)}", highlight=False, soft_wrap=True)
            sys.exit(exc.code if isinstance(exc, GhostError) else EXIT_FAILURE)


@click.group(cls=GhostGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ghost")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
def cli(debug: bool) -> None:
    """Ghost Architect: fine-tune Gemma 3 (QLoRA + DoRA + rsLoRA) and turn UI screenshots
    into SQL schemas."""
    if debug:
        os.environ[DEBUG_ENV] = "1"


def command_tree(group: click.Group, prefix: str = "") -> dict[str, tuple[click.Group, Any]]:
    """Every command under ``group`` by its path ('data synth'), with the group that holds it."""
    found: dict[str, tuple[click.Group, Any]] = {}
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        found[path] = (group, command)
        if isinstance(command, click.Group):
            found.update(command_tree(command, path + " "))
    return found


def add_plugin_commands(pm: Any, impl: Any) -> None:
    """Run one plugin's ``register_commands``: a command it adds under a path another has
    (``ghost infer``, ``ghost data synth``) is put back with one warning; the paths it adds, at
    the top or into an existing group, are listed as its own."""
    before = command_tree(cli)
    try:
        impl.function(cli=cli)
    except Exception as exc:
        pm.warn(f"plugin '{impl.plugin_name}' failed to add commands: {exc}")
    put_back: list[str] = []
    for path, (parent, command) in sorted(command_tree(cli).items()):
        if any(path.startswith(f"{p} ") for p in put_back):
            continue  # inside a group already put back
        if path in before and command is not before[path][1]:  # the first command keeps it
            parent.commands[path.rpartition(" ")[2]] = before[path][1]
            put_back.append(path)
            pm.warn(
                f"plugin '{impl.plugin_name}' adds a command 'ghost {path}', which "
                f"'{command_owner(pm, path)}' already has; skipped it"
            )
    for path in command_tree(cli):
        group = path.rpartition(" ")[0]
        if path not in before and (not group or group in before):
            pm.command_owners[path] = impl.plugin_name


def command_owner(pm: Any, path: str) -> str:
    """The plugin that added ``path`` or the group holding it ('ghost' for none)."""
    words = path.split()
    for end in range(len(words), 0, -1):
        owner = pm.command_owners.get(" ".join(words[:end]))
        if owner:
            return owner
    return "ghost"


def build_cli() -> click.Group:
    pm = get_plugin_manager()
    for impl in pm.hook.register_commands.get_hookimpls():
        add_plugin_commands(pm, impl)
    for message in pm.warnings:
        warn(message)
    pm.echo = warn
    return cli


def main() -> None:
    # Read by OpenMP when torch (or llama.cpp) first loads, so it must be set before any import
    # of them: on small CPUs spinning threads collapse throughput under any other load.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    if "--debug" not in sys.argv and not debug_enabled():
        quiet_libraries()
    build_cli()(prog_name="ghost")


if __name__ == "__main__":
    main()
