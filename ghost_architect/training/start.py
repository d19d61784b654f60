"""``adapter.start_from``: a new run that starts from trained adapter weights instead of fresh ones.

``"shipped"`` names the default model's adapter (fine-tune it further on your own screens), a
path names an adapter folder (``adapter_model.safetensors`` + ``adapter_config.json``) or a run
folder (its ``adapter/``). The adapter's shape must be the run's at the start; where the planner
or the OOM ladder later shrinks the run's adapter, the weights are projected onto the new shape the
way a checkpoint is (``ladder.project_adapter``). A resumed run loads its checkpoint instead.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from ghost_architect.config import TrinityConfig
from ghost_architect.errors import UnreadableInput, UsageError
from ghost_architect.models import paths

SHAPE = ("r", "lora_alpha", "use_rslora", "use_dora")
WEIGHTS = "adapter_model.safetensors"


def start_adapter(spec: str) -> Path | None:
    """The adapter folder ``adapter.start_from`` names, or None when it is empty."""
    if not spec:
        return None
    if spec == "shipped":
        from ghost_architect.models.shipped import shipped_run

        run = shipped_run()
        if run is None:
            raise UsageError(
                "adapter.start_from: this install ships no default-model adapter",
                "reinstall ghost-architect, or name an adapter folder",
            )
        return paths.adapter_dir(run)
    path = Path(spec).expanduser()
    for folder in (path, paths.adapter_dir(path)):
        if (folder / WEIGHTS).is_file() and (folder / "adapter_config.json").is_file():
            return folder
    raise UsageError(
        f"adapter.start_from: {path} holds no {WEIGHTS} with its adapter_config.json",
        "name an adapter folder, a run folder (its adapter/ is used), or 'shipped'",
    )


def adapter_shape(folder: Path) -> dict[str, Any]:
    """r, lora_alpha, use_rslora, use_dora and target_modules recorded with the adapter."""
    path = folder / "adapter_config.json"
    try:
        recorded = json.loads(path.read_text())
        shape = {name: recorded[name] for name in SHAPE}
        targets = recorded["target_modules"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableInput(
            f"{path}: not a PEFT adapter config ({type(exc).__name__}: {exc})",
            "name the folder a ghost train run wrote its adapter into",
        ) from None
    if isinstance(targets, list):  # a vision adapter records a pattern: its load checks it
        shape["target_modules"] = sorted(targets)
    return shape


def check_start(config: TrinityConfig) -> Path | None:
    """Fail before loading anything when the start adapter's shape is not the run's."""
    folder = start_adapter(config.adapter.start_from)
    if folder is None:
        return None
    recorded = adapter_shape(folder)
    for name, value in recorded.items():
        wanted = getattr(config.adapter, name)
        if name == "target_modules":
            wanted = sorted(wanted)
        if value != wanted:
            raise UsageError(
                f"adapter.start_from: {folder} has {name} = {value!r}, "
                f"this run has adapter.{name} = {wanted!r}",
                f"set adapter.{name} to the start adapter's value, or leave adapter.start_from "
                "empty to train a fresh adapter",
            )
    return folder


def load_start_weights(model: Any, config: TrinityConfig) -> str:
    """Load the start adapter into ``model`` (projected onto the run's adapter shape where the
    planner or the OOM ladder changed it); returns the line to print."""
    from safetensors.torch import load_file

    from ghost_architect.training import ladder
    from ghost_architect.training.checkpoint import put_adapter_weights

    folder = start_adapter(config.adapter.start_from)
    assert folder is not None, "load_start_weights needs adapter.start_from"
    recorded = copy.deepcopy(config)
    for name, value in adapter_shape(folder).items():
        setattr(recorded.adapter, name, value)
    loaded: dict = {}

    def read() -> dict:
        weights = load_file(str(folder / WEIGHTS))
        if recorded.adapter != config.adapter:
            weights = ladder.project_adapter(weights, recorded, config)
        loaded.update(weights)
        return weights

    put_adapter_weights(model, read, folder / WEIGHTS, config.model.name,
                        "start from an adapter trained on this base model, or leave "
                        "adapter.start_from empty")  # fmt: skip
    return f"started from the adapter in {folder} ({len(loaded)} tensors)"
