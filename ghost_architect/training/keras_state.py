"""The keras backend's files, written as the torch loop writes them (runs in the keras
interpreter: numpy + safetensors, no torch): the PEFT adapter folder and checkpoint-N with
trainer_state.json + trainer_state.safetensors in training/checkpoint.py's encoding, so the run
folder, `ghost train --resume`'s checks and every exporter read them unchanged."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from ghost_architect import atomic

KEEP = 2  # checkpoints kept, as training/checkpoint.py keeps
TENSOR, ITEMS = "__tensor__", "__items__"  # training/checkpoint.py's JSON markers


def write_adapter(folder: Path, tensors: dict[str, np.ndarray], config: dict[str, Any]) -> None:
    """adapter_model.safetensors + adapter_config.json into ``folder`` (made or replaced)."""
    from safetensors.numpy import save

    folder.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(folder / "adapter_model.safetensors", save(tensors, {"format": "pt"}))
    atomic.write_text(folder / "adapter_config.json", json.dumps(config, indent=2))


def read_adapter(folder: Path) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    return load_file(str(folder / "adapter_model.safetensors"))


def _encode(value: Any, key: str, tensors: dict[str, np.ndarray]) -> Any:
    if isinstance(value, np.ndarray):
        tensors[key] = np.array(value, order="C")  # ascontiguousarray would make 0-d 1-d
        return {TENSOR: key}
    if isinstance(value, list):
        return [_encode(v, f"{key}.{i}", tensors) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {ITEMS: [[k, _encode(v, f"{key}.{k}", tensors)] for k, v in value.items()]}
    return value


def _decode(value: Any, tensors: dict[str, np.ndarray]) -> Any:
    if isinstance(value, list):
        return [_decode(v, tensors) for v in value]
    if not isinstance(value, dict):
        return value
    if TENSOR in value:
        return tensors[value[TENSOR]]
    return {k: _decode(v, tensors) for k, v in value[ITEMS]}


def checkpoint_dirs(run_dir: Path) -> list[Path]:
    found = [p for p in (run_dir / "checkpoints").glob("checkpoint-*")
             if re.fullmatch(r"checkpoint-\d+", p.name)]  # fmt: skip
    return sorted(found, key=lambda p: int(p.name.split("-")[1]))


def save_checkpoint(run_dir: Path, step: int, adapter: dict[str, np.ndarray],
                    adapter_cfg: dict[str, Any], state: dict[str, Any]) -> Path:  # fmt: skip
    """checkpoint-<step> whole or not at all (adapter/ + trainer state); the newest KEEP stay."""
    from safetensors.numpy import save

    target = run_dir / "checkpoints" / f"checkpoint-{step}"
    with atomic.staged_dir(target, overwrite=True) as stage:
        write_adapter(stage / "adapter", adapter, adapter_cfg)
        tensors: dict[str, np.ndarray] = {}
        encoded = _encode(state, "state", tensors)
        atomic.write_bytes(stage / "trainer_state.safetensors", save(tensors))
        atomic.write_text(stage / "trainer_state.json", json.dumps(encoded))
    for old in checkpoint_dirs(run_dir)[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def load_checkpoint(checkpoint: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """A checkpoint's adapter tensors and trainer state."""
    from safetensors.numpy import load_file

    tensors = load_file(str(checkpoint / "trainer_state.safetensors"))
    state = _decode(json.loads((checkpoint / "trainer_state.json").read_text()), tensors)
    return read_adapter(checkpoint / "adapter"), state
