"""`ghost train`: resolve the config once, plan, build, loop, save; the run folder is the record.

Run folder: .ghost-run.json (the mark of a run folder), config.toml (resolved, paths absolute,
updated by ladder steps), versions.json, ladder.json, metrics.jsonl, loss.png, samples.jsonl,
checkpoints/, adapter/ (final, PEFT safetensors), run.json. Under several processes every rank
runs this pipeline and rank 0 alone writes these files.
"""

from __future__ import annotations

import copy
import gc
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ghost_architect import atomic
from ghost_architect.config import TrinityConfig
from ghost_architect.console import warn
from ghost_architect.errors import GhostError
from ghost_architect.hardware import HardwareProfile, this_device
from ghost_architect.models import paths
from ghost_architect.plugins import named
from ghost_architect.training import accelerator, distributed, ladder
from ghost_architect.training import checkpoint as ckpt
from ghost_architect.training.backends import own_loop
from ghost_architect.training.distributed import World
from ghost_architect.training.examples import RunData, encode_data, read_data
from ghost_architect.training.features import collate_text, collate_vision
from ghost_architect.training.loop import LoopResult, TrinityLoop
from ghost_architect.training.own_run import train_own
from ghost_architect.training.parallel import Solo, wrap
from ghost_architect.training.planning import (
    choose_strategy,
    plan_before_training,
    plan_input,
    revised,
)
from ghost_architect.training.rundir import (
    load_run_config,
    prepare_run_dir,
    read_ladder,
    record_run,
    save_config,
    write_adapter,
)
from ghost_architect.training.samples import make_sampler
from ghost_architect.training.start import check_start, load_start_weights
from ghost_architect.training.summary import RunSummary, summarise


@dataclass(frozen=True)
class Setup:
    """What the run trains with, resolved once; later only the OOM ladder makes a new config."""

    config: TrinityConfig
    data: RunData
    ladder: tuple[str, ...]
    checkpoint: Path | None
    strategy: str


@dataclass
class Built:
    loaded: Any
    parallel: Solo
    loop: TrinityLoop


def bf16_supported() -> bool:
    """Native bf16 on this machine's device (its device kind says)."""
    return this_device()[1].supports_dtype("bf16")


def fit_dtype(config: TrinityConfig, profile: HardwareProfile) -> None:
    """The compute dtype this device has, decided once while the config is resolved: bf16 on a
    device without it falls back to its kind's dtype (fp16 on a GPU, fp32 on a CPU), and fp16
    where the device has none to fp32, each with one warning."""
    dtype = config.compute_dtype(profile)
    kind = this_device()[1]
    if dtype == "bf16" and not bf16_supported():
        fallback = kind.fallback_dtype
        warn(
            f"model.dtype: this {kind.label} has no native bf16, training in {fallback} "
            f"instead (set model.dtype to choose)"
        )
        config.set("model.dtype", fallback, f"no bf16 on this {kind.label}")
        dtype = fallback
    if dtype == "fp16" and not kind.supports_dtype("fp16"):  # bf16 is at worst emulated
        warn(f"model.dtype: fp16 compute is not supported on this {kind.label}: using fp32")
        config.set("model.dtype", "fp32", f"no fp16 on this {kind.label}")


def resolve(config, profile, run_dir: Path, resume: bool, force: bool, max_steps: int | None,
            strategy: str, world: World, say) -> Setup:  # fmt: skip
    """The run's config, resolved once: the saved one on resume, the dtype this device has, a
    backend that can train in this many processes, what the strategy loads the model with, and
    the planner's ladder for a new run."""
    from ghost_architect.training.backends import distributed_backend
    from ghost_architect.training.parallel import load_settings

    # rank 0 alone checks the folder it alone writes: another rank could see its half-written files
    latest = ckpt.latest_checkpoint(run_dir) if resume else None
    checkpoint = prepare_run_dir(run_dir, resume, force) if world.main else latest
    config = load_run_config(run_dir) if checkpoint else copy.deepcopy(config)
    if checkpoint is not None:
        if max_steps is not None:
            config.set("train.max_steps", max_steps, "--max-steps")
        say(f"resuming from {checkpoint.name}")
    data = read_data(config)
    fit_dtype(config, profile)
    backend, note = distributed_backend(config.train.backend, profile, world.size)
    if note:
        say(note)
    if backend != config.train.backend:  # chosen once: every load (and OOM retry) takes this one
        config.set("train.backend", backend, f"{world.size} processes" if note else "auto")
    chosen = "single"
    if world.size > 1:
        planned = plan_input(config, profile, data.vision, world.size)
        chosen = choose_strategy(strategy, planned, profile, backend)
    for key, value in load_settings(chosen).items():  # recorded in the run's config.toml
        config.set(key, value, f"strategy {chosen}")
    taken = read_ladder(run_dir) if checkpoint else []
    if checkpoint is None:
        check_start(config)
        config, taken = plan_before_training(
            config, profile, backend, data.vision, world.size, chosen
        )
        for step in taken:
            say(f"OOM ladder: {step}")
    return Setup(config, data, tuple(taken), checkpoint, chosen)


def train(
    config: TrinityConfig,
    profile: HardwareProfile,
    run_dir: Path,
    resume: bool = False,
    say: Callable[[str], None] = print,
    progress: Callable[[dict, int], None] | None = None,
    max_steps: int | None = None,
    force: bool = False,
    strategy: str = "auto",
) -> RunSummary:
    """Train an adapter; returns what happened. On resume the run's saved config is used
    (``max_steps`` may extend or shorten it); ``force`` trains into a folder that holds other
    files. Started by torchrun, this process trains its share (``strategy``: ddp or fsdp)."""
    with distributed.joined(this_device()[1].torch_device) as world:
        if not world.main:
            say, progress = _silent, None
        setup = resolve(config, profile, run_dir, resume, force, max_steps, strategy, world, say)
        if world.size > 1:
            say(f"{world.size} processes, strategy {setup.strategy}")
        if world.main:
            record_run(run_dir, setup.config, list(setup.ladder), setup.checkpoint is None)
        world.barrier()
        backend = named("backends")[setup.config.train.backend]  # chosen in resolve()
        if own_loop(backend) is not None:  # its model is no torch module: it trains alone
            dtype = setup.config.compute_dtype(profile)
            return train_own(backend, setup.config, setup.data, setup.checkpoint, run_dir, say,
                             progress, dtype, profile.name, list(setup.ladder))  # fmt: skip
        built, result, config, taken = fit(setup, profile, run_dir, world, say, progress)
        return finish(built, result, run_dir, taken, world, profile.name)


def _silent(message: str) -> None:
    """What ranks other than 0 say: nothing (rank 0 speaks for the run)."""


def fit(setup: Setup, profile, run_dir: Path, world: World, say, progress):
    """Build and run the loop; on out-of-memory every rank steps down the ladder together and
    continues from the newest checkpoint with a new config."""
    import torch

    config, taken, checkpoint = setup.config, list(setup.ladder), setup.checkpoint
    while True:
        built = build(config, profile, setup, checkpoint, run_dir, world, say, progress)
        try:
            return built, built.loop.run(), config, taken
        except torch.OutOfMemoryError:
            say(f"out of memory at step {built.loop.step + 1}")
            del built
            gc.collect()
            accelerator.empty_cache()
            config, checkpoint = step_down(config, run_dir, taken, world, say)


def step_down(config: TrinityConfig, run_dir: Path, taken: list[str], world: World, say):
    """The next ladder step's new config, recorded (rank 0), and the checkpoint reshaped to it."""
    step = ladder.next_step(config)
    if step is None:
        raise GhostError(
            "out of memory even at the bottom of the OOM ladder",
            "use a smaller model, a smaller batch, or a larger GPU profile",
        )
    description, changes = step
    new = revised(config, changes, "OOM ladder")
    taken.append(description)
    say(f"OOM ladder: {description}")
    checkpoint = ckpt.latest_checkpoint(run_dir)
    if world.main:
        atomic.write_json(run_dir / "ladder.json", taken)
        save_config(new, run_dir)
        if checkpoint is not None:
            _reshape_checkpoint(checkpoint, config, new)
    world.barrier()
    if checkpoint is not None:
        say(f"continuing from {checkpoint.name} with the stepped-down config")
    return new, checkpoint


def build(config, profile, setup: Setup, checkpoint, run_dir: Path, world: World, say,
          progress) -> Built:  # fmt: skip
    """Load the model, encode the data, spread the model over the ranks, make the loop."""
    loaded = _load(config, profile, setup.data.vision, say)
    encoded = encode_data(setup.data, loaded.tokenizer, config)
    if encoded.truncated:
        say(f"{encoded.truncated} examples truncated to max_seq_length "
            f"{config.model.max_seq_length}")  # fmt: skip
    if checkpoint is not None:
        ckpt.load_adapter_weights(loaded.model, checkpoint)
    elif config.adapter.start_from:
        say(load_start_weights(loaded.model, config))
    parallel = wrap(loaded.model, setup.strategy, world)
    collate = collate_vision if setup.data.vision else collate_text
    pad = getattr(loaded.tokenizer, "tokenizer", loaded.tokenizer).pad_token_id or 0
    loop = TrinityLoop(
        loaded.model,
        config,
        encoded.train,
        encoded.evaluation,
        lambda b: collate(b, pad),
        run_dir,
        loaded.device,
        adapter_writer(loaded, parallel, run_dir),
        progress,
        make_sampler(loaded, encoded.evaluation or encoded.train, run_dir, parallel),
        parallel,
        own_loss=loaded.own_loss,
    )
    if loop.batch_note:
        say(loop.batch_note)
    if checkpoint is not None:
        loop.resume_from(checkpoint)
    return Built(loaded, parallel, loop)


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

    path = ckpt.adapter_weights(paths.adapter_dir(checkpoint))
    projected = ladder.project_adapter(load_file(str(path)), old, new)
    atomic.write_bytes(path, save({k: v.contiguous() for k, v in projected.items()}))
    state = ckpt.load_state(checkpoint)
    state.pop("optimizer", None)
    state.pop("scheduler", None)
    ckpt.write_state(checkpoint, state)


def adapter_writer(loaded, parallel: Solo, run_dir: Path) -> Callable[[Path], None]:
    """Writes the adapter into a folder: every rank gathers its part, rank 0 writes."""

    def write(target: Path) -> None:
        state = parallel.adapter_state()
        if parallel.world.main:
            write_adapter(loaded.model, loaded.tokenizer, run_dir, target, state)
        parallel.world.barrier()

    return write


def finish(built: Built, result: LoopResult, run_dir: Path, taken, world: World,
           profile: str) -> RunSummary:  # fmt: skip
    """The final adapter and run.json (rank 0), and the summary every rank returns."""
    loop, loaded = built.loop, built.loaded
    adapter_dir = paths.adapter_dir(run_dir)
    loop.write_adapter(adapter_dir)
    summary = summarise(
        result,
        loop.metrics.losses("train"),
        run_dir=str(run_dir),
        backend=loaded.backend,
        device=loaded.device,
        dtype=loaded.dtype,
        ladder=taken,
        adapter=str(adapter_dir),
        train_examples=len(loop.train_set),
        eval_examples=len(loop.eval_set),
        best=result.best and {**result.best, "adapter": str(paths.best_adapter_dir(run_dir))},
        processes=world.size,
        strategy=built.parallel.strategy,
        profile=profile,
    )
    if world.main:
        atomic.write_json(run_dir / "run.json", asdict(summary))
    return summary
