"""Switches (toggles) from a candidate outline: an empty pill whose knob sits inside its track
(iOS, Material 3, Bootstrap), or a round knob laid over one end of a narrower track (Material 2,
MUI's default Switch). The outline edge detection finds for the latter is the knob and the track
run together, which fills only about two thirds of its box, so it is no pill and no box; it is
told by its columns of ink: full height at the knob's end, the track's height at the other."""

from __future__ import annotations

import numpy as np

from ghost_architect.perception import pixels
from ghost_architect.perception.geometry import Rect, overlap_area

TRACK_INK = 12  # a switch's off track can be a light grey barely off its surface
KNOB_FILL = (0.55, 0.7)  # of its box: a knob over a track's end, outlined together
KNOB_HEIGHT = (16, 38)  # px: the knob's diameter, the switch's height
TRACK_SHARE = (0.35, 0.8)  # of the knob's height: how tall the track is
SHADE = 8  # grey levels off the surface: a light track, a white knob's shadow ring


def pill_switch(
    gray: np.ndarray, rgb: np.ndarray, rect: Rect, texts: list[Rect]
) -> tuple[Rect, bool] | None:
    """An empty pill 1.5-2.8x as wide as tall: its box (tightened) and whether it is on
    (coloured, or its knob sits right); None for anything else."""
    if not (12 <= rect.height <= 38 and rect.width <= 100):
        return None
    rect = pixels.tighten(gray, rect, TRACK_INK)
    ratio = rect.width / max(1.0, rect.height)
    if not (12 <= rect.height <= 34 and 1.5 <= ratio <= 2.8 and rect.fill < 0.97):
        return None
    if any(overlap_area(rect, t) > 0.2 * t.area for t in texts):
        return None  # a pill with a word in it is a badge or a button
    if not pixels.round_corners(gray, rect, TRACK_INK):
        return None
    inside = pixels.inner(gray, rect, 2).astype(float)
    if inside.size == 0 or float(np.std(inside)) < 8:
        return None  # a flat pill is a badge or a button, not a switch
    half = inside.shape[1] // 2
    track = float(np.median(inside))
    left = float(np.mean(np.abs(inside[:, :half] - track)))
    right = float(np.mean(np.abs(inside[:, half:] - track)))
    return rect, bool(pixels.saturation(rgb, rect) > 60 or right > left * 1.3)


def knob_shaped(width: float, height: float, fill: float) -> bool:
    """An outline the size of such a switch: as tall as a knob, 1.4-2.8x as wide, filling
    KNOB_FILL of its box."""
    return (
        KNOB_HEIGHT[0] <= height <= KNOB_HEIGHT[1]
        and 1.4 * height <= width <= 2.8 * height
        and KNOB_FILL[0] <= fill < KNOB_FILL[1]
    )


def knob_switch(gray: np.ndarray, rgb: np.ndarray, rect: Rect, texts: list[Rect]) -> bool | None:
    """Whether a knob-over-track switch is on (its knob at the right end, or coloured), or
    None when the box is no such switch: the end third on one side inked over nearly the full
    height (the knob), on the other over the track's height only, centred, and no text on it
    (bold digits run together: "55")."""
    if not knob_shaped(rect.width, rect.height, rect.fill):
        return None
    if any(overlap_area(rect, t) > 0 for t in texts):
        return None
    ink = pixels.ink_mask(gray, rect, SHADE)
    third = max(1, ink.shape[1] // 3)
    left, right = _extent(ink[:, :third]), _extent(ink[:, -third:])
    if left is None or right is None:
        return None
    height = ink.shape[0]
    knob_left = left[1] - left[0] >= 0.8 * height and _track(right, height)
    knob_right = right[1] - right[0] >= 0.8 * height and _track(left, height)
    if knob_left == knob_right:
        return None
    return knob_right or pixels.saturation(rgb, rect) > 60


def _extent(ink: np.ndarray) -> tuple[int, int] | None:
    """The rows, top and bottom, inked in at least a third of these columns."""
    rows = np.nonzero(ink.mean(axis=1) >= 1 / 3)[0]
    return (int(rows[0]), int(rows[-1]) + 1) if rows.size else None


def _track(extent: tuple[int, int], height: int) -> bool:
    """A track's rows: TRACK_SHARE of the height, about the middle."""
    top, bottom = extent
    middle = (top + bottom) / 2
    share = (bottom - top) / height
    return TRACK_SHARE[0] <= share <= TRACK_SHARE[1] and abs(middle - height / 2) <= 0.15 * height
