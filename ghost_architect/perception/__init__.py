"""Pixels -> Layout: OCR text boxes plus UI elements detected with OpenCV, assembled into fields,
tables and text in reading order. `perceive` is the one entry point `ghost infer` and
`ghost data perceive` share."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ghost_architect.data.layout import Layout
from ghost_architect.errors import UnreadableInput

MIN_WORDS = 2  # fewer readable words than this: nothing to build a schema from


@dataclass
class Screen:
    """A screenshot file read: its Layout, notes on the image, seconds per step."""

    layout: Layout
    notes: list[str]
    timings: dict[str, float]


def as_rgb(image: Any) -> np.ndarray:
    """An RGB uint8 array from a PIL image or an array."""
    if hasattr(image, "convert"):
        return np.asarray(image.convert("RGB"))
    return np.asarray(image)


def perceive(image: Any) -> Layout:
    """The Layout of a screenshot (PIL image or RGB array)."""
    from ghost_architect.perception.assemble import build_layout
    from ghost_architect.perception.controls import glyph_trimmed
    from ghost_architect.perception.elements import detect_elements, vertical_dividers
    from ghost_architect.perception.ocr import read_boxes

    rgb = as_rgb(image)
    texts = read_boxes(rgb)
    elements = detect_elements(rgb, [glyph_trimmed(t) for t in texts])
    return build_layout(rgb, texts, elements, vertical_dividers(rgb))


def read_screen(path: Path) -> Screen:
    """Load, normalise and check the file, then perceive it; a screen with fewer than MIN_WORDS
    readable words is refused (exit code 3) rather than handed on for a schema to be guessed."""
    from ghost_architect.perception.image import load_image

    started = time.perf_counter()
    image, notes = load_image(path)
    loaded = time.perf_counter()
    layout = perceive(image)
    timings = {"load": loaded - started, "perception": time.perf_counter() - loaded}
    words = len(layout.words())
    if words < MIN_WORDS:
        raise UnreadableInput(
            f"{path}: nothing readable (perception found {words} word{'s' * (words != 1)} of "
            "text; no schema is guessed from that)",
            "pass a screenshot whose labels are legible",
        )
    return Screen(layout, notes, timings)
