"""Screenshot datasets -> text-only SFT records whose prompt is the OCR layout of each image.

A text-only model (the CPU default, Gemma 3 270M) never sees pixels: at inference it reads the
layout text that OCR makes of the screenshot. Training it on the generator's exact layout text
would teach it a cleaner input than it will ever get, so this module runs the very perception
`ghost infer` runs on every training image.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ghost_architect.data.dataset import LoadedDataset
from ghost_architect.errors import GhostError
from ghost_architect.prompts import text_messages


def _sql(messages: list[dict[str, str]]) -> str:
    return next(m["content"] for m in reversed(messages) if m["role"] == "assistant")


def screenshot_items(dataset: LoadedDataset) -> list[tuple[Any, Any]]:
    """The (raw record, example) pairs that have an image; an error when none has."""
    items = [(raw, ex) for raw, ex in dataset.items if ex.images]
    if not items:
        raise GhostError(
            f"{dataset.path}: no example has an image",
            "pass a screenshot dataset (ghost-vision or messages with images)",
        )
    return items


def perceived_records(
    dataset: LoadedDataset, on_progress: Callable[[int], None] | None = None
) -> Iterator[dict[str, Any]]:
    """One {id, messages} record per example that has an image, in dataset order."""
    from ghost_architect.infer import perceive_image

    for done, (raw, example) in enumerate(screenshot_items(dataset), start=1):
        seen = perceive_image(Path(example.images[0]))
        record_id = example.meta.get("id", f"record-{raw.number}")
        yield {"id": record_id, "messages": text_messages(seen.layout, _sql(example.messages))}
        if on_progress:
            on_progress(done)
