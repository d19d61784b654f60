"""What a training run returns and records in run.json, whichever loop trained it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
