"""`ghost eval`: a model against gold schemas, with the heuristic and base-model baselines."""

from __future__ import annotations

from pathlib import Path

import click
from rich.progress import Progress
from rich.table import Table

from ghost_architect import atomic
from ghost_architect.console import console, err_console
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import named

REPORTS = ("cases.jsonl", "summary.json")  # what evaluate() writes into --out


@click.command("eval")
@click.option("--data", "data", required=True, type=click.Path(), help="A ghost-vision split.")
@click.option("--engine", "engine_name", default="llamacpp", show_default=True)
@click.option("--model", help="Model for the engine (default: the shipped tuned 270M).")
@click.option("--baselines/--no-baselines", default=True, show_default=True,
              help="Also score the heuristic baseline, the untuned base model and the shipped "
                   "tuned model (each unless it is the one scored).")  # fmt: skip
@click.option(
    "--compare",
    multiple=True,
    metavar="MODEL",
    help="Also score this model with the same engine, side by side (repeatable).",
)
@click.option(
    "--ground/--no-ground",
    default=True,
    show_default=True,
    help="Ground text models' schemas in the screen text, as `ghost infer` does.",
)
@click.option("--limit", default=0, type=click.IntRange(0), help="Only the first N cases.")
@click.option("--out", default="output/eval", show_default=True, type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Replace the reports of an earlier eval in --out.")
def eval_command(data, engine_name, model, baselines, compare, ground, limit, out, force) -> None:
    """Parse-valid and executes rates, table/column P/R/F1, types, PK, FK F1, exact match."""
    from ghost_architect.evaluate import METRICS, Contender, evaluate, load_cases
    from ghost_architect.infer import resolve_engine
    from ghost_architect.serving.engine import baselines as declared_baselines
    from ghost_architect.serving.engine import default_model

    for report in REPORTS:
        atomic.refuse_existing(Path(out) / report, force)
    engines = named("engines")
    engine = resolve_engine(engine_name, engines)
    if model is None:
        with err_console.status("preparing the default model…"):
            model = default_model(engine, lambda m: err_console.print(m, highlight=False))
    contenders = [Contender(engine_name, engine, model)]
    for other in compare:  # candidates side by side, perceived once; none twice
        if all(c.model != other for c in contenders):
            label = _unused(f"{engine_name}:{Path(other).stem}", {c.label for c in contenders})
            contenders.append(Contender(label, engine, other))
    if baselines:
        # what each engine declares (the model-free ones first: the floor), bar one the user
        # asked for already (the same engine object with the same model), which is not run twice;
        # with --model, the shipped default is among them
        offered = [(label, name, base) for name, candidate in engines.items()
                   for label, base in declared_baselines(candidate)]  # fmt: skip
        for label, name, base in sorted(offered, key=lambda entry: entry[2] is not None):
            baseline = resolve_engine(name, engines)
            if base is None:  # the engine's default, named so it is compared like the rest
                base = default_model(baseline, lambda m: err_console.print(m, highlight=False))
            if all(c.engine is not baseline or c.model != base for c in contenders):
                contenders.append(Contender(label, baseline, base))
    total = len(load_cases(Path(data), limit)) * len(contenders)
    with Progress(console=err_console) as progress:
        task = progress.add_task("eval", total=total)
        summary = evaluate(Path(data), contenders, Path(out), limit,
                           lambda: progress.advance(task), ground)  # fmt: skip
    table = Table(title="ghost eval: mean [95% CI]", caption=f"data: {data}")
    table.add_column("metric")
    for label in summary:
        table.add_column(label, overflow="fold")
    for metric in METRICS:
        cells = []
        for entry in summary.values():
            m = entry[metric]
            cells.append(f"{m['mean']:.3f} [{m['ci95'][0]:.2f}, {m['ci95'][1]:.2f}]")
        table.add_row(metric, *cells)
    table.add_row("seconds/case", *(f"{e['seconds_per_case']:.2f}" for e in summary.values()))
    console.print(table)
    console.print(f"per-case results: {out}/cases.jsonl; summary: {out}/summary.json")


def _unused(label: str, taken: set[str]) -> str:
    """``label``, or ``label`` with the first number that makes it new (two models named alike)."""
    return next(
        f"{label}{n or ''}" for n in range(len(taken) + 1) if f"{label}{n or ''}" not in taken
    )


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(eval_command)
