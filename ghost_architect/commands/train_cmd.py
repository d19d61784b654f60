"""`ghost train` and `ghost plan`."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import click
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from ghost_architect.config import backend_choices, load_config, parse_assignments, preset_profile
from ghost_architect.console import console, err_console
from ghost_architect.errors import GhostError
from ghost_architect.hardware import device_kind, resolve_profile
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import named
from ghost_architect.training.launch import STRATEGIES


def _profile(name: str | None, preset: str | None):
    return resolve_profile(named("hardware"), name or preset_profile(preset))


class BackendName(click.ParamType):
    """'auto' or a registered training backend (plugins add more), checked when parsed."""

    name = "backend"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(backend_choices()) + "]"

    def convert(self, value, param, ctx) -> str:
        choices = backend_choices()
        if value not in choices:
            self.fail(f"{value!r} is not one of {', '.join(map(repr, choices))}.", param, ctx)
        return value


class GpuCount(click.ParamType):
    """A number of GPUs (processes) >= 1, or 'all'."""

    name = "N|all"

    def convert(self, value, param, ctx) -> str:
        if str(value) == "all" or (str(value).isdigit() and int(value) >= 1):
            return str(value)
        self.fail(f"{value!r} is not a number >= 1 or 'all'.", param, ctx)


def _scale_out(gpus: str, nnodes: int, node_rank: int, endpoint: str | None) -> None:
    """Started by hand with several GPUs or machines: run this same command under torchrun, one
    process per GPU, and exit with the run's code. Started by torchrun: pin this rank's GPU."""
    from ghost_architect.training import distributed, launch

    if launch.launched():
        distributed.pin_local_gpu()
        return
    visible = launch.visible_gpus()
    processes = launch.process_count(gpus, visible)
    if processes * nnodes == 1:
        return
    if not visible:
        err_console.print(f"no GPU here: {processes} CPU processes (gloo)", highlight=False)
    argv = launch.torchrun_argv(processes, sys.argv[1:], nnodes, node_rank, endpoint)
    raise SystemExit(launch.launch(argv))


@click.command("train")
@click.option("--config", "preset", help="Preset name (configs/NAME.toml) or TOML path.")
@click.option("--data", help="Training data file (overrides data.train).")
@click.option("--profile", help="Hardware profile (default: the preset's, else detected).")
@click.option("--max-steps", type=click.IntRange(1), help="Optimizer steps (overrides the preset).")
@click.option("--output", type=click.Path(file_okay=False), help="Run folder (train.output_dir).")
@click.option("--backend", type=BackendName(), help="Force a backend.")
@click.option(
    "--resume", is_flag=True, help="Continue the run in --output from its newest checkpoint."
)
@click.option("--force", is_flag=True, help="Train into an --output folder that holds other files.")
@click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE", help="Override a key.")
@click.option(
    "--gpus",
    type=GpuCount(),
    default="1",
    show_default=True,
    help="GPUs (processes) per machine, or 'all'; more than 1 runs under torchrun.",
)
@click.option(
    "--strategy",
    type=click.Choice(STRATEGIES),
    default="auto",
    show_default=True,
    help="Several GPUs: ddp (replicas) or fsdp (sharded weights).",
)
@click.option(
    "--nnodes",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Machines in the run (torchrun).",
)
@click.option(
    "--node-rank",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="This machine's rank (torchrun).",
)
@click.option("--rdzv-endpoint", metavar="HOST:PORT", help="Node 0's address (torchrun).")
def train_command(
    preset, data, profile, max_steps, output, backend, resume, force, assignments,
    gpus, strategy, nnodes, node_rank, rdzv_endpoint,
) -> None:  # fmt: skip
    """Fine-tune with Trinity (QLoRA + DoRA + rsLoRA); Ctrl-C saves a checkpoint."""
    from ghost_architect.training.loop import Interrupted

    _scale_out(gpus, nnodes, node_rank, rdzv_endpoint)
    flags = parse_assignments(assignments)
    for key, value in (
        ("data.train", data),
        ("train.max_steps", max_steps),
        ("train.output_dir", output),
        ("train.backend", backend),
    ):
        if value is not None:
            flags[key] = str(value)
    chosen = _profile(profile, preset)
    if resume and not output:
        raise GhostError("--resume needs --output RUN_DIR", "name the run folder to continue")
    config = load_config(None if resume else preset, chosen, flags)
    run_dir = Path(config.train.output_dir)
    from ghost_architect.training.run import train

    columns = (
        TextColumn("[bold]train"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TextColumn("{task.fields[info]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    quiet = not _main_rank()  # rank 0 shows the run's progress
    with Progress(*columns, console=err_console, transient=True, disable=quiet) as progress:
        task = progress.add_task("train", total=None, info="loading…")

        def on_step(row: dict, total: int) -> None:
            info = f"loss {row['loss']:.4f} lr {row['lr']:.2e} {row['tokens_per_s']:.0f} tok/s"
            info += f" mem {row['memory_gib']:.1f} GiB"
            if "eval_loss" in row:
                info += f" eval {row['eval_loss']:.4f}"
            progress.update(task, completed=row["step"], total=total, info=info)

        def say(message: str) -> None:
            progress.console.print(message, highlight=False)

        try:
            summary = train(config, chosen, run_dir, resume, say, on_step, max_steps=max_steps,
                            force=force, strategy=strategy)  # fmt: skip
        except Interrupted as stop:
            progress.stop()
            if _main_rank():
                err_console.print(
                    f"[yellow]Interrupted at step {stop.step}: checkpoint saved in "
                    f"{run_dir}/checkpoints.[/] Resume with: ghost train --output {run_dir} "
                    "--resume" + ("" if gpus == "1" else f" --gpus {gpus}")
                )
            raise SystemExit(130) from None
    if not _main_rank():
        return
    console.print(
        f"[green]done[/]: {summary.steps} steps in {summary.seconds:.0f} s "
        f"({summary.seconds_per_step:.2f} s/step, {summary.tokens_per_s:.0f} tokens/s), loss "
        f"{summary.first_loss:.3f} -> {summary.final_loss:.3f}"
        + (f", eval {summary.eval_loss:.3f}" if summary.eval_loss is not None else "")
        + f", peak memory {summary.peak_memory_gib:.2f} GiB; adapter: {summary.adapter}"
    )


def _main_rank() -> bool:
    from ghost_architect.training.distributed import env_world

    return env_world().main


@click.command("plan")
@click.option("--model", "model_name", help="gemma-3-270m, -1b, -4b, -12b or -27b.")
@click.option("--profile", help="Hardware profile (default: the preset's, else detected).")
@click.option("--config", "preset", help="Take the other settings from a preset.")
@click.option("--seq", type=click.IntRange(16), help="max_seq_length.")
@click.option("--r", "rank", type=click.IntRange(1), help="LoRA rank.")
@click.option("--dora/--no-dora", default=None, help="DoRA magnitude vectors.")
@click.option("--batch", type=click.IntRange(1), help="Per-device batch size.")
@click.option("--vision", is_flag=True, help="Train with the vision tower loaded.")
@click.option("--backend", type=BackendName(), default="auto", help="Training backend.")
@click.option(
    "--gpus",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="GPUs of the profile's kind the run is spread over.",
)
@click.option(
    "--strategy",
    type=click.Choice(STRATEGIES),
    default="auto",
    show_default=True,
    help="With several GPUs: ddp, fsdp, or the one that fits.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object for scripts.")
def plan_command(model_name, profile, preset, seq, rank, dora, batch, vision, backend, gpus,
                 strategy, as_json):  # fmt: skip
    """Predict peak memory per component (per GPU) and walk the OOM ladder until the run fits."""
    from ghost_architect.models.catalog import model_spec
    from ghost_architect.training.backends import choose_backend, planner_coefficients
    from ghost_architect.training.planner import make_plan, plan_json
    from ghost_architect.training.planning import choose_strategy
    from ghost_architect.training.planning import plan_input as planned

    chosen = _profile(profile, preset)
    asked = {
        "model.max_seq_length": seq,
        "adapter.r": rank,
        "adapter.use_dora": dora,
        "train.per_device_train_batch_size": batch,
    }
    config = load_config(preset, chosen, {k: v for k, v in asked.items() if v is not None})
    spec = model_spec(model_name or config.model.name)
    plan_input = planned(config, chosen, vision, gpus, spec=spec)
    capacity = device_kind(chosen.kind).capacity_gib(chosen)
    backend = choose_backend(backend, chosen, here=False).name
    coefficients = planner_coefficients()
    if backend not in coefficients:
        raise GhostError(
            f"backend '{backend}' declares no memory coefficients: the planner cannot predict it",
            f"plan with --backend {' or '.join(coefficients)}",
        )
    strategy = choose_strategy(strategy, plan_input, chosen, backend)
    plan_input = replace(plan_input, strategy=strategy)
    plan = make_plan(plan_input, chosen.name, capacity, backend, coefficients)
    if as_json:
        click.echo(json.dumps(plan_json(plan), indent=2))
        return
    where = f"{gpus} x {chosen.name}, {strategy}, per GPU" if gpus > 1 else chosen.name
    table = Table(title=f"{spec.name} on {where} ({capacity:.1f} GiB) — predicted peak GiB")
    parts = list(plan.predictions[0].components)
    for column in ("backend", "seq", "r", "DoRA", *parts, "peak", "fits"):
        table.add_column(column, justify="right" if column not in ("backend", "fits") else "left")
    for p in plan.predictions:
        table.add_row(
            p.backend,
            str(p.seq),
            str(p.r),
            "on" if p.dora else "off",
            *(f"{p.components[k]:.2f}" for k in parts),
            f"{p.peak_gib:.2f}",
            "[green]yes[/]" if p.fits else "[red]no[/]",
        )
    console.print(table)
    for number, step in enumerate(plan.ladder, 1):
        console.print(f"ladder step {number} ({backend}): {step}")
    verdict = "[green]fits[/]" if plan.fits else "[red]does not fit, even after the ladder[/]"
    console.print(f"{backend}: {verdict}" + ("" if plan.ladder else " as asked"))
    if gpus > 1:
        peak = next(p for p in reversed(plan.predictions) if p.backend == backend).peak_gib
        console.print(f"{gpus} GPUs: strategy {strategy}, {peak:.2f} GiB peak per GPU")


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(train_command)
    cli.add_command(plan_command)
