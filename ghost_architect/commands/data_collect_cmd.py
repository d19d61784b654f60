"""`ghost data capture` and `ghost data annotate`: from a running app to a training set.

Capture screenshots the app's pages; annotate labels them with gold DDL from an annotator plugin,
perceived exactly as `ghost infer` perceives them, for a person to review before training.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from ghost_architect.commands.data_cmd import PERCEIVER_HELP, data_group, progress_bar
from ghost_architect.console import err_console
from ghost_architect.errors import GhostError, UsageError
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import registry


@click.command("capture")
@click.argument("urls", nargs=-1)
@click.option("--sitemap", help="Also capture every page this sitemap.xml URL lists.")
@click.option("--out", default="data/captured", show_default=True, type=click.Path(file_okay=False))
@click.option("--viewport", default="1280x800", show_default=True, help="WIDTHxHEIGHT in px.")
@click.option("--storage-state", type=click.Path(dir_okay=False, path_type=Path),
              help="A Playwright storage-state JSON file with the app's login.")  # fmt: skip
@click.option("--force", is_flag=True, help="Replace screenshots that already exist.")
def capture_command(urls, sitemap, out, viewport, storage_state, force) -> None:
    """Screenshot the pages of a running web app (URLS and/or --sitemap) into --out, with a
    manifest.jsonl. Needs Playwright and Chromium. Exit codes: 0 ok, 2 usage, 3 some URL
    could not be captured (the others are)."""
    from ghost_architect.data.capture import capture, require_browser, sitemap_urls
    from ghost_architect.data.capture import viewport as parse_viewport

    require_browser()
    pages = [*urls, *(sitemap_urls(sitemap) if sitemap else [])]
    if not pages:
        raise UsageError("no URL to capture", "pass URLs, or --sitemap URL")
    with progress_bar("capture") as progress:
        task = progress.add_task("capture", total=len(dict.fromkeys(pages)))

        def shown(outcome) -> None:
            if outcome.message:
                style = "red" if outcome.code else "dim"
                progress.console.print(f"[{style}]{escape(outcome.message)}[/]", soft_wrap=True)
            progress.advance(task)

        outcomes = capture(pages, Path(out), parse_viewport(viewport), storage_state, force, shown)
    _batch_done(f"captured into {out}", [o.code for o in outcomes])


@click.command("annotate")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--annotator", "name", required=True, help="Annotator to label with (see below).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="ghost-vision .jsonl; default FOLDER/annotations.jsonl.")  # fmt: skip
@click.option("--perceiver", help=PERCEIVER_HELP)
@click.option("--force", is_flag=True, help="Start over: replace --out and its review file.")
def annotate_command(folder: Path, name: str, out, perceiver, force: bool) -> None:
    """Label FOLDER's screenshots with gold CREATE TABLE DDL from an annotator into ghost-vision
    records, plus OUT.review.md to check before training. A run resumes where the last stopped.
    Annotators: openai-compatible (GHOST_ANNOTATOR_URL, _MODEL, _KEY) and plugins'. Exit
    codes: 0 ok, 1 failed, 2 usage, 3 unreadable, 4 no valid schema (the highest of its files)."""
    from ghost_architect.commands.infer_cmd import folder_images
    from ghost_architect.console import warn
    from ghost_architect.data.annotate.label import label_folder, review_path, unlabelled
    from ghost_architect.perception import select_perceiver

    annotators = registry("annotators")
    if name not in annotators:
        raise UsageError(f"unknown annotator '{name}'", f"choose one of: {', '.join(annotators)}")
    annotator, images = annotators[name], folder_images(folder)
    reason = annotator.unavailable_reason()
    if reason:
        raise GhostError(f"annotator '{name}' is unavailable: {reason}")
    if annotator.needs_network:
        warn(f"annotator '{name}' sends each screenshot to a server (model {annotator.model})")
    out = out or folder / "annotations.jsonl"
    todo = unlabelled(images, out, force)
    with progress_bar("annotate") as progress:
        task = progress.add_task("annotate", total=len(todo))

        def shown(outcome) -> None:
            if outcome.code:
                progress.console.print(f"[red]{escape(outcome.message)}[/]", soft_wrap=True)
            progress.advance(task)

        outcomes = label_folder(todo, out, annotator, select_perceiver(perceiver), force, shown)
    before = len(images) - len(todo)
    _batch_done(f"labelled into {out} ({before} done before; review {review_path(out)})",
                [o.code for o in outcomes])  # fmt: skip


def _batch_done(what: str, codes: list[int]) -> None:
    """The summary line on stderr, then the highest exit code of a failed item, if any."""
    failed = [c for c in codes if c]
    err_console.print(f"{what}: {len(codes) - len(failed)} of {len(codes)} ok", highlight=False)
    if failed:
        raise SystemExit(max(failed))


@hookimpl
def register_commands(cli: click.Group) -> None:
    data_group.add_command(capture_command)
    data_group.add_command(annotate_command)
