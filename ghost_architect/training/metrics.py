"""Run metrics: JSONL log (rewritten atomically) and the loss-curve PNG."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ghost_architect import atomic


class MetricsLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows: list[dict[str, Any]] = []

    def load_until(self, step: int) -> None:
        """Keep the rows of a resumed run up to its checkpoint step."""
        if self.path.exists():
            rows = [json.loads(line) for line in self.path.read_text().splitlines() if line]
            self.rows = [r for r in rows if r.get("step", 0) <= step]

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        atomic.write_text(self.path, "".join(json.dumps(r) + "\n" for r in self.rows))

    def losses(self, kind: str = "train") -> list[tuple[int, float]]:
        key = "loss" if kind == "train" else "eval_loss"
        return [(r["step"], r[key]) for r in self.rows if key in r]


def plot_losses(log: MetricsLog, path: Path, title: str) -> None:
    train = log.losses("train")
    evals = log.losses("eval")
    if not train:
        return
    with atomic.png_figure(path, title) as ax:
        ax.plot(*zip(*train, strict=True), color="#2563eb", label="train loss")
        if evals:
            ax.plot(*zip(*evals, strict=True), "o-", color="#dc2626", label="eval loss")
        ax.set_xlabel("optimizer step")
        ax.set_ylabel("loss")
        ax.grid(alpha=0.3)
        ax.legend()
