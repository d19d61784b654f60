"""Atomic training checkpoints: adapter weights + optimiser, scheduler, data position and RNG.

A checkpoint is data, never code: the trainer state's tensors go to trainer_state.safetensors and
everything else to trainer_state.json, and adapters load only from adapter_model.safetensors. A
pickle (an older trainer_state.pt, an adapter_model.bin) is refused by name and never opened.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch

from ghost_architect import atomic
from ghost_architect.errors import UnreadableInput
from ghost_architect.models import paths
from ghost_architect.models.artefacts import NEVER_LOADED, adapter_weights, pickles
from ghost_architect.training import accelerator
from ghost_architect.training.state_codec import (
    STATE_JSON,
    STATE_TENSORS,
    checkpoint_dirs,
    checkpoint_path,
    decode,
    encode,
    prune,
)

COUNTERS = ("step", "cursor")  # the loop's position, integers in every state


def latest_checkpoint(run_dir: Path) -> Path | None:
    """The newest checkpoint that holds a trainer state (a pickled one too, to refuse it)."""
    found = [p for p in checkpoint_dirs(run_dir) if (p / STATE_JSON).exists() or pickles(p)]
    return found[-1] if found else None


def verify(checkpoint: Path) -> None:
    """Refuse a checkpoint whose state or adapter is not safetensors + JSON, naming the file."""
    for name in (STATE_JSON, STATE_TENSORS):
        if (checkpoint / name).is_file():
            continue
        found = pickles(checkpoint)
        if found:
            raise UnreadableInput(
                f"{found[0]}: a pickled trainer state, {NEVER_LOADED}",
                "start a new run with another --output (checkpoints of older versions cannot "
                "be resumed)",
            )
        raise UnreadableInput(
            f"{checkpoint}: no {name}", "remove this incomplete checkpoint to resume an older one"
        )
    adapter_weights(paths.adapter_dir(checkpoint))


def rng_state() -> dict[str, Any]:
    return {
        "python": random.getstate(),
        "numpy": np.random.get_state(),
        "torch": torch.get_rng_state(),
        **accelerator.rng_state(),  # e.g. "cuda": one state per visible GPU
    }


def restore_rng(state: dict[str, Any]) -> None:
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    accelerator.restore_rng(state)


def _torch_tensor(value: Any) -> torch.Tensor | None:
    """What a checkpoint keeps of a torch tensor (numpy arrays stay in the JSON)."""
    return value.detach().cpu().contiguous() if isinstance(value, torch.Tensor) else None


def write_state(folder: Path, state: dict[str, Any]) -> None:
    """Write ``state`` as trainer_state.safetensors (its tensors) + trainer_state.json."""
    from safetensors.torch import save

    tensors: dict[str, torch.Tensor] = {}
    encoded = encode(state, "state", tensors, _torch_tensor)
    atomic.write_bytes(folder / STATE_TENSORS, save(tensors))
    atomic.write_text(folder / STATE_JSON, json.dumps(encoded))


def save_adapter(model: Any, folder: Path, tensors: dict[str, torch.Tensor] | None) -> None:
    """The PEFT adapter folder; ``tensors``: its weights gathered from shards (keys as PEFT
    saves them), written beside its config (the sharded model cannot save itself alone)."""
    import copy

    from safetensors.torch import save

    if tensors is None:
        model.save_pretrained(str(folder), safe_serialization=True)
        return
    config = copy.deepcopy(model.peft_config["default"])
    config.inference_mode = True
    config.save_pretrained(str(folder))
    data = save({k: v.contiguous() for k, v in tensors.items()}, metadata={"format": "pt"})
    atomic.write_bytes(folder / "adapter_model.safetensors", data)


def save_checkpoint(
    run_dir: Path,
    step: int,
    model: Any,
    state: dict[str, Any],
    adapter: dict[str, torch.Tensor] | None = None,
) -> Path:
    """Write checkpoint-<step> whole or not at all; prune to the newest KEEP. ``adapter``: the
    adapter's tensors where they were gathered from shards (else the model's own)."""
    target = checkpoint_path(run_dir, step)
    with atomic.staged_dir(target, overwrite=True) as stage:
        save_adapter(model, paths.adapter_dir(stage), adapter)
        write_state(stage, state | {"rng": rng_state()})
    prune(run_dir)
    return target


def load_state(checkpoint: Path) -> dict[str, Any]:
    """The trainer state exactly as saved; only JSON and safetensors are read."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    verify(checkpoint)
    try:
        tensors = load_file(str(checkpoint / STATE_TENSORS))
        state = decode(json.loads((checkpoint / STATE_JSON).read_text()), tensors)
        if not (isinstance(state, dict) and all(isinstance(state.get(k), int) for k in COUNTERS)):
            raise TypeError(f"expected an object with integers {', '.join(COUNTERS)}")
        return state
    except (SafetensorError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise UnreadableInput(
            f"{checkpoint}: damaged trainer state ({type(exc).__name__}: {exc})",
            "remove this checkpoint to resume an older one",
        ) from None


def load_adapter_weights(model: Any, checkpoint: Path) -> None:
    """Load the checkpoint's adapter tensors into ``model``; a mismatch is one clear error."""
    from safetensors.torch import load_file

    weights = adapter_weights(paths.adapter_dir(checkpoint))
    fix = "resume with the config the run was started with, or start a new run"
    put_adapter_weights(model, lambda: load_file(str(weights)), weights, "this model", fix)


def put_adapter_weights(
    model: Any, read: Callable[[], dict], path: Path, into: str, fix: str
) -> None:
    """Set ``model``'s adapter to the tensors ``read`` gives (from ``path``); a damaged file, a
    tensor of another shape or a key the model lacks is one error naming ``path``."""
    from peft import set_peft_model_state_dict
    from safetensors import SafetensorError

    try:
        result = set_peft_model_state_dict(model, read())
        problems = [f"unexpected {key}" for key in getattr(result, "unexpected_keys", [])]
    except (SafetensorError, RuntimeError) as exc:
        problems = [str(exc).splitlines()[0]]
    if problems:
        raise UnreadableInput(f"{path}: does not load into {into}: {problems[0]}", fix)
