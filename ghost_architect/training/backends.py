"""Training backends: the ``Backend`` protocol, the one rule that picks a backend, and loading.

Backends are plugins (``register_backends``; the built-ins, hf, unsloth and keras, are in
``ghost_architect.builtin.backends``). Each returns a PEFT model with the same adapter format, and
the tokenizer (text) or processor (vision), from one TrinityConfig; a backend whose model is no
torch module (keras) trains the encoded examples in its own loop instead (``OwnLoopJob``) and
writes the same run folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ghost_architect.config import TrinityConfig
from ghost_architect.errors import GhostError
from ghost_architect.hardware import HardwareProfile, this_device
from ghost_architect.plugins import ask, named

if TYPE_CHECKING:
    from ghost_architect.training.loop import LoopResult

DTYPES = {"bf16": "bfloat16", "fp16": "float16", "fp32": "float32"}


@dataclass
class Loaded:
    model: Any
    tokenizer: Any  # tokenizer, or the processor for vision models
    backend: str
    device: str
    dtype: str
    quantized: bool
    notes: list[str]
    own_loss: bool = False  # the model's forward computes its own (fused) loss: the loop uses it


@dataclass
class OwnLoopJob:
    """What a backend with its own loop trains: examples encoded by the run (token ids and
    assistant-only labels, training/features.py), the run folder it writes as the torch loop
    does (metrics rows go to ``progress``), and the checkpoint to resume from."""

    config: TrinityConfig
    model_path: str
    dtype: str
    train: list  # Features
    evaluation: list  # Features
    run_dir: Path
    resume: Path | None
    say: Callable[[str], None]
    log: Callable[[dict[str, Any]], None]  # a metrics row for metrics.jsonl
    progress: Callable[[dict, int], None] | None


class Backend(Protocol):
    """A training backend, registered through ``register_backends``."""

    name: str
    description: str
    device_kinds: tuple[str, ...]  # the device kinds it trains on; () for every kind
    preference: int  # 'auto' takes the usable backend with the highest (first registered on ties)
    memory_coefficients: dict[str, float] | None  # the planner's fit for it; None: not planned
    distributed: bool  # trains as one of several processes (DDP/FSDP); undeclared: it does

    def available(self) -> tuple[bool, str]:
        """Whether it can train on this machine; when not, why (with the install line)."""
        ...

    def load(self, config: TrinityConfig, dtype: str, device: str, vision: bool) -> Loaded:
        """Base model plus a fresh Trinity adapter; ``device`` is torch's device type."""
        ...

    # Optional, for a backend whose model cannot go through the torch loop (then ``load`` is not
    # called): train the job's examples and write its adapter folder (PEFT safetensors) and
    # checkpoints. def train_own(self, job: OwnLoopJob) -> LoopResult


def own_loop(backend: Backend) -> Callable[[OwnLoopJob], LoopResult] | None:
    """The backend's own training loop, or None where it trains through the torch loop."""
    return getattr(backend, "train_own", None)


def unusable_reason(backend: Backend, profile: HardwareProfile, here: bool) -> str | None:
    """Why ``backend`` cannot train for ``profile`` (and, when ``here``, on this machine)."""
    kinds = backend.device_kinds
    if kinds and profile.kind not in kinds:
        return f"it trains on {'/'.join(kinds)} devices, profile {profile.name} is {profile.kind}"
    if not here:
        return None
    found, _ = this_device()
    if kinds and found.kind not in kinds:
        return f"it trains on {'/'.join(kinds)} devices, this machine has {found.kind}"
    failed = (False, "its availability check failed (see the warning above)")
    ok, why = ask("backends", backend, "available", fallback=failed)
    return None if ok else why or "unavailable"


def choose_backend(wanted: str, profile: HardwareProfile, here: bool = True) -> Backend:
    """The backend ``wanted`` names, or for 'auto' the usable one with the highest preference.

    The one rule for `ghost train` (``here``: this machine must run it) and `ghost plan`
    (``here=False``: planning for a profile, perhaps another machine's)."""
    backends = named("backends")
    if wanted != "auto":
        if wanted not in backends:
            raise GhostError(
                f"unknown train.backend '{wanted}'", f"choose one of: auto, {', '.join(backends)}"
            )
        why = unusable_reason(backends[wanted], profile, here)
        if why:
            others = [n for n, b in backends.items() if not unusable_reason(b, profile, here)]
            hint = f"use --backend {' or '.join(others)}" if others else "see `ghost doctor`"
            raise GhostError(f"train.backend = '{wanted}' cannot train here: {why}", hint)
        return backends[wanted]
    usable = [b for b in backends.values() if not unusable_reason(b, profile, here)]
    if not usable:
        reasons = "; ".join(
            f"{n}: {unusable_reason(b, profile, here)}" for n, b in backends.items()
        )
        raise GhostError(f"no training backend can train here ({reasons})", "see `ghost doctor`")
    return max(usable, key=lambda b: b.preference)  # max keeps the first of equals


def trains_distributed(backend: Backend) -> bool:
    return getattr(backend, "distributed", True)


def distributed_backend(wanted: str, profile: HardwareProfile, processes: int) -> tuple[str, str]:
    """The backend to train with in ``processes`` processes, and a line when the one asked for
    (or 'auto''s pick) trains in one process only and another takes its place."""
    chosen = choose_backend(wanted, profile)
    if processes == 1 or trains_distributed(chosen):
        return chosen.name, ""
    usable = [
        b
        for b in named("backends").values()
        if trains_distributed(b) and not unusable_reason(b, profile, True)
    ]
    if not usable:
        raise GhostError(
            f"the {chosen.name} backend trains in one process only and no other backend can "
            "train here",
            "run with --gpus 1",
        )
    fallback = max(usable, key=lambda b: b.preference)
    return fallback.name, (
        f"the {chosen.name} backend trains on one GPU only: using the {fallback.name} backend "
        f"for {processes} processes"
    )


def planner_coefficients() -> dict[str, dict[str, float]]:
    """The planner's coefficients of every registered backend that declares them, the one 'auto'
    prefers first."""
    backends = sorted(named("backends").values(), key=lambda b: -b.preference)
    found = {b.name: getattr(b, "memory_coefficients", None) for b in backends}
    return {name: coefficients for name, coefficients in found.items() if coefficients}


def lora_targets(config: TrinityConfig, vision: bool) -> Any:
    """Target module names; for vision models only the language model's layers."""
    targets = config.adapter.target_modules
    if not vision:
        return targets
    return r".*language_model.*\.(" + "|".join(targets) + r")"


def load_model(config: TrinityConfig, profile: HardwareProfile, vision: bool) -> Loaded:
    """Load base + fresh adapter with the backend the config and machine call for."""
    backend = choose_backend(config.train.backend, profile)
    _, kind = this_device()  # the dtype was fitted to it with the config (run.fit_dtype)
    return backend.load(config, config.compute_dtype(profile), kind.torch_device, vision)
