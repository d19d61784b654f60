"""What a training run returns and records in run.json, whichever loop trained it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ghost_architect.training.loop import LoopResult


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
    processes: int = 1
    strategy: str = "single"
    resumed_at_step: int | None = None  # seconds and tokens/s count the steps after it only
    profile: str = ""  # the hardware profile the run was planned and trained for


def summarise(result: LoopResult, losses: list[tuple[int, float]], **fields: Any) -> RunSummary:
    """The summary of a finished loop: its losses, times and throughput, plus ``fields`` (where
    it ran, the adapter, the examples...), the same whichever loop trained."""
    return RunSummary(
        steps=result.steps,
        first_loss=losses[0][1] if losses else None,
        final_loss=losses[-1][1] if losses else None,
        eval_loss=result.eval_loss,
        seconds=round(result.seconds, 2),
        seconds_per_step=round(result.train_seconds / max(1, len(result.losses)), 3),
        tokens_per_s=round(result.tokens / max(1e-9, result.train_seconds), 1),
        peak_memory_gib=round(result.peak_memory_gib, 3),
        resumed_at_step=result.start_step or None,
        **fields,
    )
