"""Training speed and peak memory of DoRA (and LoRA) on random-weight Gemma 3, per stack.

Stacks: ``ghost`` (our hf backend's load path, fast DoRA, our TrinityLoop step), ``ghost-unsloth``
(our unsloth backend + fast DoRA), ``peft`` (plain transformers + PEFT + bitsandbytes NF4) and
``unsloth`` (FastLanguageModel as shipped). QLoRA NF4 + double quant, bf16, r 64 all-linear, alpha
32, rsLoRA, batch 1, gradient checkpointing, 8-bit AdamW. Random weights: speed and memory only.

Models: both our load path and Unsloth take a folder, so each model is written once as a bf16
random-weight folder under --model-root (built on the GPU by ``make_random_gemma3``; 12B = 24 GB of
the 64 GB disk, ~1 min) and reused by every stack while the machine stays warm; every stack
quantises it to NF4 on load, as it would a real checkpoint. Unsloth patches transformers for the
whole process, so unsloth stacks run in their own invocation.

  python benchmarks/train_speed.py --stacks peft,ghost --models 4b --seqs 2048 --budget-s 540
  python benchmarks/train_speed.py --stacks unsloth,ghost-unsloth --models 12b --seqs 4096
  python benchmarks/train_speed.py --parity --models 4b --seqs 2048      fast vs PEFT DoRA losses
  python benchmarks/train_speed.py --smoke                               tiny model on the CPU

Rows are appended to benchmarks/results/train_speed.json after each measurement, so a run cut off
by a time limit keeps what it measured; --budget-s stops it cleanly before that.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
RESULTS = Path(__file__).resolve().parent / "results"
STACKS = ("ghost", "ghost-unsloth", "peft", "unsloth")
UNSLOTH_STACKS = ("ghost-unsloth", "unsloth")
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
RANK = 64
ADAPTER = {"r": RANK, "lora_alpha": 32, "use_rslora": True, "target_modules": TARGETS}


class Deadline:
    """Stops work cleanly before the caller's time limit."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() > self.end


def device() -> str:
    from ghost_architect.training.accelerator import device_type

    return device_type()


def model_dir(size: str, root: Path) -> Path:
    """The random-weight folder of ``size``, built once."""
    from ghost_architect.models.random_init import make_random_gemma3

    folder = root / f"gemma-3-{size}"
    if not (folder / "config.json").exists():
        start = time.time()
        make_random_gemma3(size, folder, device=device())
        print(f"built {folder} in {time.time() - start:.0f} s", flush=True)
    return folder


def ghost_model(
    stack: str, folder: Path, seq: int, dora: bool, smoke: bool, fast: bool = True
) -> tuple[Any, Any]:
    """Our backend's load path (fast DoRA unless ``fast`` is off), and a TrinityLoop step."""
    from ghost_architect.builtin.hardware import PROFILES
    from ghost_architect.config import load_config
    from ghost_architect.training.backends import load_model
    from ghost_architect.training.features import collate_text
    from ghost_architect.training.loop import TrinityLoop

    flags = {
        "model.name": str(folder),
        "model.max_seq_length": str(seq),
        "model.dtype": "fp32" if smoke else "bf16",
        "adapter.r": str(RANK),
        "adapter.use_dora": str(dora).lower(),
        "adapter.fast_dora": str(fast).lower(),
        "train.backend": "unsloth" if stack == "ghost-unsloth" else "hf",
        "train.gradient_accumulation_steps": "1",
        "train.optimizer": "adamw_torch" if smoke else "adamw_8bit",
        "train.warmup_steps": "0",
        "train.lr_scheduler_type": "constant",
        "data.eval_fraction": "0",
    }
    config = load_config(flags=flags)
    profile = next(p for p in PROFILES if p.name == ("cpu" if smoke else "h100-80gb"))
    loaded = load_model(config, profile, vision=False)
    print(f"{stack}: {'; '.join(loaded.notes) or 'no notes'}", flush=True)
    run_dir = Path(tempfile.mkdtemp(prefix="train-speed-"))
    collate = functools.partial(collate_text, pad_id=0)
    loop = TrinityLoop(loaded.model, config, [], [], collate, run_dir, device(), lambda _: None)
    return loaded.model, lambda batch: loop.train_step([batch])[0]


def peft_model(folder: Path, dora: bool, smoke: bool) -> Any:
    """transformers + PEFT + bitsandbytes NF4, the stock way."""
    import torch
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    dtype = torch.float32 if smoke else torch.bfloat16
    quant = BitsAndBytesConfig(
        load_in_4bit=True,
        bnb_4bit_quant_type="nf4",
        bnb_4bit_use_double_quant=True,
        bnb_4bit_compute_dtype=dtype,
    )
    place = {} if smoke else {"device_map": {"": 0}}
    model = AutoModelForCausalLM.from_pretrained(
        folder, dtype=dtype, quantization_config=quant, **place
    )
    if smoke:  # see FIELD-NOTES: the AVX512-BF16 repack breaks 4-bit gradients on the CPU
        for module in model.modules():
            if hasattr(module, "support_avx512bf16_for_cpu"):
                module.support_avx512bf16_for_cpu = False
    model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=True)
    return get_peft_model(model, LoraConfig(use_dora=dora, task_type="CAUSAL_LM", **ADAPTER))


def unsloth_model(folder: Path, seq: int, dora: bool) -> Any:
    """Unsloth's FastLanguageModel, as its notebooks use it."""
    import torch
    from unsloth import FastLanguageModel

    model, _ = FastLanguageModel.from_pretrained(
        model_name=str(folder),
        max_seq_length=seq,
        load_in_4bit=True,
        dtype=torch.bfloat16,
        local_files_only=True,
    )
    return FastLanguageModel.get_peft_model(
        model,
        use_dora=dora,
        use_gradient_checkpointing="unsloth",
        random_state=3407,
        max_seq_length=seq,
        **ADAPTER,
    )


def plain_step(model: Any, smoke: bool) -> Any:
    """forward, backward, clip, 8-bit AdamW (torch AdamW on the CPU): what TrinityLoop does."""
    import torch

    params = [p for p in model.parameters() if p.requires_grad]
    if smoke:
        optimizer = torch.optim.AdamW(params, lr=2e-4)
    else:
        import bitsandbytes as bnb

        optimizer = bnb.optim.AdamW8bit(params, lr=2e-4)

    def step(batch: Any) -> float:
        model.train()
        ids = torch.tensor([batch.input_ids], device=device())
        loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return float(loss.detach())

    return step


def build(stack: str, folder: Path, seq: int, dora: bool, smoke: bool) -> tuple[Any, Any]:
    """(model, one training step) for ``stack``."""
    if stack.startswith("ghost"):
        return ghost_model(stack, folder, seq, dora, smoke)
    model = peft_model(folder, dora, smoke) if stack == "peft" else unsloth_model(folder, seq, dora)
    return model, plain_step(model, smoke)


def batches(seq: int, count: int) -> list[Any]:
    """Fixed random-token sequences (vocabulary of the 270M tokenizer, special ids avoided)."""
    import torch

    from ghost_architect.training.features import Features

    generator = torch.Generator().manual_seed(0)
    rows = torch.randint(4, 262000, (count, seq), generator=generator).tolist()
    return [Features(row, row, []) for row in rows]


def fast_layers(model: Any) -> int:
    from ghost_architect.training.fast_dora import FastDoraLinearLayer

    return sum(isinstance(m, FastDoraLinearLayer) for m in model.modules())


def measure(step: Any, seq: int, warmup: int, steps: int, deadline: Deadline) -> dict[str, Any]:
    """Median tokens/s over ``steps`` timed steps after ``warmup``; peak allocated memory."""
    import torch

    from ghost_architect.training.accelerator import peak_memory_gib

    cuda = device() == "cuda"
    sync = torch.cuda.synchronize if cuda else lambda: None
    if cuda:
        torch.cuda.reset_peak_memory_stats()
    times, losses = [], []
    for index, batch in enumerate(batches(seq, warmup + steps)):
        if deadline.passed():
            break
        sync()
        start = time.perf_counter()
        losses.append(round(step(batch), 4))
        sync()
        if index >= warmup:
            times.append(time.perf_counter() - start)
    if not times:
        return {}
    median = statistics.median(times)
    return {
        "tok_per_s": round(seq / median, 1),
        "peak_gib": round(peak_memory_gib(device()), 2),
        "step_s_median": round(median, 3),
        "steps": len(times),
        "complete": len(times) == steps,
        "losses": losses,
    }


def versions() -> dict[str, str]:
    from importlib.metadata import distributions

    wanted = {"torch", "transformers", "peft", "bitsandbytes", "unsloth"}
    return {d.metadata["Name"]: d.version for d in distributions() if d.metadata["Name"] in wanted}


def record(out: Path, row: dict[str, Any]) -> None:
    """Append one row to the JSON list in ``out`` (written whole, atomically)."""
    from ghost_architect.atomic import write_json

    rows = json.loads(out.read_text()) if out.exists() else []
    write_json(out, [*rows, row])
    print(json.dumps({k: v for k, v in row.items() if k != "losses"}), flush=True)


def base_row(stack: str, size: str, seq: int, dora: bool) -> dict[str, Any]:
    import torch

    return {
        "stack": stack,
        "model": f"gemma-3-{size}",
        "seq": seq,
        "r": RANK,
        "dora": dora,
        "device": torch.cuda.get_device_name(0) if device() == "cuda" else "cpu",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(sys.argv),
        "versions": versions(),
    }


def release() -> None:
    """Give the memory of a dropped model back before the next load."""
    import torch

    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def run_speed(args: argparse.Namespace, deadline: Deadline) -> list[dict[str, Any]]:
    """Every (stack, model, DoRA) load, measured at each sequence length."""
    rows = []
    for stack in args.stacks:
        missing = stack in UNSLOTH_STACKS and importlib.util.find_spec("unsloth") is None
        for size in args.models:
            for dora in args.dora:
                if missing or deadline.passed():
                    why = "unsloth is not importable" if missing else "--budget-s reached"
                    record(args.out, {**base_row(stack, size, 0, dora), "skipped": why})
                    continue
                folder = model_dir(size, args.model_root)
                model, step = build(stack, folder, max(args.seqs), dora, args.smoke)
                for seq in args.seqs:
                    found = measure(step, seq, args.warmup, args.steps, deadline)
                    if found:
                        row = {**base_row(stack, size, seq, dora), **found}
                        row["fast_dora_layers"] = fast_layers(model)
                        record(args.out, row)
                        rows.append(row)
                del model, step
                release()
    return rows


def run_parity(args: argparse.Namespace, deadline: Deadline) -> None:
    """The same seeded steps with fast DoRA and with PEFT's DoRA, through our hf load path."""
    size, seq = args.models[0], args.seqs[0]
    folder = model_dir(size, args.model_root)
    losses: dict[bool, list[float]] = {}
    for fast in (True, False):  # the same seed, adapter init and batches
        model, step = ghost_model("ghost", folder, seq, True, args.smoke, fast=fast)
        losses[fast] = []
        for batch in batches(seq, args.parity_steps):
            if deadline.passed():
                break
            losses[fast].append(step(batch))
        del model, step
        release()
    pairs = list(zip(losses[True], losses[False], strict=False))
    row = {
        **base_row("ghost", size, seq, True),
        "steps": len(pairs),
        "max_abs_loss_diff": max((abs(a - b) for a, b in pairs), default=None),
        "losses_fast": losses[True],
        "losses_peft": losses[False],
    }
    record(args.parity_out, row)


def table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    view = Table(title="training speed (random weights, batch 1)")
    for column in ("stack", "model", "seq", "DoRA", "tokens/s", "peak GiB", "device"):
        view.add_column(column, justify="right" if column in ("tokens/s", "peak GiB") else "left")
    for r in rows:
        dora = "on" if r["dora"] else "off"
        speed, peak = f"{r['tok_per_s']:,.0f}", f"{r['peak_gib']:.2f}"
        view.add_row(r["stack"], r["model"], str(r["seq"]), dora, speed, peak, r["device"])
    Console().print(view)


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    def listed(kind: Any) -> Any:
        return lambda text: [kind(part) for part in text.split(",") if part]

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stacks", type=listed(str), default=["ghost", "peft"])
    parser.add_argument("--models", type=listed(str), default=["12b", "4b"])
    parser.add_argument("--seqs", type=listed(int), default=[2048, 4096])
    parser.add_argument("--dora", type=listed(lambda s: s == "on"), default=[True, False])
    parser.add_argument("--steps", type=int, default=5, help="timed steps after the warm-up")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--budget-s", type=float, default=540.0)
    parser.add_argument("--model-root", type=Path, default=Path("/tmp/train-speed-models"))
    parser.add_argument("--out", type=Path, default=RESULTS / "train_speed.json")
    parser.add_argument("--parity", action="store_true", help="fast vs PEFT DoRA loss curves")
    parser.add_argument("--parity-steps", type=int, default=50)
    parser.add_argument("--parity-out", type=Path, default=RESULTS / "train_speed_parity.json")
    parser.add_argument("--smoke", action="store_true", help="tiny model, CPU, fp32: a dry run")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.stacks) - set(STACKS))
    mixed = {s in UNSLOTH_STACKS for s in args.stacks} == {True, False}
    if unknown:
        parser.error(f"unknown stacks {unknown}; choose from {', '.join(STACKS)}")
    if mixed:
        parser.error("unsloth patches transformers for the whole process: run its stacks alone")
    if args.smoke:
        scratch = Path(tempfile.mkdtemp(prefix="train-speed-smoke-"))
        args.models, args.seqs, args.steps, args.warmup = ["tiny"], [64], 2, 1
        args.stacks = [s for s in args.stacks if s not in UNSLOTH_STACKS]
        args.model_root, args.out = scratch, scratch / "train_speed.json"
        args.parity_steps, args.parity_out = 4, scratch / "train_speed_parity.json"
    return args


def main(argv: list[str] | None = None) -> None:
    args = arguments(argv)
    if any(s in UNSLOTH_STACKS for s in args.stacks) and importlib.util.find_spec("unsloth"):
        import unsloth  # noqa: F401  (before transformers, as Unsloth requires)
    deadline = Deadline(args.budget_s)
    if not args.parity:
        rows = run_speed(args, deadline)
        if rows:
            table(rows)
        print(f"{len(rows)} rows appended to {args.out}")
    if args.parity or args.smoke:
        run_parity(args, deadline)
        print(f"parity appended to {args.parity_out}")


if __name__ == "__main__":
    main()
