"""`ghost train`: data -> plan -> backend -> loop -> adapter, with the run folder as the record.

Run folder: .ghost-run.json (the mark of a run folder), config.toml (resolved, paths absolute,
updated by ladder steps), versions.json, ladder.json, metrics.jsonl, loss.png, samples.jsonl,
checkpoints/, adapter/ (final, PEFT safetensors), run.json.
"""

from __future__ import annotations

import copy
import gc
import importlib.metadata
import json
import os
import platform
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import tomli_w

from ghost_architect import atomic
from ghost_architect.config import TrinityConfig, load_config, preset_profile
from ghost_architect.console import warn
from ghost_architect.data.dataset import load_dataset
from ghost_architect.errors import GhostError, UsageError
from ghost_architect.hardware import HardwareProfile, device_kind, this_device
from ghost_architect.plugins import named
from ghost_architect.training import checkpoint as ckpt
from ghost_architect.training import ladder
from ghost_architect.training.features import (
    IGNORE,
    Features,
    collate_text,
    collate_vision,
    encode_example,
    encode_vision_example,
)
from ghost_architect.training.loop import LoopResult, TrinityLoop

VERSIONED = (
    "torch",
    "transformers",
    "peft",
    "trl",
    "accelerate",
    "bitsandbytes",
    "unsloth",
    "unsloth_zoo",
    "ghost-architect",
)
RUN_MARKER = ".ghost-run.json"  # marks a folder ghost train made (its files may be replaced)


@dataclass
class RunSummary:
    run_dir: str
    backend: str
    device: str
    dtype: str
    steps: int
    first_loss: float | None
    final_loss: float | None
    eval_loss: float | None
    seconds: float
    seconds_per_step: float
    tokens_per_s: float
    peak_memory_gib: float
    ladder: list[str]
    adapter: str
    train_examples: int = 0
    eval_examples: int = 0
    best: dict[str, Any] | None = None  # train.keep_best: step, eval_loss and adapter folder


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def save_config(config: TrinityConfig, run_dir: Path) -> None:
    data = {"profile": config.profile, **config.to_dict()}
    atomic.write_text(run_dir / "config.toml", tomli_w.dumps(data))


def load_run_config(run_dir: Path) -> TrinityConfig:
    """The run's saved config, with the hardware profile it was resolved for."""
    path = str(run_dir / "config.toml")
    config = load_config(path)
    config.profile = preset_profile(path) or config.profile
    return config


def valid_examples(path: str, config: TrinityConfig) -> list:
    """The examples of a dataset file, or one line naming its first invalid record."""
    dataset = load_dataset(Path(path), named("datasets"), config.data.format)
    if dataset.errors:
        first = dataset.errors[0].format(path)
        raise GhostError(
            f"{len(dataset.errors)} invalid records, first: {first}",
            f"run `ghost data validate {path} --fix clean.jsonl`",
        )
    return dataset.examples


def split_eval(features: list[Features], fraction: float, seed: int):
    """Deterministic train/eval split."""
    import numpy as np

    if fraction <= 0 or len(features) < 4:
        return features, []
    order = np.random.default_rng(seed).permutation(len(features))
    n_eval = max(1, round(len(features) * fraction))
    chosen = set(order[:n_eval].tolist())
    train = [f for i, f in enumerate(features) if i not in chosen]
    return train, [features[i] for i in sorted(chosen)]


def encode_all(examples, loaded, config: TrinityConfig, vision: bool) -> tuple[list[Features], int]:
    seq = config.model.max_seq_length
    features, truncated = [], 0
    for example in examples:
        if vision:
            f = encode_vision_example(example, loaded.tokenizer, seq)
        else:
            f = encode_example(example, loaded.tokenizer, seq)
        truncated += f.truncated
        if f.trained_tokens:
            features.append(f)
    if not features:
        raise GhostError(
            f"none of the {len(examples)} examples keeps any answer token within "
            f"model.max_seq_length = {seq}",
            "raise model.max_seq_length (see `ghost data stats` for lengths)",
        )
    return features, truncated


def make_sampler(loaded, features: list[Features], run_dir: Path):
    """Greedy generations for held-out prompts, appended to samples.jsonl. On CPU one short
    sample: un-merged DoRA recomputes its weight norms for every generated token."""
    import torch

    tokenizer = getattr(loaded.tokenizer, "tokenizer", loaded.tokenizer)
    on_gpu = loaded.device == "cuda"
    prompts = features[: 2 if on_gpu else 1]
    max_new_tokens = 160 if on_gpu else 64
    path = run_dir / "samples.jsonl"

    def sample(step: int) -> None:
        model = loaded.model
        model.eval()
        rows = []
        for f in prompts:
            cut = next(i for i, label in enumerate(f.labels) if label != IGNORE)
            ids = torch.tensor([f.input_ids[:cut]], device=loaded.device)
            extra: dict[str, Any] = {}
            if getattr(f, "pixel_values", None) is not None:
                extra["pixel_values"] = f.pixel_values.to(
                    loaded.device, next(model.parameters()).dtype
                )
                extra["token_type_ids"] = torch.tensor(
                    [f.token_type_ids[:cut]], device=loaded.device
                )
            with torch.no_grad():
                out = model.generate(
                    input_ids=ids,
                    attention_mask=torch.ones_like(ids),
                    max_new_tokens=max_new_tokens,
                    do_sample=False,
                    **extra,
                )
            text = tokenizer.decode(out[0, cut:], skip_special_tokens=True)
            expected = tokenizer.decode(
                [t for t in f.labels if t != IGNORE], skip_special_tokens=True
            )
            rows.append({"step": step, "generated": text, "expected": expected})
        model.train()
        previous = path.read_text() if path.exists() else ""
        atomic.write_text(path, previous + "".join(json.dumps(r) + "\n" for r in rows))

    return sample


def prepare_run_dir(run_dir: Path, resume: bool, force: bool = False) -> Path | None:
    """The checkpoint to resume from; refuse to clobber an earlier run or a user's files."""
    latest = ckpt.latest_checkpoint(run_dir)
    if resume:
        if latest is None:
            raise UsageError(f"--resume: no checkpoint in {run_dir}", "start without --resume")
        ckpt.load_state(latest)  # a pickled or damaged state stops here, before any write
        return latest
    if latest is not None or (run_dir / "adapter").exists():
        raise UsageError(
            f"{run_dir} already holds a run",
            "pass --resume to continue it or choose another --output",
        )
    refuse_foreign(run_dir, force)
    return None


def refuse_foreign(run_dir: Path, force: bool) -> None:
    """Refuse a run folder that is a file, or holds files ghost train did not make (unless
    ``force``): the run would replace a config.toml or metrics.jsonl of the user's."""
    if os.path.lexists(run_dir) and not run_dir.is_dir():
        raise UsageError(f"--output {run_dir} is not a folder", "choose a folder for the run")
    if not run_dir.is_dir() or force or (run_dir / RUN_MARKER).exists():
        return
    found = sorted(p.name for p in run_dir.iterdir())
    if found:
        raise UsageError(
            f"{run_dir} is not empty and is not a ghost run: {len(found)} file(s) such as "
            f"{found[0]}",
            "choose another --output, or pass --force to train there (files named like the "
            "run's, such as config.toml, are replaced)",
        )


def claim_run_dir(run_dir: Path) -> None:
    """Create the run folder and mark it as ghost's."""
    atomic.write_json(run_dir / RUN_MARKER, {"written_by": "ghost train"})


def bf16_supported() -> bool:
    """Native bf16 on this machine's device (its device kind says)."""
    return this_device()[1].supports_dtype("bf16")


def fit_dtype(config: TrinityConfig, profile: HardwareProfile) -> None:
    """bf16 on a device without it falls back to its kind's dtype (fp16 on a GPU, fp32 on a
    CPU), with one warning."""
    if config.compute_dtype(profile) != "bf16" or bf16_supported():
        return
    kind = this_device()[1]
    fallback, device = kind.fallback_dtype, kind.label
    warn(
        f"model.dtype: this {device} has no native bf16, training in {fallback} instead "
        f"(set model.dtype to choose)"
    )
    config.set("model.dtype", fallback, f"no bf16 on this {device}")


def apply_ladder_step(config: TrinityConfig, run_dir: Path, taken: list[str], say) -> TrinityConfig:
    step = ladder.next_step(config)
    if step is None:
        raise GhostError(
            "out of memory even at the bottom of the OOM ladder",
            "use a smaller model, a smaller batch, or a larger GPU profile",
        )
    description, changes = step
    new = copy.deepcopy(config)  # the old config stays intact: the checkpoint is reshaped from it
    for key, value in changes.items():
        new.set(key, value, "OOM ladder")
    taken.append(description)
    say(f"OOM ladder: {description}")
    atomic.write_json(run_dir / "ladder.json", taken)
    save_config(new, run_dir)
    return new


def plan_before_training(
    config: TrinityConfig, profile: HardwareProfile, backend: str, vision: bool
) -> tuple[TrinityConfig, list[str]]:
    """On accelerator profiles, walk the planner's ladder until the run is predicted to fit."""
    from ghost_architect.models.catalog import MODELS
    from ghost_architect.training.backends import planner_coefficients
    from ghost_architect.training.planner import PlanInput, make_plan

    spec = MODELS.get(config.model.name)
    coefficients = planner_coefficients()
    if not device_kind(profile.kind).accelerator or spec is None or backend not in coefficients:
        return config, []
    taken: list[str] = []
    while True:
        plan_input = PlanInput(
            spec, config.model.max_seq_length, config.adapter.r, config.adapter.use_dora,
            tuple(config.adapter.target_modules), config.model.load_in_4bit,
            config.train.per_device_train_batch_size, config.train.optimizer,
            config.compute_dtype(profile), config.train.gradient_checkpointing, vision,
        )  # fmt: skip
        capacity = device_kind(profile.kind).capacity_gib(profile)
        plan = make_plan(plan_input, profile.name, capacity, backend, coefficients)
        first = next(p for p in plan.predictions if p.backend == backend)
        if first.fits:
            return config, taken
        step = ladder.next_step(config)
        if step is None:
            warn(
                f"planner: {first.peak_gib} GiB predicted even at the bottom of the ladder, more "
                f"than {profile.name} has; training will likely run out of memory"
            )
            return config, taken
        description, changes = step
        for key, value in changes.items():
            config.set(key, value, f"planner ({profile.name})")
        taken.append(f"{description} (planner: {first.peak_gib} GiB predicted > {profile.name})")


def train(
    config: TrinityConfig,
    profile: HardwareProfile,
    run_dir: Path,
    resume: bool = False,
    say: Callable[[str], None] = print,
    progress: Callable[[dict, int], None] | None = None,
    loop_hook: Callable[[TrinityLoop], None] | None = None,
    max_steps: int | None = None,
    force: bool = False,
) -> RunSummary:
    """Train an adapter; returns what happened. On resume the run's saved config is used
    (``max_steps`` may extend or shorten it). ``loop_hook`` lets tests reach the live loop;
    ``force`` trains into a folder that holds other files."""
    import torch

    checkpoint = prepare_run_dir(run_dir, resume, force)
    if checkpoint is not None:
        config = load_run_config(run_dir)
        if max_steps is not None:
            config.set("train.max_steps", max_steps, "--max-steps")
        say(f"resuming from {checkpoint.name}")
    if not config.data.train:
        raise GhostError("no training data", "pass --data FILE or set data.train in the preset")
    examples = valid_examples(config.data.train, config)[: config.data.max_examples or None]
    held_out = valid_examples(config.data.eval, config) if config.data.eval else None
    vision = any(e.images for e in examples)
    taken: list[str] = (
        json.loads((run_dir / "ladder.json").read_text())
        if resume and (run_dir / "ladder.json").exists()
        else []
    )
    fit_dtype(config, profile)
    if checkpoint is None:
        from ghost_architect.training.backends import choose_backend

        backend = choose_backend(config.train.backend, profile).name
        config, planned = plan_before_training(config, profile, backend, vision)
        for step in planned:
            say(f"OOM ladder: {step}")
        claim_run_dir(run_dir)
        taken += planned
        if planned:
            atomic.write_json(run_dir / "ladder.json", taken)
    save_config(config, run_dir)
    atomic.write_json(run_dir / "versions.json", versions())
    while True:
        loaded = _load(config, profile, vision, say)
        features, truncated = encode_all(examples, loaded, config, vision)
        if truncated:
            say(f"{truncated} examples truncated to max_seq_length {config.model.max_seq_length}")
        if held_out is None:
            train_set, eval_set = split_eval(features, config.data.eval_fraction, config.train.seed)
        else:
            train_set, eval_set = features, encode_all(held_out, loaded, config, vision)[0]
        collate = collate_vision if vision else collate_text
        pad = getattr(loaded.tokenizer, "tokenizer", loaded.tokenizer).pad_token_id or 0
        loop = TrinityLoop(
            loaded.model,
            config,
            train_set,
            eval_set,
            lambda b, c=collate, p=pad: c(b, p),
            run_dir,
            loaded.device,
            lambda target, loaded=loaded: write_adapter(loaded, run_dir, target),
            progress,
            make_sampler(loaded, eval_set or train_set, run_dir),
        )
        if checkpoint is not None:
            loop.resume_from(checkpoint)
        if loop_hook:
            loop_hook(loop)
        try:
            result = loop.run()
            break
        except torch.OutOfMemoryError:
            say(f"CUDA out of memory at step {loop.step + 1}")
            old_config = config
            del loop, loaded
            gc.collect()
            if torch.cuda.is_available():
                torch.cuda.empty_cache()
            config = apply_ladder_step(config, run_dir, taken, say)
            checkpoint = ckpt.latest_checkpoint(run_dir)
            if checkpoint is not None:
                _reshape_checkpoint(checkpoint, old_config, config)
                say(f"continuing from {checkpoint.name} with the stepped-down config")
    return _finish(loaded, loop, result, config, run_dir, taken)


def _load(config: TrinityConfig, profile: HardwareProfile, vision: bool, say):
    from ghost_architect.training.backends import load_model

    started = time.perf_counter()
    loaded = load_model(config, profile, vision)
    trainable = sum(p.numel() for p in loaded.model.parameters() if p.requires_grad)
    say(
        f"loaded {config.model.name} with the {loaded.backend} backend on {loaded.device} "
        f"({loaded.dtype}{', 4-bit NF4' if loaded.quantized else ''}) in "
        f"{time.perf_counter() - started:.1f} s; {trainable / 1e6:.1f} M trainable parameters"
    )
    for note in loaded.notes:
        say(note)
    return loaded


def _reshape_checkpoint(checkpoint: Path, old: TrinityConfig, new: TrinityConfig) -> None:
    """After r/DoRA/targets steps, rewrite the checkpoint's adapter for the new shape; the
    optimiser restarts for the new parameters (its old state no longer fits)."""
    if old.adapter == new.adapter:
        return
    from safetensors.torch import load_file, save

    path = ckpt.adapter_weights(checkpoint / "adapter")
    projected = ladder.project_adapter(load_file(str(path)), old, new)
    atomic.write_bytes(path, save({k: v.contiguous() for k, v in projected.items()}))
    state = ckpt.load_state(checkpoint)
    state.pop("optimizer", None)
    state.pop("scheduler", None)
    ckpt.write_state(checkpoint, state)


def write_adapter(loaded, run_dir: Path, target: Path) -> None:
    """The model's adapter, its tokenizer and the run's config, written whole into ``target``."""
    with atomic.staged_dir(target, overwrite=True) as stage:
        loaded.model.save_pretrained(str(stage))
        loaded.tokenizer.save_pretrained(str(stage))
        shutil.copy(run_dir / "config.toml", stage / "trinity_config.toml")


def _finish(
    loaded, loop: TrinityLoop, result: LoopResult, config, run_dir: Path, taken
) -> RunSummary:
    adapter_dir = run_dir / "adapter"
    write_adapter(loaded, run_dir, adapter_dir)
    losses = loop.metrics.losses("train")
    summary = RunSummary(
        run_dir=str(run_dir),
        backend=loaded.backend,
        device=loaded.device,
        dtype=loaded.dtype,
        steps=result.steps,
        first_loss=losses[0][1] if losses else None,
        final_loss=losses[-1][1] if losses else None,
        eval_loss=result.eval_loss,
        seconds=round(result.seconds, 2),
        seconds_per_step=round(result.train_seconds / max(1, len(result.losses)), 3),
        tokens_per_s=round(result.tokens / max(1e-9, result.train_seconds), 1),
        peak_memory_gib=round(result.peak_memory_gib, 3),
        ladder=taken,
        adapter=str(adapter_dir),
        train_examples=len(loop.train_set),
        eval_examples=len(loop.eval_set),
        best=result.best and {**result.best, "adapter": str(run_dir / "best-adapter")},
    )
    atomic.write_json(run_dir / "run.json", asdict(summary))
    return summary
