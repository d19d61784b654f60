"""scripts/ship_default_model.py --slim: LoRA matrices to bf16 in place, DoRA magnitudes kept."""

from __future__ import annotations

import subprocess
import sys

import torch
from conftest import ROOT
from safetensors.torch import load_file, save_file


def test_slim_halves_lora_matrices_and_keeps_magnitudes(tmp_path):
    path = tmp_path / "adapter_model.safetensors"
    lora, magnitude = torch.randn(4, 8), torch.randn(8)
    save_file({"q.lora_A.weight": lora, "q.lora_magnitude_vector": magnitude}, str(path))
    script = ROOT / "scripts" / "ship_default_model.py"
    subprocess.run([sys.executable, str(script), "--slim", str(path)], check=True, cwd=ROOT)
    slim = load_file(str(path))
    assert slim["q.lora_A.weight"].dtype == torch.bfloat16
    assert torch.equal(slim["q.lora_A.weight"], lora.to(torch.bfloat16))
    assert slim["q.lora_magnitude_vector"].dtype == torch.float32
    assert torch.equal(slim["q.lora_magnitude_vector"], magnitude)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # nothing staged is left
