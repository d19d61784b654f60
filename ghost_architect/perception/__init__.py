"""Pixels -> Layout: OCR text boxes plus UI elements detected with OpenCV, assembled into fields,
tables and text in reading order. `perceive` is the one entry point `ghost infer` and
`ghost data perceive` share."""

from __future__ import annotations

from typing import Any

import numpy as np

from ghost_architect.data.layout import Layout


def as_rgb(image: Any) -> np.ndarray:
    """An RGB uint8 array from a PIL image or an array."""
    if hasattr(image, "convert"):
        return np.asarray(image.convert("RGB"))
    return np.asarray(image)


def perceive(image: Any) -> Layout:
    """The Layout of a screenshot (PIL image or RGB array)."""
    from ghost_architect.perception.assemble import build_layout, glyph_trimmed
    from ghost_architect.perception.elements import detect_elements, vertical_dividers
    from ghost_architect.perception.ocr import read_boxes

    rgb = as_rgb(image)
    texts = read_boxes(rgb)
    elements = detect_elements(rgb, [glyph_trimmed(t) for t in texts])
    return build_layout(rgb, texts, elements, vertical_dividers(rgb))
