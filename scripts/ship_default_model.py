"""Copy a trained run's adapter into the package as the shipped default model.

Run: python scripts/ship_default_model.py output/adapters/schema-270m
     python scripts/ship_default_model.py --slim RUN/adapter/adapter_model.safetensors ...
       (only slims the named weight files in place; benchmarks/gpu_retrain.sh sweep uses it so
       that an r32 adapter fits what a device call brings back)
Keeps what the export chain needs (adapter_config.json, adapter_model.safetensors, config.toml):
LoRA matrices in bf16 (half the bytes), DoRA magnitude vectors in fp32 (they set each row's norm),
the base model named by its offline name so any machine resolves it. The tokenizer is not copied:
training adds no tokens, so the merge uses the base model's.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from ghost_architect import atomic
from ghost_architect.models.shipped import SHIPPED_RUN


def slim_weights(path: Path) -> dict[str, torch.Tensor]:
    """An adapter's tensors with the LoRA matrices in bf16 and the DoRA magnitudes kept fp32."""
    weights = load_file(str(path))
    return {
        name: tensor if "magnitude" in name else tensor.to(torch.bfloat16)
        for name, tensor in weights.items()
    }


def slim_in_place(path: Path) -> None:
    staged = path.with_name(f".{path.name}.slim")
    save_file(slim_weights(path), str(staged))
    staged.replace(path)


def main(run: Path) -> None:
    adapter = run / "adapter"
    config = json.loads((adapter / "adapter_config.json").read_text())
    config["base_model_name_or_path"] = "gemma-3-270m"
    slim = slim_weights(adapter / "adapter_model.safetensors")
    card = SHIPPED_RUN / "README.md"
    card_text = card.read_text() if card.exists() else None
    with atomic.staged_dir(SHIPPED_RUN, overwrite=True) as stage:
        if card_text is not None:  # the model card is written by hand: keep it, then update it
            (stage / "README.md").write_text(card_text)
        (stage / "adapter").mkdir()
        (stage / "adapter" / "adapter_config.json").write_text(json.dumps(config, indent=2))
        save_file(slim, str(stage / "adapter" / "adapter_model.safetensors"))
        shutil.copy(run / "config.toml", stage / "config.toml")
        shutil.copy(run / "run.json", stage / "run.json")
    size = (SHIPPED_RUN / "adapter" / "adapter_model.safetensors").stat().st_size
    print(f"shipped {run} -> {SHIPPED_RUN} ({size / 2**20:.1f} MiB of adapter weights)")


if __name__ == "__main__":
    if sys.argv[1] == "--slim":
        for name in sys.argv[2:]:
            slim_in_place(Path(name))
    else:
        main(Path(sys.argv[1]))
