"""Gemma 3 sizes from their published configs, and where each model comes from."""

from __future__ import annotations

from dataclasses import dataclass

from ghost_architect.errors import GhostError

TARGET_SHAPES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


@dataclass(frozen=True)
class ModelSpec:
    name: str
    hub_id: str  # where a user online gets it (instruction-tuned)
    vocab_size: int
    hidden_size: int
    intermediate_size: int
    num_hidden_layers: int
    num_attention_heads: int
    num_key_value_heads: int
    head_dim: int
    sliding_window: int
    vision: bool = False
    vision_params: int = 0  # SigLIP tower + projector, 0 for text-only sizes

    def module_shapes(self) -> dict[str, tuple[int, int]]:
        """(in_features, out_features) of each linear module in one decoder layer."""
        h, i = self.hidden_size, self.intermediate_size
        q = self.num_attention_heads * self.head_dim
        kv = self.num_key_value_heads * self.head_dim
        return {
            "q_proj": (h, q),
            "k_proj": (h, kv),
            "v_proj": (h, kv),
            "o_proj": (q, h),
            "gate_proj": (h, i),
            "up_proj": (h, i),
            "down_proj": (i, h),
        }

    @property
    def layer_linear_params(self) -> int:
        return sum(a * b for a, b in self.module_shapes().values())

    @property
    def embedding_params(self) -> int:
        return self.vocab_size * self.hidden_size  # tied with the LM head

    @property
    def text_params(self) -> int:
        norms = self.num_hidden_layers * (4 * self.hidden_size + 2 * self.head_dim)
        return self.embedding_params + self.num_hidden_layers * self.layer_linear_params + norms

    def lora_params(self, r: int, targets: list[str], dora: bool) -> int:
        shapes = self.module_shapes()
        unknown = [t for t in targets if t not in shapes]
        if unknown:
            raise GhostError(
                f"target module '{unknown[0]}' is not a Gemma 3 linear layer",
                f"choose from {', '.join(shapes)}",
            )
        per_layer = sum(r * (shapes[t][0] + shapes[t][1]) for t in targets)
        if dora:
            per_layer += sum(shapes[t][1] for t in targets)
        return per_layer * self.num_hidden_layers


SIGLIP_PARAMS = 416_900_000 + 2_700_000  # SigLIP-So400m/14 at 896px + multimodal projector

MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec("gemma-3-270m", "google/gemma-3-270m-it", 262144, 640, 2048, 18, 4, 1, 256, 512),
        ModelSpec("gemma-3-1b", "google/gemma-3-1b-it", 262144, 1152, 6912, 26, 4, 1, 256, 512),
        ModelSpec(
            "gemma-3-4b",
            "google/gemma-3-4b-it",
            262208,
            2560,
            10240,
            34,
            8,
            4,
            256,
            1024,
            True,
            SIGLIP_PARAMS,
        ),
        ModelSpec(
            "gemma-3-12b",
            "google/gemma-3-12b-it",
            262208,
            3840,
            15360,
            48,
            16,
            8,
            256,
            1024,
            True,
            SIGLIP_PARAMS,
        ),
        ModelSpec(
            "gemma-3-27b",
            "google/gemma-3-27b-it",
            262208,
            5376,
            21504,
            62,
            32,
            16,
            128,
            1024,
            True,
            SIGLIP_PARAMS,
        ),
    )
}


def model_spec(name: str) -> ModelSpec:
    """The published architecture behind a model name (accepts google/ ids and -it suffixes)."""
    key = name.removeprefix("google/").removesuffix("-it").removesuffix("-pt").lower()
    if key not in MODELS:
        raise GhostError(f"unknown model size '{name}'", f"known: {', '.join(MODELS)}")
    return MODELS[key]
