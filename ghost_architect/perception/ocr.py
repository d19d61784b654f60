"""OCR perception for text-only models: text boxes -> reading-ordered lines -> Layout.

RapidOCR (PyPI `rapidocr-onnxruntime`) ships its ONNX models inside the package and runs offline
on CPU. Grouping is geometric: boxes become lines by vertical overlap; aligned multi-cell lines
become table rows; a line of labels directly above an aligned line of values becomes fields.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ghost_architect.data.layout import Layout, LayoutBlock, LayoutField

ALIGN_PX = 24


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    # RapidOCR scales a screenshot's short side up to 736 px before detection; 512 reads UI text
    # as well (screen text is large and crisp) in 2/3 of the time.
    return RapidOCR(det_limit_side_len=512)


def read_boxes(image: Any) -> list[Box]:
    """OCR text boxes of an image (path, PIL image or numpy array)."""
    import numpy as np

    source = str(image) if isinstance(image, Path) else image
    if hasattr(source, "convert"):
        source = np.asarray(source.convert("RGB"))
    result, _ = _engine()(source, use_cls=False)  # screenshots are upright: skip the angle model
    boxes = []
    for points, text, _confidence in result or []:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        if text.strip():
            boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text.strip()))
    return boxes


def group_lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes into lines (vertical centres within half a box height), each sorted left to right."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.cy, b.x0)):
        if lines:
            last = lines[-1]
            centre = statistics.fmean(b.cy for b in last)
            if abs(box.cy - centre) <= 0.5 * max(box.height, last[0].height):
                last.append(box)
                continue
        lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _aligned(a: list[Box], b: list[Box]) -> bool:
    return len(a) == len(b) and all(abs(x.x0 - y.x0) <= ALIGN_PX for x, y in zip(a, b, strict=True))


def layout_from_lines(lines: list[list[Box]]) -> Layout:
    """Title, field pairs, tables and remaining text, in reading order."""
    layout = Layout()
    if not lines:
        return layout
    tallest = max((b for line in lines[:5] for b in line), key=lambda b: b.height)
    layout.title = tallest.text
    current: LayoutBlock | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if len(line) >= 3 and nxt is not None and _aligned(line, nxt):
            table = LayoutBlock("table", headers=[b.text for b in line])
            j = i + 1
            while j < len(lines) and _aligned(line, lines[j]):
                table.rows.append([b.text for b in lines[j]])
                j += 1
            layout.blocks.append(table)
            current, i = None, j
            continue
        labels_like = nxt is not None and statistics.fmean(
            b.height for b in line
        ) <= 1.1 * statistics.fmean(b.height for b in nxt)
        if nxt is not None and len(line) <= 4 and _aligned(line, nxt) and labels_like:
            if current is None or current.kind != "fields":
                current = LayoutBlock("fields")
                layout.blocks.append(current)
            current.fields.extend(
                LayoutField(a.text, b.text) for a, b in zip(line, nxt, strict=True)
            )
            i += 2
            continue
        text = " ".join(b.text for b in line)
        if text == layout.title:
            i += 1
            continue
        if current is None or current.kind != "text":
            current = LayoutBlock("text")
            layout.blocks.append(current)
        current.lines.append(text)
        i += 1
    return layout


def perceive(image: Any) -> Layout:
    return layout_from_lines(group_lines(read_boxes(image)))
