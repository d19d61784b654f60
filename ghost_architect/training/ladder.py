"""The OOM ladder applied to a live run: next step for a config, and moving an adapter's weights
to the stepped-down shape so the run continues from its checkpoint instead of starting over.

The rungs are planner.ladder_rung's (the planner walks the same ladder). Gradient checkpointing
and a batch split into accumulation steps keep the adapter and the optimiser state as they are.
r 64 -> 32 keeps the best rank-32 approximation of each module's update B·A (an SVD of the small
r x r core after QR of A and B), rescaled for rsLoRA's alpha/sqrt(r). DoRA off drops the magnitude
vectors; targets -> q,v drops the other modules' adapters. Optimiser state restarts for new shapes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ghost_architect.config import TrinityConfig
from ghost_architect.training.lora_scale import lora_scale
from ghost_architect.training.planner import Knobs, ladder_rung

if TYPE_CHECKING:  # torch only where weights are reshaped: `ghost plan` runs without [train]
    import torch


def next_step(config: TrinityConfig) -> tuple[str, dict[str, object]] | None:
    """(description, dotted-key changes) of the next ladder rung (planner.ladder_rung), or None
    at the bottom."""
    t = config.train
    knobs = Knobs(config.model.max_seq_length, config.adapter.r, config.adapter.use_dora,
                  tuple(config.adapter.target_modules), t.per_device_train_batch_size,
                  t.gradient_accumulation_steps, t.gradient_checkpointing)  # fmt: skip
    rung = ladder_rung(knobs)
    if rung is None:
        return None
    description, after = rung
    keys = {
        "seq": "model.max_seq_length",
        "r": "adapter.r",
        "dora": "adapter.use_dora",
        "batch": "train.per_device_train_batch_size",
        "accumulation": "train.gradient_accumulation_steps",
        "gradient_checkpointing": "train.gradient_checkpointing",
    }
    changes: dict[str, object] = {
        key: getattr(after, knob)
        for knob, key in keys.items()
        if getattr(after, knob) != getattr(knobs, knob)
    }
    if after.targets != knobs.targets:
        changes["adapter.target_modules"] = list(after.targets)
    return description, changes


def reduce_rank(a: torch.Tensor, b: torch.Tensor, r_new: int, factor: float):
    """Best rank-r_new (A', B') with B'A' = factor * B A truncated; A: r x in, B: out x r."""
    import torch

    qb, rb = torch.linalg.qr(b.float())
    qa, ra = torch.linalg.qr(a.float().T)
    u, s, vh = torch.linalg.svd(rb @ ra.T)
    root = torch.sqrt(s[:r_new] * factor)
    b_new = (qb @ u[:, :r_new]) * root
    a_new = root[:, None] * (vh[:r_new] @ qa.T)
    return a_new.to(a.dtype), b_new.to(b.dtype)


def project_adapter(
    weights: dict[str, torch.Tensor], old: TrinityConfig, new: TrinityConfig
) -> dict[str, torch.Tensor]:
    """Adapter weights (PEFT state-dict keys) of ``old`` reshaped for ``new``'s adapter config."""
    keep = set(new.adapter.target_modules)
    module_of = re.compile(r"\.(\w+)\.lora_(?:A|B|magnitude_vector)")
    out: dict[str, torch.Tensor] = {}
    factor = lora_scale(old.adapter.lora_alpha, old.adapter.r, old.adapter.use_rslora) / lora_scale(
        new.adapter.lora_alpha, new.adapter.r, new.adapter.use_rslora
    )
    for key, value in weights.items():
        match = module_of.search(key)
        if match and match.group(1) not in keep:
            continue
        if "lora_magnitude_vector" in key and not new.adapter.use_dora:
            continue
        if ".lora_A." in key:
            b_key = key.replace(".lora_A.", ".lora_B.")
            if new.adapter.r != old.adapter.r or factor != 1.0:
                a_new, b_new = reduce_rank(value, weights[b_key], new.adapter.r, factor)
                out[key], out[b_key] = a_new, b_new
                continue
        if ".lora_B." in key and key in out:
            continue
        out[key] = value
    return out
