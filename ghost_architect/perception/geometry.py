"""Axis-aligned rectangles in screen pixels and the few relations perception needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    fill: float = 1.0  # how much of the box the outline encloses (1 = rectangle, ~0.79 = circle)

    @property
    def coords(self) -> tuple[float, float, float, float]:
        return self.x0, self.y0, self.x1, self.y1

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def area(self) -> float:
        return max(0.0, self.width) * max(0.0, self.height)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def contains(outer: Rect, inner: Rect, margin: float = 0) -> bool:
    """Whether `inner` lies inside `outer` grown by `margin` on every side."""
    return (
        inner.x0 >= outer.x0 - margin
        and inner.y0 >= outer.y0 - margin
        and inner.x1 <= outer.x1 + margin
        and inner.y1 <= outer.y1 + margin
    )


def overlap_area(a: Rect, b: Rect) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def vertical_overlap(a: Rect, b: Rect) -> float:
    """Shared height as a share of the shorter one's height."""
    shared = min(a.y1, b.y1) - max(a.y0, b.y0)
    return max(0.0, shared) / max(1.0, min(a.height, b.height))


def horizontal_overlap(a: Rect, b: Rect) -> float:
    shared = min(a.x1, b.x1) - max(a.x0, b.x0)
    return max(0.0, shared) / max(1.0, min(a.width, b.width))


def union(rects: list[Rect]) -> Rect:
    """The smallest rectangle holding all of `rects`."""
    return Rect(
        min(r.x0 for r in rects),
        min(r.y0 for r in rects),
        max(r.x1 for r in rects),
        max(r.y1 for r in rects),
    )


def centre_in(outer: Rect, inner: Rect, margin: float = 0) -> bool:
    """Whether the centre of `inner` lies inside `outer` grown by `margin`."""
    return contains(outer, Rect(inner.cx, inner.cy, inner.cx, inner.cy), margin)


def crop(image: Any, rect: Rect) -> Any:
    """The pixels of an image array (rows, columns, ...) under `rect`."""
    return image[int(rect.y0) : int(rect.y1), int(rect.x0) : int(rect.x1)]
