"""The shipped adapter (``ghost_architect.models.shipped``) turned once into the default GGUF:
merged straight into the offline base 270M GGUF with numpy (``export.gguf_merge``: no torch,
~20 s on 2 cores; the same tensors as the torch export chain writes), into the cache folder that
``models.shipped`` names."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from ghost_architect import atomic
from ghost_architect.errors import GhostError
from ghost_architect.export import gguf_merge
from ghost_architect.models import offline, paths, shipped


def default_gguf(say: Callable[[str], None] = lambda _: None) -> Path:
    """The shipped model as a GGUF, built on first use by one process while others wait."""
    run = shipped.shipped_run()
    if run is None:
        raise GhostError("this install has no shipped default model", "pass --model")
    target = shipped.gguf_path(run)
    out = shipped.export_dir(run)
    atomic.build_once(out, lambda: _build(run, out, target, say), target.exists)
    return target


def _build(run: Path, out: Path, target: Path, say: Callable[[str], None]) -> None:
    """Merge into a clean folder (a killed build's leftovers go first), through a temporary
    file: nothing but a finished GGUF ever has the name ``target``."""
    say(f"building the default model once from its shipped adapter into {out} (~20 s)")
    shutil.rmtree(out, ignore_errors=True)
    target.parent.mkdir(parents=True)
    base = offline.gemma_270m_gguf()
    with atomic.filled(target) as tmp:
        gguf_merge.merge_adapter(
            base, paths.adapter_dir(run), tmp, shipped.NAME, offline.CHAT_TEMPLATE.read_text()
        )
