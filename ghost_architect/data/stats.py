"""Dataset statistics for `ghost data stats`: counts, roles, token lengths, images, duplicates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ghost_architect import atomic
from ghost_architect.data.dataset import LoadedDataset
from ghost_architect.perception.image import image_size


@dataclass
class DatasetStats:
    records: int
    examples: int
    errors: int
    format: str
    roles: Counter = field(default_factory=Counter)
    turns: Counter = field(default_factory=Counter)
    lengths: list[int] = field(default_factory=list)
    image_sizes: list[tuple[int, int]] = field(default_factory=list)
    duplicates: int = 0
    near_duplicates: int = 0

    def length_summary(self) -> dict[str, float]:
        if not self.lengths:
            return {}
        values = np.array(self.lengths)
        return {
            "min": int(values.min()),
            "mean": round(float(values.mean()), 1),
            "p50": int(np.percentile(values, 50)),
            "p90": int(np.percentile(values, 90)),
            "p99": int(np.percentile(values, 99)),
            "max": int(values.max()),
            "total": int(values.sum()),
        }

    def image_summary(self) -> dict[str, object]:
        if not self.image_sizes:
            return {}
        widths = sorted(w for w, _ in self.image_sizes)
        heights = sorted(h for _, h in self.image_sizes)
        mid = len(widths) // 2
        return {
            "count": len(self.image_sizes),
            "width": [widths[0], widths[mid], widths[-1]],
            "height": [heights[0], heights[mid], heights[-1]],
        }


def compute_stats(dataset: LoadedDataset, lengths: list[int]) -> DatasetStats:
    stats = DatasetStats(
        records=dataset.total,
        examples=len(dataset.items),
        errors=len(dataset.errors),
        format=dataset.format,
        lengths=lengths,
    )
    for example in dataset.examples:
        stats.turns[len(example.messages)] += 1
        for message in example.messages:
            stats.roles[message["role"]] += 1
        for image in example.images:
            size = image_size(Path(image))
            if size is not None:
                stats.image_sizes.append(size)
    for problem in dataset.problems:
        if problem.field == "(duplicate)":
            if problem.severity == "error":
                stats.duplicates += 1
            else:
                stats.near_duplicates += 1
    return stats


def length_histogram(lengths: list[int], title: str, path: Path, limit: int | None = None) -> None:
    """A PNG histogram of token lengths, with the max_seq_length line when given."""
    with atomic.png_figure(path, title) as ax:
        bins = min(50, max(5, len(set(lengths))))
        ax.hist(lengths, bins=bins, color="#2563eb", edgecolor="white")
        if limit:
            ax.axvline(limit, color="#dc2626", linestyle="--", label=f"max_seq_length {limit}")
            ax.legend()
        ax.set_xlabel("tokens per example (chat template applied)")
        ax.set_ylabel("examples")
