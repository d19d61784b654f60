"""The training data order both loops follow (the torch loop and the keras backend's, which runs
without torch): each epoch a permutation that is a pure function of the seed and the epoch, read
from a cursor of examples consumed since the start, so a resumed run continues the same order."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

import numpy as np

T = TypeVar("T")


@lru_cache(maxsize=4)  # the epoch in hand and the next: each drawn once, not once per example
def epoch_order(seed: int, epoch: int, size: int) -> np.ndarray:
    """The shuffled order of ``size`` examples in ``epoch``."""
    return np.random.default_rng(seed + epoch).permutation(size)


def take(items: Sequence[T], cursor: int, count: int, seed: int) -> list[T]:
    """The ``count`` examples that follow ``cursor`` in the seeded order, across epochs."""
    picked = []
    for position in range(cursor, cursor + count):
        epoch, index = divmod(position, len(items))
        picked.append(items[int(epoch_order(seed, epoch, len(items))[index])])
    return picked
