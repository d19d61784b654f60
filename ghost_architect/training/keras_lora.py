"""PEFT-shaped LoRA on keras-hub's Gemma 3 (runs in the keras interpreter: JAX, no torch).

Keras's own ``enable_lora`` cannot be used: on the attention's EinsumDense kernels (heads, in,
head_dim) it factors A as (heads, in, r) and B as (r, head_dim), one A per head and one B shared by
the heads, which no PEFT q/k/v adapter can express. Here A (r, in) and B (out, r) are PEFT's own
tensors; scale * B @ A is laid out as the Keras kernel (the layout keras-hub's converter gives the
Hugging Face weight) and added to the frozen kernel, as Keras's LoRA adds its product.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

# PEFT target -> (the Keras layer inside decoder_block_N, the HF module's parent, kernel layout)
TARGETS: dict[str, tuple[str, str, str]] = {
    "q_proj": ("attention/query", "self_attn", "heads_in"),  # kernel (heads, in, head_dim)
    "k_proj": ("attention/key", "self_attn", "heads_in"),
    "v_proj": ("attention/value", "self_attn", "heads_in"),
    "o_proj": ("attention/attention_output", "self_attn", "heads_out"),  # (heads, head_dim, out)
    "gate_proj": ("ffw_gating", "mlp", "dense"),  # (in, out)
    "up_proj": ("ffw_gating_2", "mlp", "dense"),
    "down_proj": ("ffw_linear", "mlp", "dense"),
}
PEFT_PREFIX = "base_model.model.model.layers"


@dataclass(frozen=True)
class Site:
    """One adapted kernel: its PEFT module name, where it sits in the model's variables."""

    key: str  # base_model.model.model.layers.N.self_attn.q_proj
    index: int
    layout: str
    shape: tuple[int, ...]

    @property
    def fan_in(self) -> int:
        return self.shape[1] if self.layout == "heads_in" else math.prod(self.shape[:-1])

    @property
    def fan_out(self) -> int:
        return self.shape[-1] if self.layout != "heads_in" else self.shape[0] * self.shape[2]


def sites(paths: list[str], shapes: list[tuple[int, ...]], targets: list[str]) -> list[Site]:
    """The adapted kernels of every decoder block, in PEFT's order (layer, then target)."""
    unknown = sorted(set(targets) - set(TARGETS))
    if unknown:
        raise ValueError(
            f"adapter.target_modules {', '.join(unknown)}: the keras backend adapts "
            f"{', '.join(TARGETS)} only"
        )
    index = {path: i for i, path in enumerate(paths)}
    found: list[Site] = []
    layer = 0
    while f"decoder_block_{layer}/{TARGETS['q_proj'][0]}/kernel" in index:
        for name in targets:
            where, parent, layout = TARGETS[name]
            at = index[f"decoder_block_{layer}/{where}/kernel"]
            key = f"{PEFT_PREFIX}.{layer}.{parent}.{name}"
            found.append(Site(key, at, layout, tuple(shapes[at])))
        layer += 1
    return found


def to_kernel(delta: Any, site: Site) -> Any:
    """A (out, in) matrix in Hugging Face's layout as the Keras kernel of ``site``."""
    if site.layout == "heads_in":
        heads, width, head_dim = site.shape
        return delta.reshape(heads, head_dim, width).transpose(0, 2, 1)
    if site.layout == "heads_out":
        heads, head_dim, out = site.shape
        return delta.reshape(out, heads, head_dim).transpose(1, 2, 0)
    return delta.T


def init_factors(found: list[Site], r: int, seed: int) -> dict[str, dict[str, np.ndarray]]:
    """PEFT's initialisation: A uniform in +-1/sqrt(fan_in) (kaiming_uniform, a=sqrt(5)), B 0."""
    rng = np.random.default_rng(seed)
    factors = {}
    for site in found:
        bound = 1.0 / math.sqrt(site.fan_in)
        a = rng.uniform(-bound, bound, (r, site.fan_in)).astype(np.float32)
        factors[site.key] = {"A": a, "B": np.zeros((site.fan_out, r), np.float32)}
    return factors


def with_lora(values: list[Any], factors: dict[str, Any], found: list[Site], scale: float):
    """The model's variable values with scale * B @ A added to each adapted kernel (in float32,
    then back to the kernel's dtype)."""
    import jax.numpy as jnp

    merged = list(values)
    for site in found:
        kernel = values[site.index]
        pair = factors[site.key]
        delta = to_kernel(scale * (pair["B"] @ pair["A"]), site)
        merged[site.index] = (kernel.astype(jnp.float32) + delta).astype(kernel.dtype)
    return merged


def peft_tensors(factors: dict[str, Any]) -> dict[str, np.ndarray]:
    """The factors under the key names PEFT saves (lora_A.weight, lora_B.weight)."""
    out = {}
    for key, pair in factors.items():
        out[f"{key}.lora_A.weight"] = np.ascontiguousarray(np.asarray(pair["A"], np.float32))
        out[f"{key}.lora_B.weight"] = np.ascontiguousarray(np.asarray(pair["B"], np.float32))
    return out


def from_peft(tensors: dict[str, np.ndarray], found: list[Site]) -> dict[str, dict[str, Any]]:
    """Factors from PEFT-named tensors; a missing or misshapen one is a ValueError naming it."""
    factors = {}
    for site in found:
        a, b = tensors.get(f"{site.key}.lora_A.weight"), tensors.get(f"{site.key}.lora_B.weight")
        if a is None or b is None or a.shape[1] != site.fan_in or b.shape[0] != site.fan_out:
            raise ValueError(f"the adapter has no {site.key} of this model's shape")
        factors[site.key] = {"A": a.astype(np.float32), "B": b.astype(np.float32)}
    return factors


def adapter_config(base: str, r: int, alpha: float, rslora: bool, dropout: float,
                   targets: list[str]) -> dict[str, Any]:  # fmt: skip
    """adapter_config.json as PEFT writes it for a plain (no DoRA) LoRA on a causal LM."""
    return {
        "peft_type": "LORA",
        "task_type": "CAUSAL_LM",
        "base_model_name_or_path": base,
        "r": r,
        "lora_alpha": alpha,
        "lora_dropout": dropout,
        "use_rslora": rslora,
        "use_dora": False,
        "target_modules": sorted(targets),
        "bias": "none",
        "fan_in_fan_out": False,
        "init_lora_weights": True,
        "inference_mode": True,
        "modules_to_save": None,
        "revision": None,
    }
