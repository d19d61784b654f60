"""Randomly initialised Gemma 3 models of real (or tiny) architecture, for tests and benchmarks.

Never a claim about quality: these exercise code paths, memory and speed. Text models use the
offline 270M tokenizer; vision models get a Gemma3Processor with the image tokens added.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ghost_architect.models import offline
from ghost_architect.models.catalog import SIGLIP_PARAMS, model_spec

IMAGE_TOKENS = {
    "boi_token": "<start_of_image>",
    "eoi_token": "<end_of_image>",
    "image_token": "<image_soft_token>",
}
TINY_TEXT = {
    "hidden_size": 64,
    "intermediate_size": 128,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "num_key_value_heads": 1,
    "head_dim": 32,
    "sliding_window": 64,
}
TINY_VISION = {
    "hidden_size": 32,
    "intermediate_size": 64,
    "num_hidden_layers": 1,
    "num_attention_heads": 2,
    "image_size": 64,
    "patch_size": 16,
}
SIGLIP = {
    "hidden_size": 1152,
    "intermediate_size": 4304,
    "num_hidden_layers": 27,
    "num_attention_heads": 16,
    "image_size": 896,
    "patch_size": 14,
}


def text_config_kwargs(size: str) -> dict[str, Any]:
    if size == "tiny":
        return dict(TINY_TEXT)
    spec = model_spec(f"gemma-3-{size}")
    return {
        "hidden_size": spec.hidden_size,
        "intermediate_size": spec.intermediate_size,
        "num_hidden_layers": spec.num_hidden_layers,
        "num_attention_heads": spec.num_attention_heads,
        "num_key_value_heads": spec.num_key_value_heads,
        "head_dim": spec.head_dim,
        "sliding_window": spec.sliding_window,
    }


def vision_tokenizer():
    """The 270M tokenizer with Gemma 3's image tokens (<image_soft_token> added as id 262144)."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(offline.tokenizer_dir()))
    tokenizer.add_tokens([IMAGE_TOKENS["image_token"]], special_tokens=True)
    folder = offline.cache_dir() / "gemma-3-270m" / "vision-tokenizer"
    tokenizer.save_pretrained(str(folder))
    return AutoTokenizer.from_pretrained(str(folder), extra_special_tokens=IMAGE_TOKENS)


def make_random_gemma3(size: str, out: Path, vision: bool = False, device: str = "cpu") -> Path:
    """Write a random-weight Gemma 3 of ``size`` (tiny, 270m, 1b, 4b, 12b, 27b) to ``out``."""
    import torch
    from transformers import (
        Gemma3Config,
        Gemma3ForCausalLM,
        Gemma3ForConditionalGeneration,
        Gemma3ImageProcessor,
        Gemma3Processor,
        Gemma3TextConfig,
        SiglipVisionConfig,
    )

    torch.manual_seed(0)
    text = Gemma3TextConfig(
        vocab_size=262208 if vision else 262144,
        max_position_embeddings=32768,
        rope_theta=1_000_000.0,
        query_pre_attn_scalar=256,
        **text_config_kwargs(size),
    )
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.bfloat16)
    try:
        with torch.device(device):
            if vision:
                siglip = TINY_VISION if size == "tiny" else SIGLIP
                tokens = 4 if size == "tiny" else 256
                config = Gemma3Config(
                    text_config=text,
                    vision_config=SiglipVisionConfig(**siglip),
                    mm_tokens_per_image=tokens,
                    boi_token_index=255999,
                    eoi_token_index=256000,
                    image_token_index=262144,
                )
                model = Gemma3ForConditionalGeneration(config)
            else:
                model = Gemma3ForCausalLM(text)
    finally:
        torch.set_default_dtype(previous)
    model.save_pretrained(str(out))
    if vision:
        tokenizer = vision_tokenizer()
        side = siglip["image_size"]
        processor = Gemma3Processor(
            image_processor=Gemma3ImageProcessor(size={"height": side, "width": side}),
            tokenizer=tokenizer,
            chat_template=offline.CHAT_TEMPLATE.read_text(),
            image_seq_length=tokens,
        )
        processor.save_pretrained(str(out))
    else:
        tokenizer = offline.load_tokenizer("gemma-3-270m")
        tokenizer.save_pretrained(str(out))
    return out


def expected_vision_params() -> int:
    return SIGLIP_PARAMS
