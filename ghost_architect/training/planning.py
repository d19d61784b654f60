"""The memory planner applied to a run's config: its input, the ladder walked before training,
and the multi-GPU strategy for 'auto'."""

from __future__ import annotations

import copy
from typing import Any

from ghost_architect.config import TrinityConfig
from ghost_architect.console import warn
from ghost_architect.hardware import HardwareProfile, device_kind
from ghost_architect.training import ladder


def revised(config: TrinityConfig, changes: dict[str, Any], source: str) -> TrinityConfig:
    """A new config with ``changes`` set (from ``source``); ``config`` stays as it was."""
    new = copy.deepcopy(config)
    for key, value in changes.items():
        new.set(key, value, source)
    return new


def plan_input(config: TrinityConfig, profile: HardwareProfile, vision: bool, gpus: int = 1,
               strategy: str = "ddp", spec=None):  # fmt: skip
    """The planner's view of ``config`` on ``profile``, for ``spec`` or the catalogued model
    the config names (None where it names none: a local folder)."""
    from ghost_architect.models.catalog import MODELS
    from ghost_architect.training.planner import PlanInput

    spec = spec or MODELS.get(config.model.name)
    if spec is None:
        return None
    return PlanInput(
        spec, config.model.max_seq_length, config.adapter.r, config.adapter.use_dora,
        tuple(config.adapter.target_modules), config.model.load_in_4bit,
        config.train.per_device_train_batch_size, config.train.optimizer,
        config.compute_dtype(profile), config.train.gradient_checkpointing, vision, gpus, strategy,
        config.train.gradient_accumulation_steps,
    )  # fmt: skip


def plan_before_training(
    config: TrinityConfig, profile: HardwareProfile, backend: str, vision: bool,
    gpus: int = 1, strategy: str = "ddp",
) -> tuple[TrinityConfig, list[str]]:  # fmt: skip
    """On accelerator profiles, walk the planner's ladder until the run is predicted to fit; the
    result is a new config (``config`` is left as it was)."""
    from ghost_architect.training.backends import planner_coefficients
    from ghost_architect.training.planner import predict

    coefficients = planner_coefficients()
    if not device_kind(profile.kind).accelerator or backend not in coefficients:
        return config, []
    capacity = device_kind(profile.kind).capacity_gib(profile)
    taken: list[str] = []
    while (wanted := plan_input(config, profile, vision, gpus, strategy)) is not None:
        first = predict(wanted, backend, capacity, coefficients)
        if first.fits:
            break
        step = ladder.next_step(config)
        if step is None:
            warn(
                f"planner: {first.peak_gib} GiB predicted even at the bottom of the ladder, more "
                f"than {profile.name} has; training will likely run out of memory"
            )
            break
        description, changes = step
        config = revised(config, changes, f"planner ({profile.name})")
        taken.append(f"{description} (planner: {first.peak_gib} GiB predicted > {profile.name})")
    return config, taken


def choose_strategy(wanted: str, planned, profile: HardwareProfile, backend: str) -> str:
    """The strategy of a run over several GPUs (``ghost train`` and ``ghost plan`` alike): the one
    asked for, or for 'auto' the planner's pick for ``planned`` (a PlanInput): ddp when the run
    fits one GPU as asked, else fsdp; ddp where the planner cannot predict it (no catalogued
    model, a device kind that is not an accelerator, a backend without memory coefficients)."""
    if wanted != "auto":
        return wanted
    from ghost_architect.training.backends import planner_coefficients
    from ghost_architect.training.planner import pick_strategy

    coefficients = planner_coefficients()
    kind = device_kind(profile.kind)
    if planned is None or not kind.accelerator or backend not in coefficients:
        return "ddp"
    return pick_strategy(planned, backend, kind.capacity_gib(profile), coefficients)
