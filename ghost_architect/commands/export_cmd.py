"""`ghost export` (adapter -> merged -> GGUF -> Ollama) and `ghost chat` (talk to an engine)."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.table import Table

from ghost_architect.console import console, err_console
from ghost_architect.errors import GhostError
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import named, registry

DEFAULT_QUANT = "q4_k_m"  # for targets that do not declare their own default_quant


@click.command("export")
@click.argument("run_dir", type=click.Path(file_okay=False))
@click.option("--to", "target", default="gguf", show_default=True,
              help="adapter, merged, gguf, ollama or litert (and what plugins add).")  # fmt: skip
@click.option("--quant", default=None,
              help="q4_k_m, q5_k_m, q8_0 or f16 (litert: q8_0 only; a plugin's exporter may "
                   "offer its own). Default: the target's own (q4_k_m; litert q8_0).")  # fmt: skip
@click.option("--out", default="output", show_default=True, type=click.Path(file_okay=False))
@click.option("--name", default="ghost-architect", show_default=True, help="Name of the outputs.")
@click.option("--force", is_flag=True, help="Replace outputs in --out that are not up to date.")
def export_command(
    run_dir: str, target: str, quant: str | None, out: str, name: str, force: bool
) -> None:
    """Export a trained run; each stage is skipped when its inputs are unchanged. An existing
    output that would change is replaced only with --force."""
    from ghost_architect.export.base import chain_for, context_for, offered_quants, run_chain
    from ghost_architect.export.children import terminate_raises

    if not Path(run_dir).is_dir():
        raise GhostError(
            f"{run_dir}: no such run folder", "pass the --output folder of `ghost train`"
        )
    exporters = named("exporters")
    chain = chain_for(target, exporters)
    timings: dict[str, float] = {}
    started = [time.perf_counter()]

    def say(message: str) -> None:
        err_console.print(message, highlight=False)

    quant = quant or getattr(chain[-1], "default_quant", DEFAULT_QUANT)
    ctx = context_for(Path(run_dir), Path(out), name, quant, say, force, offered_quants(chain))
    with terminate_raises(), console.status("exporting…") as status:

        def on_stage(stage: str) -> None:
            status.update(f"export stage [bold]{stage}[/]…")
            started[0] = time.perf_counter()

        def timed_say(message: str) -> None:
            stage = message.split(":", 1)[0]
            timings[stage] = time.perf_counter() - started[0]  # up to its last message
            say(message)

        ctx.say = timed_say
        produced = run_chain(ctx, chain, on_stage)
    table = Table(title=f"ghost export {run_dir} --to {target}")
    for column in ("Stage", "Output", "Size", "Seconds"):
        table.add_column(column, overflow="fold")
    for stage, path in produced.items():
        size = (
            sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size
        )
        table.add_row(stage, str(path), f"{size / 2**20:.0f} MiB", f"{timings.get(stage, 0):.1f}")
    console.print(table)


@click.command("chat")
@click.argument("message")
@click.option("--model", required=True, help="Model for the engine (a GGUF path for llamacpp).")
@click.option("--engine", "engine_name", default="llamacpp", show_default=True)
@click.option("--system", default=None, help="System prompt.")
@click.option("--max-tokens", default=256, show_default=True, type=click.IntRange(1, 8192))
def chat_command(message: str, model: str, engine_name: str, system: str | None, max_tokens: int):
    """Send one message to a model through an engine and print the reply."""
    from ghost_architect.infer import resolve_engine

    engine = resolve_engine(engine_name, registry("engines"))  # known and usable here
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": message}
    ]
    reply = engine.chat(model, messages, max_tokens=max_tokens)
    console.print(reply.text, highlight=False, markup=False)
    err_console.print(
        f"{reply.completion_tokens} tokens in {reply.seconds:.2f} s ({reply.tokens_per_s:.1f}/s), "
        f"load {reply.load_seconds:.2f} s"
    )


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(export_command)
    cli.add_command(chat_command)
