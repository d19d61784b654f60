"""The checkpoint format's pieces that need no torch, shared by training/checkpoint.py and the
keras backend's loop (training/keras_state.py, which runs where torch is not installed): the file
names, how many checkpoints stay, their folders, and the trainer state's JSON encoding, whose
tensors go to a safetensors file beside it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

STATE_JSON = "trainer_state.json"
STATE_TENSORS = "trainer_state.safetensors"
KEEP = 2
# The JSON encoding: every dict becomes {ITEMS: [[key, value], ...]} (int keys survive), so a
# JSON object is always one of these markers.
TENSOR, TUPLE, ITEMS, ARRAY = "__tensor__", "__tuple__", "__items__", "__ndarray__"


def checkpoint_dirs(run_dir: Path) -> list[Path]:
    """The run's checkpoint-N folders, oldest first."""
    folder = run_dir / "checkpoints"
    found = [p for p in folder.glob("checkpoint-*") if re.fullmatch(r"checkpoint-\d+", p.name)]
    return sorted(found, key=lambda p: int(p.name.split("-")[1]))


def checkpoint_path(run_dir: Path, step: int) -> Path:
    return run_dir / "checkpoints" / f"checkpoint-{step}"


def prune(run_dir: Path) -> None:
    """Remove all but the newest KEEP checkpoints."""
    for old in checkpoint_dirs(run_dir)[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)


def encode(value: Any, key: str, tensors: dict[str, Any], stored: Callable[[Any], Any]) -> Any:
    """``value`` as JSON data. ``stored(v)`` is the tensor to keep for ``v`` (it goes into
    ``tensors`` under its path ``key``), or None where ``v`` is no tensor of this side's kind; a
    numpy array that is none is kept in the JSON."""
    tensor = stored(value)
    if tensor is not None:
        tensors[key] = tensor
        return {TENSOR: key}
    if isinstance(value, np.ndarray):
        return {ARRAY: value.tolist(), "dtype": str(value.dtype)}
    if isinstance(value, (list, tuple)):
        items = [encode(v, f"{key}.{i}", tensors, stored) for i, v in enumerate(value)]
        return {TUPLE: items} if isinstance(value, tuple) else items
    if isinstance(value, dict):
        if not all(isinstance(k, (str, int)) for k in value):
            raise TypeError(f"checkpoint state {key}: keys must be text or integers")
        return {ITEMS: [[k, encode(v, f"{key}.{k}", tensors, stored)] for k, v in value.items()]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"checkpoint state {key}: cannot store a {type(value).__name__}")


def decode(value: Any, tensors: dict[str, Any]) -> Any:
    """The state ``encode`` wrote, its tensors taken from ``tensors``."""
    if isinstance(value, list):
        return [decode(v, tensors) for v in value]
    if not isinstance(value, dict):
        return value
    if TENSOR in value:
        return tensors[value[TENSOR]]
    if TUPLE in value:
        return tuple(decode(v, tensors) for v in value[TUPLE])
    if ARRAY in value:
        return np.array(value[ARRAY], dtype=np.dtype(value["dtype"]))
    return {k: decode(v, tensors) for k, v in value[ITEMS]}
