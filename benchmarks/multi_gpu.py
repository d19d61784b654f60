"""Several GPUs: `ghost train --gpus N` against one GPU, and FSDP peak memory against the planner.

Runs the real command (torchrun underneath) on random-weight Gemma 3 text models written once as
bf16 folders under --model-root (make_random_gemma3 on the GPU; 4B ~8 GB, 27B ~54 GB of disk, kept
while the machine stays warm). The data are long synthetic chat records, so each example fills
--seq tokens. Random weights: speed, memory and loss agreement only, never quality.

  ddp:  4B, QLoRA + rsLoRA, DoRA on and off, seq 2048: 1 GPU vs 2 GPUs (ddp), the same global
        batch (per-device 1 x accumulation 4 on one GPU = 1 x 2 x 2 ranks); tokens/s, losses.
  fsdp: 27B, QLoRA + rsLoRA, 2 GPUs with --strategy fsdp; peak GiB per GPU against
        `ghost plan --gpus 2 --strategy fsdp`.

  python benchmarks/multi_gpu.py --parts ddp,fsdp --budget-s 540
  python benchmarks/multi_gpu.py --parts ddp --dora on --steps 8
  python benchmarks/multi_gpu.py --smoke        tiny model, 2 CPU processes (gloo)

Rows are appended to benchmarks/results/multi_gpu.json (--smoke: $TMPDIR/multi_gpu-smoke.json)
after each run, so a run cut off keeps what
it measured; --budget-s skips a run that would start after the budget is spent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "multi_gpu.json"
SMOKE = Path(tempfile.gettempdir()) / "multi_gpu-smoke.json"  # CPU rows stay out of RESULTS
SAMPLE = ROOT / "data" / "samples" / "text-train.jsonl"


def synthetic_data(path: Path, records: int, seq: int) -> Path:
    """Chat records whose answers run past ``seq`` tokens (cut to max_seq_length by training)."""
    base = json.loads(SAMPLE.read_text().splitlines()[0])
    answer = base["messages"][-1]["content"]
    rows = []
    for i in range(records):
        messages = [dict(m) for m in base["messages"]]
        messages[-1]["content"] = f"-- variant {i}\n" + answer * max(1, seq // 200)
        rows.append(json.dumps({"id": f"synthetic-{i}", "messages": messages}))
    path.write_text("\n".join(rows) + "\n")
    return path


def random_model(size: str, root: Path, device: str) -> Path:
    """A random-weight Gemma 3 folder of ``size``, written once under ``root``."""
    from ghost_architect.models.random_init import make_random_gemma3

    folder = root / f"random-gemma-3-{size}"
    if not (folder / "config.json").exists():
        make_random_gemma3(size, folder, device=device)
    return folder


def train_flags(model: Path, data: Path, seq: int, steps: int, dora: bool, quantized: bool,
                dtype: str, accumulation: int) -> list[str]:  # fmt: skip
    flags = {
        "model.name": str(model),
        "model.load_in_4bit": str(quantized).lower(),
        "model.dtype": dtype,
        "model.max_seq_length": str(seq),
        "adapter.r": "64" if quantized else "8",
        "adapter.use_dora": str(dora).lower(),
        "adapter.use_rslora": "true",
        "train.backend": "hf",
        "train.per_device_train_batch_size": "1",
        "train.gradient_accumulation_steps": str(accumulation),
        "train.max_steps": str(steps),
        "train.save_steps": str(steps),
        "train.warmup_steps": "0",
        "train.lr_scheduler_type": "constant",
        "train.optimizer": "adamw_8bit" if quantized else "adamw_torch",
        "train.gradient_checkpointing": str(quantized).lower(),
        "data.train": str(data),
        "data.eval_fraction": "0",
    }
    return [part for key, value in flags.items() for part in ("--set", f"{key}={value}")]


def ghost(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "ghost_architect.cli", *args]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=full_env)


def run_training(gpus: int, strategy: str, model_label: str, flags: list[str], seq: int,
                 device: str, env: dict[str, str]) -> dict:  # fmt: skip
    """One `ghost train` run and its result row."""
    out = Path(tempfile.mkdtemp(prefix="multi-gpu-")) / "run"
    args = ["train", "--output", str(out), "--gpus", str(gpus), "--strategy", strategy, *flags]
    done = ghost(*args, env=env)
    if done.returncode != 0:
        raise SystemExit(f"ghost {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    summary = json.loads((out / "run.json").read_text())
    rows = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    return {
        "gpus": gpus,
        "strategy": summary["strategy"],
        "model": model_label,
        "seq": seq,
        "tok_per_s": summary["tokens_per_s"],
        "peak_gib_per_gpu": summary["peak_memory_gib"],
        "final_loss": summary["final_loss"],
        "losses": [r["loss"] for r in rows if "loss" in r],
        "device": device,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "ghost " + " ".join(args),
    }


def planned_peak(size: str, seq: int, profile: str) -> float:
    """`ghost plan --gpus 2 --strategy fsdp`'s per-GPU peak for the hf backend."""
    done = ghost("plan", "--model", f"gemma-3-{size}", "--profile", profile, "--seq", str(seq),
                 "--gpus", "2", "--strategy", "fsdp", "--backend", "hf", "--json")  # fmt: skip
    plan = json.loads(done.stdout)
    return next(p["peak_gib"] for p in plan["predictions"] if p["backend"] == "hf")


def append(row: dict, path: Path) -> None:
    rows = json.loads(path.read_text()) if path.exists() else []
    path.write_text(json.dumps([*rows, row], indent=2) + "\n")
    print(json.dumps({k: v for k, v in row.items() if k != "losses"}), flush=True)


def device_name() -> str:
    import torch

    if torch.cuda.is_available():
        return f"{torch.cuda.device_count()} x {torch.cuda.get_device_name(0)}"
    return f"CPU {platform.processor() or platform.machine()}"


def jobs(args: argparse.Namespace, root: Path, device: str):
    """(label, thunk) for each run asked for, in order."""
    on_gpu = not args.smoke
    size = "tiny" if args.smoke else "4b"
    dtype = "bf16" if on_gpu else "fp32"
    kind = "qlora" if on_gpu else "lora"
    data = synthetic_data(root / f"data-{args.seq}.jsonl", 64, args.seq)
    env = {} if on_gpu else {"CUDA_VISIBLE_DEVICES": "", "OMP_NUM_THREADS": "1"}
    doras = {"on": [True], "off": [False], "both": [True, False]}[args.dora]
    if "ddp" in args.parts:
        model = random_model(size, root, "cuda" if on_gpu else "cpu")
        for dora in doras:
            label = f"gemma-3-{size} {kind} rslora dora-{'on' if dora else 'off'}"
            for gpus in (1, 2):
                flags = train_flags(model, data, args.seq, args.steps, dora, on_gpu, dtype, 4)
                yield label, lambda g=gpus, f=flags, lb=label: run_training(
                    g, "ddp", lb, f, args.seq, device, env)  # fmt: skip
    if "fsdp" in args.parts:
        big = "tiny" if args.smoke else "27b"
        model = random_model(big, root, "cuda" if on_gpu else "cpu")
        flags = train_flags(model, data, args.seq, args.steps, False, on_gpu, dtype, 4)
        label = f"gemma-3-{big} {kind} rslora fsdp"

        def fsdp() -> dict:
            row = run_training(2, "fsdp", label, flags, args.seq, device, env)
            if on_gpu:
                row["planned_peak_gib_per_gpu"] = planned_peak(big, args.seq, args.profile)
            return row

        yield label, fsdp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="ddp,fsdp", help="ddp, fsdp or both (comma list)")
    parser.add_argument("--dora", choices=["on", "off", "both"], default="both")
    parser.add_argument("--seq", type=int, default=2048)
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--profile", default="h100-80gb", help="profile for the plan prediction")
    parser.add_argument("--model-root", default="/root/ghost-models")
    parser.add_argument("--budget-s", type=float, default=0, help="start no run after this")
    parser.add_argument("--smoke", action="store_true", help="tiny model on CPU, gloo")
    args = parser.parse_args()
    if args.smoke:
        args.seq, args.steps = min(args.seq, 1024), min(args.steps, 2)
        args.model_root = tempfile.mkdtemp(prefix="multi-gpu-smoke-")
    root = Path(args.model_root)
    root.mkdir(parents=True, exist_ok=True)
    started, device = time.monotonic(), device_name()
    for label, thunk in jobs(args, root, device):
        if args.budget_s and time.monotonic() - started > args.budget_s:
            print(f"budget spent: skipping {label} and the rest", flush=True)
            return
        append(thunk(), SMOKE if args.smoke else RESULTS)


if __name__ == "__main__":
    main()
