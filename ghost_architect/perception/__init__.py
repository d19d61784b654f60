"""Pixels -> Layout: OCR text boxes plus UI elements, assembled into fields, tables and text in
reading order. `perceive` is the one entry point `ghost infer` and `ghost data perceive` share.

The text boxes and elements come from a perceiver, a plugin (``register_perceivers``) chosen by
name: ``perceive(image, name)``, else ``GHOST_PERCEIVER``, else the built-in ``rapidocr``. A
perceiver without ``detect_elements`` gets the OpenCV element detector."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from ghost_architect import plugins
from ghost_architect.errors import UnreadableInput, UsageError
from ghost_architect.perception.layout import Layout

if TYPE_CHECKING:
    from ghost_architect.perception.elements import Element
    from ghost_architect.perception.ocr import TextBox

MIN_WORDS = 2  # fewer readable words than this: nothing to build a schema from
PERCEIVER_ENV = "GHOST_PERCEIVER"
DEFAULT_PERCEIVER = "rapidocr"


class Perceiver(Protocol):
    """Reads a screenshot's text boxes (and, optionally, its UI elements)."""

    name: str
    description: str

    def read_text(self, rgb: np.ndarray) -> list[TextBox]:
        """Every line of text on the RGB image, with its box."""
        ...

    # Optional: def detect_elements(self, rgb, texts) -> list[Element]; without it the
    # OpenCV detector (``opencv_elements``) runs on the perceiver's text boxes.


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


def opencv_elements(rgb: np.ndarray, texts: list[TextBox]) -> list[Element]:
    """Inputs, selects, checkboxes, toggles and buttons found with OpenCV around ``texts``."""
    from ghost_architect.perception.controls import glyph_trimmed
    from ghost_architect.perception.elements import detect_elements

    return detect_elements(rgb, [glyph_trimmed(t) for t in texts])


def perceiver_name(name: str | None = None) -> str:
    """The perceiver to use: ``name``, else GHOST_PERCEIVER, else the built-in default."""
    return name or os.environ.get(PERCEIVER_ENV) or DEFAULT_PERCEIVER


def get_perceiver(name: str | None = None) -> Perceiver:
    """The registered perceiver ``name`` picks (see ``perceiver_name``); an unknown one is one
    line (exit code 2) listing those registered."""
    chosen = perceiver_name(name)
    registered = plugins.named("perceivers")
    if chosen not in registered:
        where = f" (from {PERCEIVER_ENV})" if not name and os.environ.get(PERCEIVER_ENV) else ""
        raise UsageError(
            f"unknown perceiver '{chosen}'{where}",
            f"choose one of: {', '.join(registered) or 'none registered'}",
        )
    return registered[chosen]


def select_perceiver(name: str | None = None) -> str:
    """Check the perceiver ``name`` picks and make it this process's (and its worker
    processes') choice; returns its name."""
    chosen = get_perceiver(name).name
    os.environ[PERCEIVER_ENV] = chosen
    return chosen


def perceive(image: Any, perceiver: str | None = None) -> Layout:
    """The Layout of a screenshot (PIL image or RGB array), read by the chosen perceiver."""
    from ghost_architect.perception.assemble import build_layout
    from ghost_architect.perception.pixels import vertical_dividers

    chosen = get_perceiver(perceiver)
    rgb = as_rgb(image)
    texts = chosen.read_text(rgb)
    detect = getattr(chosen, "detect_elements", opencv_elements)
    return build_layout(rgb, texts, detect(rgb, texts), vertical_dividers(rgb))


def read_screen(path: Path, perceiver: str | None = None) -> Screen:
    """Load, normalise and check the file, then perceive it; a screen with fewer than MIN_WORDS
    readable words is refused (exit code 3) rather than handed on for a schema to be guessed."""
    from ghost_architect.perception.image import load_image

    started = time.perf_counter()
    image, notes = load_image(path)
    loaded = time.perf_counter()
    layout = perceive(image, perceiver)
    timings = {"load": loaded - started, "perception": time.perf_counter() - loaded}
    words = len(layout.words())
    if words < MIN_WORDS:
        raise UnreadableInput(
            f"{path}: nothing readable (perception found {words} word{'s' * (words != 1)} of "
            "text; no schema is guessed from that)",
            "pass a screenshot whose labels are legible",
        )
    return Screen(layout, notes, timings)
