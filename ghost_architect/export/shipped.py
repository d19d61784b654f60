"""The shipped adapter (``ghost_architect.models.shipped``) turned once into the default GGUF,
through the ordinary export chain (merge -> f16 GGUF -> q8_0, ~1 min on 2 cores), into the
cache folder that ``models.shipped`` names."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from ghost_architect import atomic
from ghost_architect.errors import GhostError
from ghost_architect.export import base
from ghost_architect.export.base import ExportContext
from ghost_architect.models import shipped
from ghost_architect.plugins import named

GGUF_STAGE = "gguf"  # the registered exporter whose output is the default model


def _context(run: Path, say: Callable[[str], None] = lambda _: None) -> ExportContext:
    """The export of this adapter into the cache, keyed by its digest."""
    out = shipped.export_dir(run)
    return base.context_for(run, out, shipped.NAME, shipped.QUANT, say, force=True)  # our cache


def default_gguf(say: Callable[[str], None] = lambda _: None) -> Path:
    """The shipped model as a GGUF, built on first use by one process while others wait."""
    run = shipped.shipped_run()
    if run is None:
        raise GhostError("this install has no shipped default model", "pass --model")
    ctx = _context(run, say)
    target = ctx.gguf_file()
    atomic.build_once(ctx.out, lambda: _build(ctx), target.exists)
    return target


def _build(ctx: ExportContext) -> None:
    """Run the export chain from a clean folder (a killed build's leftovers go first); keep only
    the GGUF: the merged folder and the f16 GGUF are removed after."""
    ctx.say(f"building the default model once from its shipped adapter into {ctx.out} (~1 min)")
    shutil.rmtree(ctx.out, ignore_errors=True)
    chain = base.chain_for(GGUF_STAGE, named("exporters"))
    base.run_chain(ctx, chain, lambda stage: ctx.say(f"export stage {stage}…"))
    shutil.rmtree(ctx.merged_dir, ignore_errors=True)
    ctx.gguf_file("f16").unlink(missing_ok=True)
    base.stamp_path(ctx.gguf_file("f16")).unlink(missing_ok=True)
