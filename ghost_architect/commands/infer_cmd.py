"""`ghost infer`: a screenshot (or a folder of them) in, the SQL schema behind it out."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from ghost_architect import atomic
from ghost_architect.console import console, err_console
from ghost_architect.errors import GhostError
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import registry
from ghost_architect.schema.render import DIALECTS, to_dialect, to_json, to_mermaid

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}


FORMATS = {"sql": ".sql", "json": ".json", "mermaid": ".mmd", "png": ".png"}


def render(result, fmt: str, dialect: str) -> str | bytes:
    """The schema in the chosen format: text, or PNG bytes for the ER diagram."""
    if fmt == "png":
        from ghost_architect.schema.erd import render_erd

        return render_erd(result.schema)
    if fmt == "json":
        return to_json(result.schema)
    if fmt == "mermaid":
        return to_mermaid(result.schema)
    return to_dialect(result.schema, dialect)


def show_report(result) -> None:
    report = result.report
    table = Table(title=f"{Path(result.image).name}: {len(result.schema.tables)} tables")
    for column in ("Table", "Columns", "Primary key", "References"):
        table.add_column(column, overflow="fold")
    for t in result.schema.tables:
        refs = ", ".join(f"{c.name}->{c.references[0]}" for c in t.columns if c.references)
        table.add_row(
            t.name, ", ".join(t.column_names()), ", ".join(t.primary_key) or "-", refs or "-"
        )
    err_console.print(table)
    verdict = "[green]executes in SQLite[/]" if report.executes else "[red]does not execute[/]"
    err_console.print(f"validation: {verdict}; {report.kept} CREATE TABLE kept", highlight=False)
    for label, items in (("dropped", report.dropped), ("parse error", report.parse_errors),
                         ("problem", report.problems), ("repair", report.repairs),
                         ("note", result.notes)):  # fmt: skip
        for item in items:
            err_console.print(f"  {label}: {escape(item)}", highlight=False)
    if report.sqlite_error:
        err_console.print(f"  sqlite: {escape(report.sqlite_error)}", highlight=False)
    times = ", ".join(f"{k} {v:.2f} s" for k, v in result.timings.items())
    err_console.print(f"engine {result.engine}, model {result.model}, attempts {result.attempts}; "
                      f"{times}", highlight=False)  # fmt: skip


def write(path: Path, content: str | bytes) -> None:
    atomic.write_bytes(path, content if isinstance(content, bytes) else content.encode("utf-8"))


def _folder_images(source: Path, out: str | None) -> list[Path]:
    try:
        images = sorted(p for p in source.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    except PermissionError:
        raise GhostError(f"{source}: folder cannot be read", "check its permissions") from None
    if not images:
        raise GhostError(
            f"{source}: no .png/.jpg/.webp images", "pass an image or a folder of them"
        )
    if not out:
        raise GhostError("a folder of screenshots needs --out DIR", "e.g. --out output/schemas")
    return images


@click.command("infer")
@click.argument("path", type=click.Path())
@click.option("--engine", "engine_name", default="auto", show_default=True,
              help="llamacpp (embedded), ollama, transformers, or auto.")  # fmt: skip
@click.option("--model", help="GGUF path (llamacpp), Ollama model name, or run folder.")
@click.option("--dialect", type=click.Choice(DIALECTS), default="sqlite", show_default=True)
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="sql",
              show_default=True, help="png: an ER diagram image (needs --out).")  # fmt: skip
@click.option("--out", type=click.Path(), help="Write here (a folder when PATH is a folder).")
@click.option("--retries", default=1, show_default=True, type=click.IntRange(0, 5),
              help="Ask again, with the parse error, when nothing parses.")  # fmt: skip
@click.option("--repair/--no-repair", default=True, show_default=True,
              help="Fix dangling keys and duplicates, or only report them.")  # fmt: skip
def infer_command(path, engine_name, model, dialect, fmt, out, retries, repair) -> None:
    """Turn a UI screenshot into the SQL schema behind it (offline by default)."""
    from ghost_architect.infer import default_model, infer, load_image, resolve_engine

    if fmt == "png" and not out:
        raise GhostError("--format png writes an image and needs --out", "e.g. --out schema.png")
    source = Path(path)
    images = _folder_images(source, out) if source.is_dir() else None
    if images is None:
        load_image(source)  # a bad file is reported before any model loads
    engine = resolve_engine(engine_name, dict(registry("engines").items))
    if model is None:
        with err_console.status("preparing the default model…"):
            model = default_model(engine.name, lambda m: err_console.print(m, highlight=False))
    if images is not None:
        from rich.progress import Progress

        suffix = FORMATS[fmt]
        failed = 0
        with Progress(console=err_console) as progress:
            task = progress.add_task("infer", total=len(images))
            for image in images:
                try:
                    result = infer(image, engine, model, retries, repair=repair)
                    write(Path(out) / f"{image.stem}{suffix}", render(result, fmt, dialect))
                except GhostError as exc:
                    failed += 1
                    progress.console.print(f"[red]{escape(str(exc))}[/]")
                progress.advance(task)
        console.print(f"wrote {len(images) - failed} schemas to {out}; {failed} failed")
        if failed:
            raise SystemExit(1)
        return
    result = infer(source, engine, model, retries, repair=repair)
    show_report(result)
    text = render(result, fmt, dialect)
    if out:
        write(Path(out), text)
        err_console.print(f"wrote {out}")
    else:
        console.print(text, markup=False, highlight=False, end="")
    if not result.report.parsed:
        raise SystemExit(1)


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(infer_command)
