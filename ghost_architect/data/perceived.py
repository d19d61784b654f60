"""Screenshot datasets -> text-only SFT records whose prompt is the OCR layout of each image.

A text-only model (the CPU default, Gemma 3 270M) never sees pixels: at inference it reads the
layout text that OCR makes of the screenshot. Training it on the generator's exact layout text
would teach it a cleaner input than it will ever get, so this module runs the very perception
`ghost infer` runs on every training image.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
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


def _perceive_one(task: tuple[str, str, str]) -> dict[str, Any] | str:
    """The record, or why its screenshot was left out (nothing on it could be read)."""
    from ghost_architect.errors import UnreadableInput
    from ghost_architect.perception import read_screen

    record_id, image, sql = task
    try:
        layout = read_screen(Path(image)).layout.to_text()
    except UnreadableInput as exc:
        return f"{record_id} left out: {exc}"
    return {"id": record_id, "messages": text_messages(layout, sql)}


def _single_threaded_ocr() -> None:
    """Worker start-up: one thread per process for OCR, OpenCV and BLAS, so N workers use N
    cores rather than N x cores."""
    os.environ["GHOST_OCR_THREADS"] = "1"
    os.environ["OMP_NUM_THREADS"] = "1"
    import cv2

    cv2.setNumThreads(1)


def perceived_records(
    dataset: LoadedDataset,
    on_progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> Iterator[dict[str, Any]]:
    """One {id, messages} record per example that has an image, in dataset order; `workers`
    processes OCR screenshots in parallel (perception is CPU-bound)."""
    tasks = [
        (example.meta.get("id", f"record-{raw.number}"), example.images[0], _sql(example.messages))
        for raw, example in screenshot_items(dataset)
    ]
    if workers <= 1:
        yield from _reported(map(_perceive_one, tasks), on_progress)
        return
    context = multiprocessing.get_context("spawn")  # no forked OCR sessions or torch state
    with ProcessPoolExecutor(workers, context, initializer=_single_threaded_ocr) as pool:
        yield from _reported(pool.map(_perceive_one, tasks, chunksize=4), on_progress)


def _reported(
    results: Iterator[dict[str, Any] | str], on_progress: Callable[[int], None] | None
) -> Iterator[dict[str, Any]]:
    """The records in order; a screenshot left out is one warning line."""
    from ghost_architect.console import warn

    for done, record in enumerate(results, start=1):
        if isinstance(record, str):
            warn(record)
        else:
            yield record
        if on_progress:
            on_progress(done)
