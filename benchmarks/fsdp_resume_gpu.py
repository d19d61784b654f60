"""FSDP resume on real GPUs (NCCL): `ghost train --gpus 2 --strategy fsdp` stopped at step 2 and
resumed to step 4 against the same run uninterrupted, on a tiny random Gemma 3 in fp32. The CPU
test (tests/test_distributed.py, gloo) checks the same; this is its GPU counterpart, where the
optimiser state is gathered from CUDA shards. Not a test: run on a machine with 2 GPUs.

  source benchmarks/gpu_setup.sh && python3 benchmarks/fsdp_resume_gpu.py --out DIR

Prints and writes DIR/fsdp_resume_gpu.json: the largest difference of per-step losses and adapter
tensors between the two runs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import torch
from safetensors.torch import load_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "text-train.jsonl"


def settings(model: Path, data: Path, steps: int) -> list[str]:
    """The CPU test's run: fp32, r 8, batch 1 x 4, constant lr, a checkpoint every 2 steps."""
    flags = {"model.name": model, "model.load_in_4bit": "false", "model.dtype": "fp32",
             "model.max_seq_length": 1024, "adapter.r": 8, "train.backend": "hf",
             "train.optimizer": "adamw_torch", "train.per_device_train_batch_size": 1,
             "train.gradient_accumulation_steps": 4, "train.max_steps": steps,
             "train.save_steps": 2, "train.learning_rate": "1e-3", "train.warmup_steps": 0,
             "train.lr_scheduler_type": "constant", "train.gradient_checkpointing": "false",
             "data.train": data, "data.eval_fraction": 0}  # fmt: skip
    return [part for key, value in flags.items() for part in ("--set", f"{key}={value}")]


def train(run: Path, *extra: str) -> None:
    command = [sys.executable, "-m", "ghost_architect.cli", "train", "--output", str(run),
               "--gpus", "2", "--strategy", "fsdp", *extra]  # fmt: skip
    subprocess.run(command, check=True)


def gap(a: Path, b: Path) -> dict[str, float]:
    def losses(run: Path) -> list[float]:
        rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
        return [r["loss"] for r in rows if "loss" in r]

    la, lb = losses(a), losses(b)
    wa = load_file(str(a / "adapter" / "adapter_model.safetensors"))
    wb = load_file(str(b / "adapter" / "adapter_model.safetensors"))
    return {
        "steps": len(la),
        "loss_gap": max(abs(x - y) for x, y in zip(la, lb, strict=True)),
        "adapter_gap": max(float((wa[k] - wb[k]).abs().max()) for k in wa),
        "losses_uninterrupted": la,
        "losses_resumed": lb,
    }


def main() -> None:
    from ghost_architect.models.random_init import make_random_gemma3

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fsdp-resume-"))
    data = work / "eight.jsonl"
    data.write_text("".join(line + "\n" for line in SAMPLE.read_text().splitlines()[:8]))
    model = make_random_gemma3("tiny", work / "model")
    whole, resumed = work / "whole", work / "resumed"
    train(whole, *settings(model, data, 4))
    train(resumed, *settings(model, data, 2))
    train(resumed, "--resume", "--max-steps", "4")
    result = {
        **gap(whole, resumed),
        "device": f"{torch.cuda.device_count()} x {torch.cuda.get_device_name(0)}",
        "torch": torch.__version__,
        "date": datetime.now(UTC).date().isoformat(),
        "command": "python3 benchmarks/fsdp_resume_gpu.py --out DIR",
    }
    print(json.dumps(result, indent=1))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "fsdp_resume_gpu.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
