"""The keras backend's files, written as the torch loop writes them (runs in the keras
interpreter: numpy + safetensors, no torch): the PEFT adapter folder and checkpoint-N with
trainer_state.json + trainer_state.safetensors in training/checkpoint.py's encoding, so the run
folder, `ghost train --resume`'s checks and every exporter read them unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from ghost_architect import atomic
from ghost_architect.training.state_codec import (
    STATE_JSON,
    STATE_TENSORS,
    checkpoint_path,
    decode,
    encode,
    prune,
)


def write_adapter(folder: Path, tensors: dict[str, np.ndarray], config: dict[str, Any]) -> None:
    """adapter_model.safetensors + adapter_config.json into ``folder`` (made or replaced)."""
    from safetensors.numpy import save

    folder.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(folder / "adapter_model.safetensors", save(tensors, {"format": "pt"}))
    atomic.write_text(folder / "adapter_config.json", json.dumps(config, indent=2))


def read_adapter(folder: Path) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    return load_file(str(folder / "adapter_model.safetensors"))


def _array(value: Any) -> np.ndarray | None:
    """What a checkpoint keeps of a numpy array: all of them are tensors on this side."""
    return np.array(value, order="C") if isinstance(value, np.ndarray) else None  # 0-d stays 0-d


def save_checkpoint(run_dir: Path, step: int, adapter: dict[str, np.ndarray],
                    adapter_cfg: dict[str, Any], state: dict[str, Any]) -> Path:  # fmt: skip
    """checkpoint-<step> whole or not at all (adapter/ + trainer state); the newest KEEP stay."""
    from safetensors.numpy import save

    target = checkpoint_path(run_dir, step)
    with atomic.staged_dir(target, overwrite=True) as stage:
        write_adapter(stage / "adapter", adapter, adapter_cfg)
        tensors: dict[str, np.ndarray] = {}
        encoded = encode(state, "state", tensors, _array)
        atomic.write_bytes(stage / STATE_TENSORS, save(tensors))
        atomic.write_text(stage / STATE_JSON, json.dumps(encoded))
    prune(run_dir)
    return target


def load_checkpoint(checkpoint: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """A checkpoint's adapter tensors and trainer state."""
    from safetensors.numpy import load_file

    tensors = load_file(str(checkpoint / STATE_TENSORS))
    state = decode(json.loads((checkpoint / STATE_JSON).read_text()), tensors)
    return read_adapter(checkpoint / "adapter"), state
