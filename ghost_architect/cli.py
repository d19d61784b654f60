"""The ``ghost`` command group. Commands come from plugins (built-ins too) via register_commands."""

from __future__ import annotations

import os
import sys
import traceback

import click
from rich.markup import escape

from ghost_architect import __version__
from ghost_architect.console import err_console, quiet_libraries, warn
from ghost_architect.errors import EXIT_FAILURE, EXIT_INTERRUPTED, GhostError, missing_extra
from ghost_architect.plugins import get_plugin_manager

DEBUG_ENV = "GHOST_DEBUG"


def debug_enabled() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


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
            command = " ".join(filter(None, ("ghost", ctx.invoked_subcommand)))
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


def build_cli() -> click.Group:
    pm = get_plugin_manager()
    for impl in pm.hook.register_commands.get_hookimpls():
        before = dict(cli.commands)
        try:
            impl.function(cli=cli)
        except Exception as exc:
            pm.warn(f"plugin '{impl.plugin_name}' failed to add commands: {exc}")
        for name, command in list(cli.commands.items()):
            if name not in before:
                pm.command_owners[name] = impl.plugin_name
            elif command is not before[name]:  # a name taken: the first command keeps it
                cli.commands[name] = before[name]
                pm.warn(
                    f"plugin '{impl.plugin_name}' adds a command 'ghost {name}', which "
                    f"'{pm.command_owners.get(name, 'ghost')}' already has; skipped it"
                )
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
