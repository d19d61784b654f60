"""PEFT's LoRA scale, in one place for every side that applies or rescales an adapter: the OOM
ladder, the numpy GGUF merge (no torch) and the keras backend's loop (no torch, no pluggy)."""

from __future__ import annotations

import math


def lora_scale(alpha: float, r: int, rslora: bool) -> float:
    """alpha / sqrt(r) with rsLoRA, else alpha / r."""
    return alpha / math.sqrt(r) if rslora else alpha / r
