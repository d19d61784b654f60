"""`ghost data`: validate, stats, perceive, formats (synth: data_synth_cmd; capture, annotate:
data_collect_cmd)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import click
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from ghost_architect import atomic
from ghost_architect.console import console, err_console
from ghost_architect.errors import GhostError, UsageError
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import named, registry

TOKENIZER_HELP = "Tokenizer for length checks: gemma-3-270m (offline), a model folder, or none."
PERCEIVER_HELP = "Perceiver (OCR) to read screenshots with; default $GHOST_PERCEIVER or rapidocr."


def _formats() -> dict:
    return named("datasets")


def _tokenizer(name: str):
    if name == "none":
        return None
    from ghost_architect.models.offline import load_tokenizer

    with console.status(f"loading tokenizer {name}…"):
        return load_tokenizer(name)


def progress_bar(label: str) -> Progress:
    """A bar with done/total, elapsed and remaining time, on stderr."""
    columns = (
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=err_console)


def _existing(path: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise GhostError(f"{path}: no such file or folder", "check the path")
    return p


@click.group("data")
def data_group() -> None:
    """Dataset formats, validation, statistics and the synthetic screenshot generator."""


@data_group.command("formats")
def formats_command() -> None:
    """List dataset formats and screenshot renderers (built-in and from plugins)."""
    table = Table(title="Dataset formats")
    for column in ("Format", "Description", "Plugin"):
        table.add_column(column)
    formats = registry("datasets")
    for name, fmt in formats.items.items():
        table.add_row(name, fmt.description, formats.owners[name])
    console.print(table)
    renderers = registry("renderers")
    table = Table(title="Screenshot renderers")
    for column in ("Renderer", "Description", "Available"):
        table.add_column(column)
    for name, renderer in renderers.items.items():
        reason = renderer.unavailable_reason()
        table.add_row(name, renderer.description, "yes" if reason is None else f"no: {reason}")
    console.print(table)


@data_group.command("validate")
@click.argument("file")
@click.option("--format", "fmt", default="auto", show_default=True, help="Force a dataset format.")
@click.option("--tokenizer", default="gemma-3-270m", show_default=True, help=TOKENIZER_HELP)
@click.option("--max-seq-length", default=2048, show_default=True, type=click.IntRange(16))
@click.option(
    "--fix", "fix_out", type=click.Path(dir_okay=False), help="Write a cleaned copy here."
)
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@click.option("--force", is_flag=True, help="Replace a --fix file that already exists.")
def validate_command(
    file: str,
    fmt: str,
    tokenizer: str,
    max_seq_length: int,
    fix_out: str | None,
    as_json: bool,
    force: bool,
) -> None:
    """Report every problem in FILE with its record number and field; exit 1 on errors."""
    from ghost_architect.data.dataset import validate, write_fixed

    path = _existing(file)
    if fix_out:
        _writable_beside(path, Path(fix_out), force, "--fix")
    dataset = validate(path, _formats(), fmt, _tokenizer(tokenizer), max_seq_length)
    errors = dataset.errors
    warnings = len(dataset.problems) - len(errors)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "file": str(path),
                    "format": dataset.format,
                    "records": dataset.total,
                    "problems": [vars(p) for p in dataset.problems],
                },
                indent=2,
            )
        )
    else:
        for problem in dataset.problems:
            style = "red" if problem.severity == "error" else "yellow"
            line = escape(problem.format(str(path)))
            console.print(f"[{style}]{problem.severity}[/] {line}", soft_wrap=True)
        verdict = "[red]invalid[/]" if errors else "[green]valid[/]"
        console.print(
            f"{escape(str(path))}: {dataset.total} records, format {dataset.format}: {verdict} "
            f"({len(errors)} errors, {warnings} warnings)"
        )
    if fix_out:
        kept = write_fixed(dataset, Path(fix_out), atomic.write_text)
        err_console.print(f"wrote {kept} clean records to {fix_out} (input untouched)")
    if errors:
        raise SystemExit(1)


def _writable_beside(source: Path, out: Path, force: bool, option: str) -> None:
    """An output never replaces the input, nor an existing file without --force (exit 2)."""
    if out.resolve() == source.resolve():
        raise UsageError(f"{option} {out}: would overwrite the input", "choose another output file")
    atomic.refuse_existing(out, force, f"pass --force to replace it, or choose another {option}")


@data_group.command("stats")
@click.argument("file")
@click.option("--format", "fmt", default="auto", show_default=True, help="Force a dataset format.")
@click.option("--tokenizer", default="gemma-3-270m", show_default=True, help=TOKENIZER_HELP)
@click.option("--max-seq-length", default=2048, show_default=True, type=click.IntRange(16))
@click.option("--plot", type=click.Path(dir_okay=False), help="Histogram PNG path.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option("--force", is_flag=True, help="Replace a --plot file that already exists.")
def stats_command(
    file: str,
    fmt: str,
    tokenizer: str,
    max_seq_length: int,
    plot: str | None,
    as_json: bool,
    force: bool,
) -> None:
    """Counts, roles, token-length distribution (table + PNG histogram), duplicates, images."""
    from ghost_architect.data.dataset import check_duplicates, load_dataset, token_lengths
    from ghost_architect.data.stats import compute_stats, length_histogram

    path = _existing(file)
    if plot:
        _writable_beside(path, Path(plot), force, "--plot")
    dataset = load_dataset(path, _formats(), fmt)
    check_duplicates(dataset)
    tok = _tokenizer(tokenizer)
    lengths = token_lengths(dataset.examples, tok) if tok is not None else []
    stats = compute_stats(dataset, lengths)
    plot_path = Path(plot) if plot else Path("output/stats") / f"{path.stem}-lengths.png"
    if lengths:
        length_histogram(
            lengths, f"{path.name}: {len(lengths)} examples", plot_path, max_seq_length
        )
    summary = {
        "file": str(path),
        "format": stats.format,
        "records": stats.records,
        "examples": stats.examples,
        "invalid": stats.records - stats.examples,
        "roles": dict(stats.roles),
        "turns": {str(k): v for k, v in sorted(stats.turns.items())},
        "tokens": stats.length_summary(),
        "over_max_seq_length": sum(n > max_seq_length for n in lengths),
        "duplicates": stats.duplicates,
        "near_duplicates": stats.near_duplicates,
        "images": stats.image_summary(),
        "histogram": str(plot_path) if lengths else None,
    }
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    table = Table(title=f"{path.name} — {stats.format}", show_header=False)
    table.add_column("what")
    table.add_column("value")
    for key in ("records", "examples", "invalid", "duplicates", "near_duplicates"):
        table.add_row(key.replace("_", " "), str(summary[key]))
    table.add_row("messages by role", ", ".join(f"{k} {v}" for k, v in stats.roles.items()))
    table.add_row("turns per example", ", ".join(f"{k}: {v}" for k, v in summary["turns"].items()))
    tokens = summary["tokens"]
    if tokens:
        table.add_row(
            "tokens min/p50/p90/p99/max",
            "/".join(str(tokens[k]) for k in ("min", "p50", "p90", "p99", "max")),
        )
        table.add_row("tokens mean / total", f"{tokens['mean']} / {tokens['total']}")
        table.add_row(f"over {max_seq_length}", str(summary["over_max_seq_length"]))
    images = summary["images"]
    if images:
        table.add_row("images", str(images["count"]))
        table.add_row("width min/median/max", "/".join(map(str, images["width"])))
        table.add_row("height min/median/max", "/".join(map(str, images["height"])))
    console.print(table)
    if lengths:
        console.print(f"histogram: {plot_path}")


@data_group.command("perceive")
@click.argument("file")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Text SFT .jsonl.")
@click.option("--format", "fmt", default="auto", show_default=True, help="Force a dataset format.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(0),
    help="Processes OCR-ing in parallel (0 = one per core).",
)
@click.option("--perceiver", help=PERCEIVER_HELP)
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
def perceive_command(
    file: str, out: str, fmt: str, workers: int, perceiver: str | None, force: bool
) -> None:
    """OCR every screenshot of FILE into the layout text `ghost infer` gives a text-only model,
    and write {id, messages} SFT records pairing it with the gold SQL."""
    from ghost_architect.data.dataset import load_dataset
    from ghost_architect.data.perceived import perceived_records, screenshot_items
    from ghost_architect.perception import select_perceiver

    select_perceiver(perceiver)  # the workers inherit it
    atomic.refuse_existing(Path(out), force)
    dataset = load_dataset(_existing(file), _formats(), fmt)
    if dataset.errors:
        first = dataset.errors[0]
        raise GhostError(
            f"{first.format(file)} ({len(dataset.errors)} error(s) in all)",
            f"run `ghost data validate {file} --fix CLEAN.jsonl` and perceive the clean copy",
        )
    started = time.perf_counter()
    total = len(screenshot_items(dataset))
    with progress_bar("ocr") as progress:
        task = progress.add_task("ocr", total=total)
        lines = [
            json.dumps(record) + "\n"
            for record in perceived_records(
                dataset,
                lambda done: progress.update(task, completed=done),
                workers or os.cpu_count() or 1,
            )
        ]
    atomic.write_text(Path(out), "".join(lines))
    seconds = time.perf_counter() - started
    per_shot = seconds / max(1, len(lines))
    console.print(
        f"wrote {len(lines)} text SFT records to {out} ({per_shot:.2f} s per screenshot, "
        f"{len(lines) / max(seconds, 1e-9):.1f} screenshots/s)"
    )


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(data_group)
