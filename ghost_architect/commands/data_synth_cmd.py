"""`ghost data synth`: screenshots with exact gold SQL from the data engine (data/synth/)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import click

from ghost_architect import atomic
from ghost_architect.commands.data_cmd import data_group, progress_bar
from ghost_architect.console import console
from ghost_architect.errors import GhostError
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import registry


def split_list(value: str) -> tuple[str, ...]:
    """--splits as a tuple of known split names (a usage error, exit 2, otherwise)."""
    from ghost_architect.data.synth.generate import SPLITS, unknown_splits

    chosen = tuple(s.strip() for s in value.split(",") if s.strip())
    wrong = unknown_splits(chosen) if chosen else [value]
    if wrong:
        raise click.BadParameter(f"unknown split '{wrong[0]}'; choose from {','.join(SPLITS)}")
    return chosen


def share_option(flag: str, help: str) -> Callable[[Callable], Callable]:
    """A ``--flag SHARE`` option of `ghost data synth`: a share between 0 and 1, off by default."""
    return click.option(
        flag, default=0.0, show_default=True, type=click.FloatRange(0, 1), help=help
    )


@click.command("synth")
@click.option("--n", "count", default=200, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option(
    "--out", default="data/generated/synth", show_default=True, type=click.Path(file_okay=False)
)
@click.option(
    "--renderer",
    default="html",
    show_default=True,
    help="html (headless Chromium, realistic) or pillow (no browser, fast).",
)
@click.option(
    "--kinds",
    default="",
    help="Comma list of page families (form, settings, wizard, modal, table, detail, "
    "master_detail, dashboard, account, record, entry); default all but record and entry, "
    "which --related draws.",
)
@click.option(
    "--overwrite", is_flag=True, help="Replace the files an earlier synth wrote in --out."
)
@click.option("--force", is_flag=True, help="Write into a folder with other files (they are kept).")
@share_option(
    "--procedural",
    "Share of train screens drawn over fresh procedural domains instead of the catalogue "
    "(0.5 recommended for training sets); val/test stay catalogue screens.",
)
@share_option(
    "--related",
    "Share of screens (any split) showing several related records: a record with its "
    "related lists, or a record entered with its lines (0.3 recommended for training sets).",
)
@share_option(
    "--wide",
    "Share of the procedural domains drawn wide, as dense admin screens are: records of "
    "8-22 columns that pick 1-4 lookups (a department, a payment term) from selects.",
)
@share_option(
    "--vague-titles",
    "Share of screens (any split) whose page title names no table: the app, a record number or "
    "a generic line ('Details', 'Almost done'), as on many real screens.",
)
@share_option(
    "--nonce",
    "Share of the procedural screens whose attribute columns are, about half of them, named by "
    "two common words no vocabulary holds ('Window agency'): labels a model can only copy.",
)
@click.option(
    "--splits",
    "only",
    default="train,val,test",
    show_default=True,
    callback=lambda _ctx, _param, value: split_list(value),
    help="Comma list of the splits to write; --n counts only their screens (e.g. --splits train "
    "for a training set that renders no val/test screens).",
)
def synth_command(
    count: int,
    seed: int,
    out: str,
    renderer: str,
    kinds: str,
    overwrite: bool,
    force: bool,
    procedural: float,
    related: float,
    wide: float,
    vague_titles: float,
    nonce: float,
    only: tuple[str, ...],
) -> None:
    """Generate screenshots with exact gold SQL, split by domain (same seed -> same bytes).

    The html renderer needs Chromium (apt-get install chromium) and Playwright
    (pip install 'ghost-architect[synth]'); --renderer pillow needs neither.

    --procedural P swaps a share P of the train screens for screens over freshly composed
    domains, so a model must copy on-screen labels rather than recall the ~35 catalogue
    domains. It defaults to 0 so that every published set (data/samples, the recipes in
    configs/, the shipped model's evaluation set) keeps reproducing byte for byte; pass 0.5
    when making a training set. Val and test are the same screens whatever P is.
    With --splits, a screen keeps the id it has in the full set of the same seed."""
    from ghost_architect.data.synth.families import FAMILIES, SCREEN_KINDS
    from ghost_architect.data.synth.generate import Mix, check_renderer, generate

    renderers = registry("renderers")
    if renderer not in renderers:
        raise GhostError(f"unknown renderer '{renderer}'", f"choose one of: {', '.join(renderers)}")
    chosen_kinds = tuple(k.strip() for k in kinds.split(",") if k.strip()) or SCREEN_KINDS
    unknown = [k for k in chosen_kinds if k not in FAMILIES]
    if unknown:
        raise GhostError(
            f"--kinds: unknown kind '{unknown[0]}'", f"choose from {', '.join(FAMILIES)}"
        )
    check_renderer(renderers[renderer])  # before the progress bar
    atomic.check_folder(Path(out), overwrite, force)
    started = time.perf_counter()
    with progress_bar("synth") as progress:
        task = progress.add_task("synth", total=count)
        summary = generate(
            count,
            seed,
            Path(out),
            renderers[renderer],
            chosen_kinds,
            overwrite=overwrite,
            on_progress=lambda done: progress.update(task, completed=done),
            force=force,
            mix=Mix(procedural, related, wide, vague_titles, nonce),
            only=only,
        )
    seconds = time.perf_counter() - started
    splits = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_split.items()))
    console.print(
        f"wrote {count} screens to {out} in {seconds:.1f} s ({count / seconds:.1f}/s): {splits}; "
        f"see {out}/README.md and {out}/contact-sheet.png"
    )


@hookimpl
def register_commands(cli: click.Group) -> None:
    data_group.add_command(synth_command)
