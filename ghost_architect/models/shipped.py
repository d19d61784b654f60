"""The default model that ships inside the package: a DoRA + rsLoRA adapter for Gemma 3 270M
(trained by `ghost train --config cpu-270m-schema`, see its README.md), and where its GGUF for the
embedded llama.cpp engine lives once built.

The adapter is small enough to ship; the GGUF is not (280 MiB), so the first use builds it from
the offline base GGUF without torch (``ghost_architect.export.shipped``: the adapter merged with
numpy into the base's tensors, then q8_0) into the cache, keyed by the adapter's digest.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from ghost_architect.models import paths
from ghost_architect.models.offline import cache_dir

SHIPPED_RUN = Path(__file__).with_name("shipped") / "ghost-architect-270m"
NAME = "ghost-architect-270m"
QUANT = "q8_0"  # q4_k_m of the re-quantized 270M loses the fine-tune (it loops); q8_0 keeps it


def shipped_run() -> Path | None:
    """The shipped run folder (config.toml + adapter/), or None in a build without it."""
    weights = paths.adapter_dir(SHIPPED_RUN) / "adapter_model.safetensors"
    return SHIPPED_RUN if weights.exists() else None


@functools.lru_cache(maxsize=4)
def _adapter_digest(run: Path) -> str:
    """Digest of the adapter's files (package data: read once per process, not per screenshot)."""
    h = hashlib.sha256()
    for name in ("adapter_config.json", "adapter_model.safetensors"):
        h.update((paths.adapter_dir(run) / name).read_bytes())
    return h.hexdigest()[:16]


def export_dir(run: Path) -> Path:
    """The cache folder the adapter of ``run`` is exported into, keyed by its digest."""
    return cache_dir() / "default-model" / _adapter_digest(run)


def gguf_path(run: Path) -> Path:
    """Where the GGUF of this adapter lives once built."""
    return paths.gguf_file(export_dir(run), NAME, QUANT)


def is_built() -> bool:
    """Whether this install ships an adapter and its GGUF is already built."""
    run = shipped_run()
    return run is not None and gguf_path(run).exists()
