"""GPU benchmark through Ghost Architect's own backends: peak memory and tokens/s per step.

usage:
  python benchmarks/gpu_trinity.py make SIZE DIR [--vision]      random weights, real architecture
  python benchmarks/gpu_trinity.py bench BACKEND DIR SEQ DORA --size SIZE [--vision] [--steps 8]
      [--batch 1] [--bf16-weights] [--no-gc] [--optimizer adamw_8bit]
Each bench prints one JSON line (append it to benchmarks/results/planner-measurements.jsonl);
the row says every setting the planner needs to predict it (benchmarks/calibrate_planner.py).
Random weights: speed and memory only, never quality. Without an accelerator it runs on the CPU
(a dry run: tests/test_benchmark_scripts.py keeps the script in step with the training code).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def make(size: str, out: str, vision: bool) -> None:
    from ghost_architect.models.random_init import make_random_gemma3
    from ghost_architect.training.accelerator import device_type

    start = time.time()
    make_random_gemma3(size, Path(out), vision=vision, device=device_type())  # CPU: a dry run
    print(
        json.dumps({"make": size, "vision": vision, "s": round(time.time() - start, 1)}), flush=True
    )


def bench(backend: str, path: str, seq: int, dora: bool, vision: bool, steps: int, size: str,
          batch: int = 1, four_bit: bool = True, gc: bool = True,
          optimizer: str = "adamw_8bit") -> None:  # fmt: skip
    if backend == "unsloth":
        import unsloth  # noqa: F401
    import torch

    from ghost_architect.builtin.hardware import PROFILES
    from ghost_architect.config import load_config
    from ghost_architect.training import accelerator
    from ghost_architect.training.backends import load_model
    from ghost_architect.training.features import Features, collate_text
    from ghost_architect.training.loop import TrinityLoop

    device = accelerator.device_type()  # the CPU: a dry run

    config = load_config(
        flags={
            "model.name": path,
            "model.max_seq_length": seq,
            "adapter.use_dora": dora,
            "model.load_in_4bit": four_bit,
            "train.backend": backend,
            "train.per_device_train_batch_size": batch,
            "train.gradient_accumulation_steps": 1,
            "train.gradient_checkpointing": gc,
            "train.optimizer": optimizer,
            "train.max_steps": steps,
            "data.eval_fraction": 0.0,
        }
    )
    profile = next(p for p in PROFILES if p.name == ("cpu" if device == "cpu" else "h100-80gb"))
    start = time.time()
    loaded = load_model(config, profile, vision)
    load_s = time.time() - start
    g = torch.Generator().manual_seed(0)
    feats = []
    for _ in range(steps * batch):
        ids = torch.randint(4, 262000, (seq,), generator=g).tolist()
        feats.append(Features(ids, ids, []))
    loop = TrinityLoop(
        loaded.model,
        config,
        feats,
        [],
        lambda b: collate_text(b, 0),
        Path("/tmp/bench-run"),
        device,
        lambda _: None,  # no adapter written: speed and memory only
    )
    accelerator.reset_peak_memory(device)
    sync = torch.accelerator.synchronize if device != "cpu" else lambda: None
    times, losses = [], []
    for k in range(steps):
        sync()
        t = time.time()
        loss, _ = loop.train_step(feats[k * batch : (k + 1) * batch])
        sync()
        times.append(time.time() - t)
        losses.append(round(loss, 3))
    timed = times[3:] or times  # the first steps warm up (a dry run may take fewer)
    steady = sorted(timed)[len(timed) // 2]
    print(
        json.dumps(
            {
                "model": f"gemma-3-{size}",
                "backend": backend,
                "seq": seq,
                "r": 64,
                "dora": dora,
                "batch": batch,
                "load_in_4bit": four_bit,
                "gradient_checkpointing": gc,
                "optimizer": optimizer,
                "loss": "assistant positions, chunked (train.loss_chunk)",
                "vision": vision,
                "peak_alloc_gib": round(accelerator.peak_memory_gib(device), 2),
                "peak_reserved_gib": round(reserved_gib(device), 2),
                "tok_per_s": round(batch * seq / steady),
                "step_s_median": round(steady, 3),
                "load_s": round(load_s, 1),
                "losses": losses,
                "gpu": torch.cuda.get_device_name(0) if device == "cuda" else device,
                "source": "benchmarks/gpu_trinity.py (ghost backends, random weights)",
            }
        ),
        flush=True,
    )


def reserved_gib(device: str) -> float:
    """What the caching allocator held at its peak (the accelerator's; 0 on the CPU)."""
    import torch

    if device == "cpu":
        return 0.0
    return torch.accelerator.max_memory_reserved() / 2**30


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("size")
    m.add_argument("dir")
    m.add_argument("--vision", action="store_true")
    b = sub.add_parser("bench")
    b.add_argument("backend", choices=["hf", "unsloth"])
    b.add_argument("dir")
    b.add_argument("seq", type=int)
    b.add_argument("dora", type=int)
    b.add_argument("--size", required=True)
    b.add_argument("--vision", action="store_true")
    b.add_argument("--steps", type=int, default=8)
    b.add_argument("--batch", type=int, default=1)
    b.add_argument("--bf16-weights", action="store_true", help="no 4-bit quantisation")
    b.add_argument("--no-gc", action="store_true", help="no gradient checkpointing")
    b.add_argument("--optimizer", default="adamw_8bit")
    args = parser.parse_args()
    if args.cmd == "make":
        make(args.size, args.dir, args.vision)
    else:
        bench(args.backend, args.dir, args.seq, bool(args.dora), args.vision, args.steps,
              args.size, args.batch, not args.bf16_weights, not args.no_gc,
              args.optimizer)  # fmt: skip


if __name__ == "__main__":
    main()
