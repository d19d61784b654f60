"""Segmented controls: a button-sized box cut by thin rules or shade steps into 2-6 segments,
each with a word, one of them filled: a radio group drawn as a row of joined buttons.

The element detector finds the control's outline as one button and OCR often reads several
segments as one line ("A4 A3 Letter"), so the segments are found from the pixels: down the box's
middle rows, each pixel column's median shade (text covers too little of a column to move it),
cut where a one- or two-pixel rule stands out or the shade steps. Each segment is re-read on its
own; the one filled apart from the rest is the value. Pagers (numbers and arrows) are left alone.
"""

from __future__ import annotations

import itertools
import re

import numpy as np

from ghost_architect.perception import pixels
from ghost_architect.perception.controls import clean_label
from ghost_architect.perception.geometry import Rect, centre_in
from ghost_architect.perception.items import Item
from ghost_architect.perception.labels import take_group_label
from ghost_architect.perception.layout import LayoutField
from ghost_architect.perception.ocr import recognise
from ghost_architect.perception.scene import Scene

STEP = 18  # grey levels between neighbouring columns: a rule or a segment's edge
FILLED = 20  # grey levels a chosen segment's fill stands apart from the others'
MIN_SEGMENT = 20  # px
SEGMENTS = (2, 6)
WORDY = re.compile(r"[^\W\d_]{2,}")  # a pager's "1 2 3 ›" has no word in it


def _fills(gray: np.ndarray, rect: Rect) -> tuple[np.ndarray, np.ndarray]:
    """Per pixel column inside the box: its fill (the median of the padding rows above and below
    the text, which no glyph reaches) and its inner rows from border to border."""
    y0, y1, x0, x1 = int(rect.y0) + 2, int(rect.y1) - 2, int(rect.x0) + 2, int(rect.x1) - 2
    inner = gray[y0:y1, x0:x1]
    if inner.shape[0] < 12 or inner.shape[1] < 2 * MIN_SEGMENT:
        return np.zeros(0, np.float32), inner
    pads = np.concatenate([inner[1:4], inner[-4:-1]])
    return np.median(pads, axis=0), inner


def _cuts(fill: np.ndarray, inner: np.ndarray) -> list[int]:
    """Offsets where one segment ends and the next begins: a thin rule drawn from border to
    border, or a step between two flat fills."""
    cuts: list[int] = []
    for x in range(6, len(fill) - 6):
        left, right = fill[x - 5 : x - 1], fill[x + 2 : x + 6]
        rule = (
            min(abs(fill[x] - fill[x - 3]), abs(fill[x] - fill[x + 3])) > STEP
            and (np.abs(inner[:, x] - fill[x - 3]) > STEP).mean() >= 0.9
        )
        flat = np.ptp(left) <= 6 and np.ptp(right) <= 6
        step = flat and abs(float(left.mean()) - float(right.mean())) > STEP
        if (rule or step) and (not cuts or x - cuts[-1] >= MIN_SEGMENT):
            cuts.append(x)
    return cuts


def _joined(gray: np.ndarray, rect: Rect) -> bool:
    """Top and bottom borders run unbroken (no gap of 3 px): one control, not buttons set side
    by side."""
    surface = pixels.surface(gray, rect)
    inset = int(rect.height / 2)  # past rounded corners
    x0, x1 = int(rect.x0) + inset, int(rect.x1) - inset
    for rows in (range(int(rect.y0), int(rect.y0) + 4), range(int(rect.y1) - 5, int(rect.y1))):
        if not any(_unbroken(np.abs(gray[y, x0:x1] - surface) > 12) for y in rows if y < len(gray)):
            return False
    return True


def _unbroken(drawn: np.ndarray) -> bool:
    gaps = np.diff(np.flatnonzero(np.concatenate(([True], drawn, [True]))))
    return drawn.size > 0 and drawn.mean() > 0.9 and int(gaps.max()) <= 3


def _segments(gray: np.ndarray, rect: Rect) -> list[tuple[Rect, float]]:
    """The segments of a button-sized box, each with its fill shade; [] when it has none."""
    fill, inner = _fills(gray, rect)
    if fill.size == 0 or not _joined(gray, rect):
        return []
    edges = [0, *_cuts(fill, inner), len(fill)]
    parts = []
    for a, b in itertools.pairwise(edges):
        if b - a >= MIN_SEGMENT:
            shade = float(np.median(fill[a + 3 : b - 3]))
            parts.append((Rect(rect.x0 + 2 + a + 2, rect.y0, rect.x0 + 2 + b - 2, rect.y1), shade))
    if len(parts) == 2 and max(r.width for r, _ in parts) > 2 * min(r.width for r, _ in parts):
        return []  # an input behind its add-on ("https://" | the field), not two choices
    return parts if SEGMENTS[0] <= len(parts) <= SEGMENTS[1] else []


def _chosen(parts: list[tuple[Rect, float]], surface: float) -> int | None:
    """The one segment filled apart from the others (from the page, when there are two)."""
    fills = [f for _, f in parts]
    usual = float(np.median(fills)) if len(fills) > 2 else surface
    apart = [k for k, f in enumerate(fills) if abs(f - usual) > FILLED]
    return apart[0] if len(apart) == 1 else None


def _words(scene: Scene, rgb: np.ndarray, segments: list[Rect]) -> list[str]:
    """Each segment's caption: the OCR text inside it where that text is centred in it as a
    button's is, re-read where OCR ran one line across segments; "" where it is not centred."""
    words: list[str] = []
    held: list[list[Rect]] = []
    reread: list[int] = []
    for k, seg in enumerate(segments):
        inside = sorted((t for _, t in scene.free() if centre_in(seg, t.rect)),
                        key=lambda t: t.rect.x0)  # fmt: skip
        words.append(" ".join(t.text for t in inside))
        held.append([t.rect for t in inside])
        if not inside or any(t.rect.x0 < seg.x0 - 3 or t.rect.x1 > seg.x1 + 3 for t in inside):
            reread.append(k)
    if reread:
        for k, box in zip(reread, _read_each(rgb, [segments[k] for k in reread]), strict=True):
            words[k] = box
    return [w if _centred(seg, rects, w) else ""
            for seg, rects, w in zip(segments, held, words, strict=True)]  # fmt: skip


def _read_each(rgb: np.ndarray, rects: list[Rect]) -> list[str]:
    read = {(t.rect.x0, t.rect.y0): t.text for t in recognise(rgb, rects)}
    return [read.get((r.x0, r.y0), "") for r in rects]


def _centred(seg: Rect, held: list[Rect], word: str) -> bool:
    """The segment's ink sits in its middle (a button's caption), not at its left (a value)."""
    if not word or not held:
        return bool(word)
    middle = (min(r.x0 for r in held) + max(r.x1 for r in held)) / 2
    return abs(middle - seg.cx) <= 0.2 * seg.width


def segmented_fields(scene: Scene, rgb: np.ndarray, gray: np.ndarray) -> list[Item]:
    """Radio fields from segmented controls (the buttons and texts they use are consumed);
    ``gray``: the screenshot's luminance."""
    items: list[Item] = []
    for element in [e for e in scene.elements if e.kind == "button"]:
        parts = _segments(gray, element.rect)
        if not parts:
            continue
        words = _words(scene, rgb, [r for r, _ in parts])
        if not all(WORDY.search(w) for w in words):
            continue  # an empty segment (an icon), a pager, or an input behind an add-on
        chosen = _chosen(parts, pixels.surface(gray, element.rect))
        scene.used.update(i for i, t in scene.free() if centre_in(element.rect, t.rect, margin=1))
        text, required = clean_label(take_group_label(scene, element.rect))
        value = words[chosen] if chosen is not None else ""
        field = LayoutField(text, value, required, words, widget="radio")
        items.append(Item(element.rect, field))
        scene.elements = [e for e in scene.elements if e is not element]
    return items
