"""keras-hub's Gemma 3 backbone loaded from a local Hugging Face folder, and its loss with the
PEFT-shaped LoRA (runs in the keras interpreter: JAX, no torch).

keras-hub converts the checkpoint itself (``Gemma3Backbone.from_preset`` on a folder whose
config.json has a ``model_type``: utils/transformers/convert_gemma3.py), offline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ghost_architect.training.keras_lora import Site, sites, with_lora

IGNORE = -100  # training/features.py's label of untrained positions (that module needs torch)
KERAS_DTYPES = {"bf16": "bfloat16", "fp32": "float32"}
LOSS_CHUNK = 64  # positions whose logits are materialised at once (the vocabulary is 262k)


@dataclass
class KerasGemma:
    backbone: Any
    values: list[Any]  # the frozen variables' values, in backbone.non_trainable_variables order
    sites: list[Site]
    embedding: int  # index of the token embedding (the tied output head) in ``values``
    soft_cap: float | None


def check_model(folder: Path) -> None:
    """Refuse a checkpoint keras-hub 0.32 would convert into a different model."""
    config = json.loads((folder / "config.json").read_text())
    if config.get("model_type") != "gemma3_text":
        raise ValueError(
            f"model_type '{config.get('model_type')}': the keras backend trains Gemma 3 text "
            "models (gemma3_text: 270M, 1B) only"
        )
    scalar, head_dim = config.get("query_pre_attn_scalar"), config.get("head_dim")
    per_head = config["hidden_size"] // config["num_attention_heads"]
    if scalar is not None and scalar not in (head_dim, per_head):
        raise ValueError(
            f"query_pre_attn_scalar {scalar}: keras-hub's Gemma 3 scales queries by head_dim "
            f"({head_dim}) or hidden_size/heads ({per_head}) only"
        )


def load(folder: str, dtype: str, targets: list[str]) -> KerasGemma:
    """The frozen backbone in ``dtype`` and the kernels the adapter targets."""
    import keras_hub

    check_model(Path(folder))
    backbone = keras_hub.models.Gemma3Backbone.from_preset(folder, dtype=KERAS_DTYPES[dtype])
    backbone.trainable = False
    variables = backbone.non_trainable_variables
    paths = [v.path for v in variables]
    found = sites(paths, [tuple(v.shape) for v in variables], targets)
    embedding = paths.index("token_embedding/embeddings")
    cap = backbone.final_logit_soft_cap
    return KerasGemma(backbone, [v.value for v in variables], found, embedding, cap)


def hidden_states(model: KerasGemma, values: list[Any], ids: Any, mask: Any) -> Any:
    out, _ = model.backbone.stateless_call([], values, {"token_ids": ids, "padding_mask": mask})
    return out


def logits(model: KerasGemma, values: list[Any], hidden: Any) -> Any:
    """float32 logits of ``hidden`` through the tied embedding (and the soft cap, if any)."""
    import jax.numpy as jnp

    embed = values[model.embedding]
    out = jnp.einsum("...d,vd->...v", hidden, embed, preferred_element_type=jnp.float32)
    if model.soft_cap:
        out = jnp.tanh(out / model.soft_cap) * model.soft_cap
    return out


def nll_sum(model: KerasGemma, values: list[Any], hidden: Any, targets: Any) -> Any:
    """Summed cross-entropy of the positions whose target is not IGNORE, LOSS_CHUNK positions
    at a time (each chunk's logits recomputed in the backward pass, never all kept)."""
    import jax
    import jax.numpy as jnp

    batch, width, dim = hidden.shape
    steps = width // LOSS_CHUNK
    h = hidden.reshape(batch, steps, LOSS_CHUNK, dim).swapaxes(0, 1)
    y = targets.reshape(batch, steps, LOSS_CHUNK).swapaxes(0, 1)

    @jax.checkpoint
    def one(total, chunk):
        hc, yc = chunk
        out = logits(model, values, hc)
        picked = jnp.take_along_axis(out, jnp.maximum(yc, 0)[..., None], axis=-1)[..., 0]
        nll = jax.nn.logsumexp(out, axis=-1) - picked
        return total + jnp.sum(jnp.where(yc != IGNORE, nll, 0.0)), None

    total, _ = jax.lax.scan(one, jnp.zeros((), jnp.float32), (h, y))
    return total


def loss_fn(model: KerasGemma, scale: float):
    """(factors, ids, mask, targets, tokens) -> summed loss / tokens, with the LoRA applied."""

    def loss(factors, values, ids, mask, targets, tokens):
        merged = with_lora(values, factors, model.sites, scale)
        hidden = hidden_states(model, merged, ids, mask)
        return nll_sum(model, merged, hidden, targets) / tokens

    return loss
