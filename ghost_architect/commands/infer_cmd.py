"""`ghost infer`: a screenshot (or a folder of them) in, the SQL schema behind it out."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from ghost_architect import atomic
from ghost_architect.console import err_console
from ghost_architect.errors import (
    EXIT_FAILURE,
    EXIT_INVALID_OUTPUT,
    EXIT_OK,
    EXIT_UNREADABLE,
    EXIT_USAGE,
    GhostError,
    UnreadableInput,
    UsageError,
)
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import named
from ghost_architect.schema.render import DIALECTS, to_dialect, to_json, to_mermaid

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}
URL_SCHEMES = ("http://", "https://")


FORMATS = {"sql": ".sql", "json": ".json", "mermaid": ".mmd", "png": ".png"}
EXIT_NAMES = {EXIT_FAILURE: "failed", EXIT_USAGE: "refused", EXIT_UNREADABLE: "unreadable",
              EXIT_INVALID_OUTPUT: "no valid schema"}  # fmt: skip


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


def emit(text: str) -> None:
    """Machine output on stdout exactly as made: never wrapped, coloured or highlighted."""
    click.echo(text, nl=False)


def checked(result) -> None:
    """A reply that gave no CREATE TABLE even after retries: exit code 4, nothing written."""
    if not result.report.parsed:
        why = (result.report.parse_errors or result.report.dropped or ["no CREATE TABLE"])[0]
        raise GhostError(
            f"{result.image}: the model's reply gave no valid schema after {result.attempts} "
            f"attempt(s) ({why})",
            "try --retries 3, or another --model",
            EXIT_INVALID_OUTPUT,
        )


def folder_images(source: Path) -> list[Path]:
    try:
        images = sorted(p for p in source.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    except PermissionError:
        raise UnreadableInput(f"{source}: folder cannot be read", "check its permissions") from None
    if not images:
        raise UsageError(
            f"{source}: no .png/.jpg/.webp images", "pass an image or a folder of them"
        )
    return images


@dataclass
class Outcome:
    """What happened to one file of a batch."""

    image: Path
    code: int
    message: str = ""


def run_batch(
    images: list[Path], one: Callable[[Path], None], failed: Callable[[Outcome], None]
) -> list[Outcome]:
    """``one`` on every image with a progress bar; a bad file goes to ``failed`` (and a red line)
    and the batch goes on."""
    from rich.progress import Progress

    outcomes = []
    with Progress(console=err_console, transient=True) as progress:
        task = progress.add_task("infer", total=len(images))
        for image in images:
            try:
                one(image)
                outcomes.append(Outcome(image, EXIT_OK))
            except GhostError as exc:
                outcomes.append(Outcome(image, exc.code, str(exc)))
            except Exception as exc:  # one broken file must not stop the other files
                outcomes.append(
                    Outcome(image, EXIT_FAILURE, f"{image}: {type(exc).__name__}: {exc}")
                )
            if outcomes[-1].code:
                progress.console.print(
                    f"[red]{escape(outcomes[-1].message)}[/]", highlight=False, soft_wrap=True
                )
                failed(outcomes[-1])
            progress.advance(task)
    return outcomes


def batch_exit(outcomes: list[Outcome], done: str) -> None:
    """The batch's summary line on stderr, then exit 0, or the highest code of a failed file."""
    failed = [o for o in outcomes if o.code]
    kinds = Counter(EXIT_NAMES.get(o.code, "failed") for o in failed)
    detail = "; ".join(f"{n} {kind}" for kind, n in kinds.items())
    line = f"{done}: {len(outcomes) - len(failed)} of {len(outcomes)} screenshots"
    err_console.print(line + (f"; {detail}" if detail else ""), highlight=False, soft_wrap=True)
    if failed:
        raise SystemExit(max(o.code for o in failed))


def _captured(url: str, storage_state: Path | None) -> Path:
    """A screenshot of the page at ``url`` in a temporary folder removed when the command ends."""
    from ghost_architect.data.capture import capture_one

    folder = click.get_current_context().with_resource(
        tempfile.TemporaryDirectory(prefix="ghost-capture-")
    )
    with err_console.status(f"capturing {url}…"):
        return capture_one(url, Path(folder), storage_state=storage_state)


@click.command("infer")
@click.argument("path", type=click.Path())
@click.option("--engine", "engine_name", default="auto", show_default=True,
              help="llamacpp (embedded), ollama, transformers, or auto.")  # fmt: skip
@click.option("--model", help="GGUF path (llamacpp), Ollama model name, or run folder.")
@click.option("--dialect", type=click.Choice(DIALECTS), default="sqlite", show_default=True)
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="sql",
              show_default=True, help="png: an ER diagram image (needs --out).")  # fmt: skip
@click.option("--out", type=click.Path(), help="Write here (a folder when PATH is a folder).")
@click.option("--force", is_flag=True, help="Replace --out files that already exist.")
@click.option("--retries", default=1, show_default=True, type=click.IntRange(0, 5),
              help="Ask again, with the parse error, when nothing parses.")  # fmt: skip
@click.option("--repair/--no-repair", default=True, show_default=True,
              help="Fix dangling keys and duplicates, or only report them.")  # fmt: skip
@click.option("--ground/--no-ground", default=True, show_default=True,
              help="Drop columns no word on the screen names; add labelled fields the model "
                   "left out (text models).")  # fmt: skip
@click.option("--perceiver", help="Perceiver (OCR) for text-only models; default "
              "$GHOST_PERCEIVER or rapidocr.")  # fmt: skip
@click.option("--storage-state", type=click.Path(dir_okay=False, path_type=Path),
              help="For a URL PATH: a Playwright storage-state file (login).")  # fmt: skip
def infer_command(path, engine_name, model, dialect, fmt, out, force, retries, repair, ground,
                  perceiver, storage_state) -> None:  # fmt: skip
    """Turn a UI screenshot into the SQL schema behind it (offline by default).

    A folder of screenshots is read file by file: a bad file is reported and the rest go on;
    without --out and with --format json it prints one JSON object per line. An http(s) URL
    is screenshotted first (1280x800, needs Playwright and Chromium). Exit codes: 0 ok,
    1 failed, 2 usage, 3 unreadable or nothing readable (or an unreachable URL), 4 no valid
    schema in the model's reply (a folder exits with the highest code of its files).
    """
    from ghost_architect.infer import infer, resolve_engine
    from ghost_architect.perception import select_perceiver
    from ghost_architect.perception.image import load_image
    from ghost_architect.serving.engine import default_model

    if fmt == "png" and not out:
        raise UsageError("--format png writes an image and needs --out", "e.g. --out schema.png")
    select_perceiver(perceiver)
    source = _captured(path, storage_state) if path.startswith(URL_SCHEMES) else Path(path)
    images = folder_images(source) if source.is_dir() else None
    if images is not None and not out and fmt != "json":
        raise UsageError(
            "a folder of screenshots needs --out DIR (or --format json for JSON lines)",
            "e.g. --out output/schemas",
        )
    suffix = FORMATS[fmt]
    if out:  # an existing output is replaced only with --force, checked before any work
        outputs = (
            [Path(out)] if images is None else [Path(out) / f"{i.stem}{suffix}" for i in images]
        )
        for output in outputs:
            atomic.refuse_existing(output, force)
    if images is None:
        load_image(source)  # a bad file is reported before any model loads
    engine = resolve_engine(engine_name, named("engines"))
    if model is None:
        with err_console.status("preparing the default model…"):
            model = default_model(engine, lambda m: err_console.print(m, highlight=False))
    if images is None:
        result = infer(source, engine, model, retries, repair=repair, ground=ground)
        show_report(result)
        checked(result)
        text = render(result, fmt, dialect)
        if out:
            write(Path(out), text)
            err_console.print(f"wrote {out}", highlight=False)
        else:
            emit(text)
        return

    def one(image: Path) -> None:
        result = infer(image, engine, model, retries, repair=repair, ground=ground)
        checked(result)
        if out:
            write(Path(out) / f"{image.stem}{suffix}", render(result, fmt, dialect))
        else:
            emit(json.dumps({"image": str(image), "status": "ok", **asdict(result.schema)}) + "\n")

    def failed(outcome: Outcome) -> None:
        if not out:
            line = {"image": str(outcome.image), "status": EXIT_NAMES.get(outcome.code, "failed"),
                    "exit_code": outcome.code, "error": outcome.message}  # fmt: skip
            emit(json.dumps(line) + "\n")

    outcomes = run_batch(images, one, failed)
    batch_exit(outcomes, f"wrote schemas to {out}" if out else "read")


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(infer_command)
