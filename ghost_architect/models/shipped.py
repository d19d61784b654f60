"""The default model that ships inside the package: a DoRA + rsLoRA adapter for Gemma 3 270M
(trained by `ghost train --config cpu-270m-schema`, see its README.md), turned once into a GGUF
for the embedded llama.cpp engine.

The adapter is small enough to ship; the GGUF is not (250 MiB), so the first use builds it from
the offline base model through the ordinary export chain (merge -> f16 GGUF -> q8_0, ~1 min
on 2 cores) into the cache, keyed by the adapter's digest.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ghost_architect import atomic
from ghost_architect.models.offline import cache_dir

if TYPE_CHECKING:
    from ghost_architect.export.base import ExportContext

SHIPPED_RUN = Path(__file__).with_name("shipped") / "ghost-architect-270m"
NAME = "ghost-architect-270m"
QUANT = "q8_0"  # q4_k_m of the re-quantized 270M loses the fine-tune (it loops); q8_0 keeps it


def shipped_run() -> Path | None:
    """The shipped run folder (config.toml + adapter/), or None in a build without it."""
    return SHIPPED_RUN if (SHIPPED_RUN / "adapter" / "adapter_model.safetensors").exists() else None


@functools.lru_cache(maxsize=4)
def _adapter_digest(run: Path) -> str:
    """Digest of the adapter's files (package data: read once per process, not per screenshot)."""
    h = hashlib.sha256()
    for name in ("adapter_config.json", "adapter_model.safetensors"):
        h.update((run / "adapter" / name).read_bytes())
    return h.hexdigest()[:16]


def _context(run: Path, say: Callable[[str], None] = lambda _: None) -> ExportContext:
    """The export of this adapter into the cache, keyed by its digest."""
    from ghost_architect.export.base import context_for

    out = cache_dir() / "default-model" / _adapter_digest(run)
    return context_for(run, out, NAME, QUANT, say, force=True)  # the cache is ghost's own


def gguf_path(run: Path) -> Path:
    """Where the GGUF of this adapter lives once built."""
    return _context(run).gguf_file()


def is_built() -> bool:
    run = shipped_run()
    return run is not None and gguf_path(run).exists()


def default_gguf(say: Callable[[str], None] = lambda _: None) -> Path:
    """The shipped model as a GGUF, built on first use by one process while others wait."""
    run = shipped_run()
    if run is None:
        from ghost_architect.errors import GhostError

        raise GhostError("this install has no shipped default model", "pass --model")
    ctx = _context(run, say)
    target = ctx.gguf_file()
    atomic.build_once(ctx.out, lambda: _build(ctx), target.exists)
    return target


def _build(ctx: ExportContext) -> None:
    """Run the export chain from a clean folder (a killed build's leftovers go first); keep only
    the GGUF: the merged folder and the f16 GGUF are removed after."""
    from ghost_architect.export.base import chain_for, run_chain, stamp_path
    from ghost_architect.plugins import named

    ctx.say(f"building the default model once from its shipped adapter into {ctx.out} (~1 min)")
    shutil.rmtree(ctx.out, ignore_errors=True)
    chain = chain_for("gguf", named("exporters"))
    run_chain(ctx, chain, lambda stage: ctx.say(f"export stage {stage}…"))
    shutil.rmtree(ctx.merged_dir, ignore_errors=True)
    ctx.gguf_file("f16").unlink(missing_ok=True)
    stamp_path(ctx.gguf_file("f16")).unlink(missing_ok=True)
