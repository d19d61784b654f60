"""Greedy generations for held-out prompts during training, appended to samples.jsonl."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ghost_architect import atomic
from ghost_architect.training import accelerator
from ghost_architect.training.features import IGNORE, Features
from ghost_architect.training.parallel import Solo


def make_sampler(
    loaded: Any, features: list[Features], run_dir: Path, parallel: Solo
) -> Callable[[int], None]:
    """Every rank generates (sharded weights are gathered for it), rank 0 alone writes. On CPU
    one short sample: un-merged DoRA recomputes its weight norms for every generated token."""
    tokenizer = getattr(loaded.tokenizer, "tokenizer", loaded.tokenizer)
    on_gpu = accelerator.on_accelerator(loaded.device)
    prompts = features[: 2 if on_gpu else 1]
    max_new_tokens = 160 if on_gpu else 64
    path = run_dir / "samples.jsonl"

    def sample(step: int) -> None:
        model = loaded.model
        model.eval()
        with parallel.full_params():
            rows = [_generate(model, tokenizer, f, loaded.device, max_new_tokens) for f in prompts]
        model.train()
        if not parallel.world.main:
            return
        previous = path.read_text() if path.exists() else ""
        lines = "".join(json.dumps({"step": step, **r}) + "\n" for r in rows)
        atomic.write_text(path, previous + lines)

    return sample


def _generate(model: Any, tokenizer: Any, f: Features, device: str, max_new_tokens: int) -> dict:
    """The model's greedy answer to one example's prompt, and the expected answer."""
    import torch

    cut = next(i for i, label in enumerate(f.labels) if label != IGNORE)
    ids = torch.tensor([f.input_ids[:cut]], device=device)
    extra: dict[str, Any] = {}
    if getattr(f, "pixel_values", None) is not None:
        extra["pixel_values"] = f.pixel_values.to(device, next(model.parameters()).dtype)
        extra["token_type_ids"] = torch.tensor([f.token_type_ids[:cut]], device=device)
    with torch.no_grad():
        out = model.generate(
            input_ids=ids,
            attention_mask=torch.ones_like(ids),
            max_new_tokens=max_new_tokens,
            do_sample=False,
            **extra,
        )
    text = tokenizer.decode(out[0, cut:], skip_special_tokens=True)
    expected = tokenizer.decode([t for t in f.labels if t != IGNORE], skip_special_tokens=True)
    return {"generated": text, "expected": expected}
