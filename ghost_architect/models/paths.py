"""Where model weights are on disk: a model name to a local folder, an adapter's tokenizer, whether
a checkpoint has a vision tower, and where an export puts its merged folder and GGUF files.

The one module that owns these paths: training, export and serving all ask it.
"""

from __future__ import annotations

import json
from pathlib import Path

from ghost_architect.models import offline
from ghost_architect.models.catalog import MODELS


def resolve_model_path(name: str) -> str:
    """A local folder for the model: the offline 270M, a folder path, or a hub id (online)."""
    if name in offline.OFFLINE_NAMES:
        return str(offline.hf_model_dir())
    if Path(name).is_dir():
        return name
    spec = MODELS.get(name)
    return spec.hub_id if spec else name


TOKENIZER_FILES = ("tokenizer.json", "tokenizer.model")  # the vocabulary itself


def tokenizer_source(adapter: Path, base: str) -> str:
    """The adapter folder when it carries a whole tokenizer, else the base model's: a shipped
    adapter carries none (training adds no tokens, so the base tokenizer is the adapter's). A
    folder with tokenizer_config.json but no vocabulary file (an adapter copied without its
    large tokenizer.json) is no tokenizer: loading one from it gives another vocabulary."""
    whole = (adapter / "tokenizer_config.json").exists() and any(
        (adapter / name).exists() for name in TOKENIZER_FILES
    )
    return str(adapter) if whole else base


def is_vision_checkpoint(path: str) -> bool:
    """Whether the checkpoint folder's config.json declares a vision tower."""
    config = Path(path) / "config.json"
    if not config.exists():
        return False
    return "vision_config" in json.loads(config.read_text())


def adapter_dir(run: Path) -> Path:
    """The adapter folder of a training run (or of one of its checkpoints)."""
    return run / "adapter"


def best_adapter_dir(run: Path) -> Path:
    """The adapter of a run's lowest eval loss (train.keep_best)."""
    return run / "best-adapter"


def snapshot_dir(run: Path, step: int) -> Path:
    """The adapter a run kept at ``step`` (train.snapshot_steps)."""
    return run / "snapshots" / f"step-{step}"


def merged_dir(out: Path, name: str) -> Path:
    """The merged (base + adapter) model folder of an export named ``name`` into ``out``."""
    return out / "merged" / name


def gguf_file(out: Path, name: str, quant: str) -> Path:
    """The ``quant`` GGUF of an export named ``name`` into ``out``."""
    return out / "gguf" / f"{name}-{quant}.gguf"
