"""Weights someone hands us are data: found by name, loaded only as safetensors, and a pickle
(which can run code when opened) is refused without being opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ghost_architect.errors import UnreadableInput

ADAPTER_WEIGHTS = "adapter_model.safetensors"
PICKLE_SUFFIXES = {".pt", ".pth", ".bin", ".pkl", ".pickle", ".ckpt"}
NEVER_LOADED = "which ghost never loads (unpickling can run code)"


def pickles(folder: Path) -> list[Path]:
    """Pickle files in ``folder``, found by name and never opened."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in PICKLE_SUFFIXES)


def adapter_weights(folder: Path) -> Path:
    """``folder``'s adapter_model.safetensors; a pickled adapter is refused with one line."""
    weights = folder / ADAPTER_WEIGHTS
    if weights.is_file():
        return weights
    found = pickles(folder)
    if found:
        raise UnreadableInput(
            f"{found[0]}: a pickled adapter, {NEVER_LOADED}",
            f"save it as safetensors (save_pretrained(..., safe_serialization=True)) as "
            f"{ADAPTER_WEIGHTS}",
        )
    raise UnreadableInput(
        f"{folder}: no {ADAPTER_WEIGHTS}", "pass an adapter folder written by ghost train or PEFT"
    )


def load_adapted(adapter: Path, base_name: str) -> tuple[Any, bool]:
    """(PEFT model of ``adapter`` over its base loaded in fp32, whether the base is a vision
    checkpoint). fp32 keeps DoRA and rsLoRA exact for merging and for the reference engine; the
    adapter is read only from safetensors."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoModelForImageTextToText

    from ghost_architect.models.paths import is_vision_checkpoint

    adapter_weights(adapter)  # safetensors only: a pickled adapter is refused
    vision = is_vision_checkpoint(base_name)
    auto = AutoModelForImageTextToText if vision else AutoModelForCausalLM
    base = auto.from_pretrained(base_name, dtype=torch.float32)
    return PeftModel.from_pretrained(base, str(adapter)), vision
