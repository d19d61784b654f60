"""Measures of a screenshot's pixels round a box (the surface it sits on, its ink, shade and
shape) and the long edges that cross a screen (pane dividers, rules). Shared by the element
detector and the layout assembler."""

from __future__ import annotations

import cv2
import numpy as np

from ghost_architect.perception.geometry import Rect, crop


def luminance(rgb: np.ndarray) -> np.ndarray:
    """The screenshot in grey levels (float32, ITU-R 601 weights), computed once per screen."""
    return rgb.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)


def inner(gray: np.ndarray, rect: Rect, inset: int) -> np.ndarray:
    x0, y0 = int(rect.x0) + inset, int(rect.y0) + inset
    x1, y1 = int(rect.x1) - inset, int(rect.y1) - inset
    if x1 <= x0 or y1 <= y0:
        return crop(gray, rect)
    return gray[y0:y1, x0:x1]


def surface(gray: np.ndarray, rect: Rect, pad: int = 4) -> float:
    """Median brightness just outside the rectangle: the surface it sits on."""
    h, w = gray.shape
    x0, y0 = max(0, int(rect.x0) - pad), max(0, int(rect.y0) - pad)
    x1, y1 = min(w, int(rect.x1) + pad), min(h, int(rect.y1) + pad)
    outer = gray[y0:y1, x0:x1].astype(float)
    mask = np.ones(outer.shape, bool)
    mask[pad : pad + int(rect.height), pad : pad + int(rect.width)] = False
    return float(np.median(outer[mask])) if mask.any() else 255.0


def ink_mask(gray: np.ndarray, rect: Rect, level: float = 30) -> np.ndarray:
    """Which pixels of the box differ from the surface round it by more than ``level``."""
    return np.abs(crop(gray, rect).astype(float) - surface(gray, rect)) > level


def saturation(rgb: np.ndarray, rect: Rect) -> float:
    patch = crop(rgb, rect).astype(float)
    if patch.size == 0:
        return 0.0
    return float(np.median(patch.max(axis=2) - patch.min(axis=2)))


def tighten(gray: np.ndarray, rect: Rect, ink: float = 30) -> Rect:
    """The box shrunk to the pixels that differ from the surface around it (edge detection and
    dilation pad a small shape by a pixel or two, unevenly)."""
    ys, xs = np.nonzero(ink_mask(gray, rect, ink))
    if len(xs) == 0:
        return rect
    x0, y0 = rect.x0 + xs.min(), rect.y0 + ys.min()
    return Rect(x0, y0, rect.x0 + xs.max() + 1, rect.y0 + ys.max() + 1, fill=rect.fill)


def round_corners(gray: np.ndarray, rect: Rect, ink_level: float = 30) -> bool:
    """A circle or pill: no ink outside the capsule inscribed in its box (a box's outline runs
    through its corners)."""
    ink = ink_mask(gray, rect, ink_level)
    h, w = ink.shape
    if h < 6 or w < 6:
        return False
    r = h / 2
    ys, xs = np.mgrid[0:h, 0:w] + 0.5
    nearest_x = np.clip(xs, r, max(r, w - r))
    outside = np.hypot(xs - nearest_x, ys - r) > r + 0.5
    if not outside.any():
        return False
    return float(ink[outside].mean()) < 0.12


def vertical_dividers(rgb: np.ndarray, share: float = 0.6) -> list[float]:
    """x positions where a sidebar or split pane meets the content: an edge (border line or
    background change) running down at least `share` of the screen, away from its sides. Three
    or more edges that start and end at one y are a ruled table's column lines, no panes."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.int16)
    step = np.abs(np.diff(gray, axis=1)) > 12
    height, width = gray.shape
    coverage = step.sum(axis=0) / float(height)
    found: list[float] = []
    for x in np.nonzero(coverage >= share)[0]:
        if 0.08 * width < x < 0.92 * width and not (found and x - found[-1] < 8):
            found.append(float(x) + 1)
    spans = [_longest_run(step[:, int(x) - 1]) for x in found]
    return [
        x
        for x, span in zip(found, spans, strict=True)
        if sum(max(abs(a - b) for a, b in zip(span, o, strict=True)) <= 4 for o in spans) < 3
    ]


def _longest_run(column: np.ndarray, gap: int = 3) -> tuple[int, int]:
    """(first, last) row of the longest run of True in ``column``, gaps up to ``gap`` bridged."""
    ys = np.nonzero(column)[0]
    if len(ys) == 0:
        return 0, 0
    breaks = np.nonzero(np.diff(ys) > gap + 1)[0]
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(ys) - 1]))
    best = int(np.argmax(ys[ends] - ys[starts]))
    return int(ys[starts[best]]), int(ys[ends[best]])


def horizontal_rules(rgb: np.ndarray, min_length: int = 160) -> list[Rect]:
    """Long horizontal edges (a card header's bottom border, a divider line, a box's top or
    bottom side): rows where the shade steps for at least ``min_length`` px in a run."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.int16)
    step = np.abs(np.diff(gray, axis=0)) > 12
    found: list[Rect] = []
    for y in np.nonzero(step.sum(axis=1) >= min_length)[0]:
        edges = np.diff(np.concatenate(([0], step[y].astype(np.int8), [0])))
        starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
        for x0, x1 in zip(starts, ends, strict=True):
            if x1 - x0 >= min_length:
                found.append(Rect(float(x0), float(y) + 1, float(x1), float(y) + 1))
    return found
