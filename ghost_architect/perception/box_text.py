"""Where the words sit inside a box, which tells what the box is: words far apart (a toolbar or
a table's header band), centred (a button's label), or lines set left with a ragged right edge (a
paragraph in a textarea)."""

from __future__ import annotations

import itertools

from ghost_architect.perception.geometry import Rect


def spread(inner: list[Rect]) -> bool:
    """Words far apart across the box: a table header band or a toolbar, not one value."""
    xs = sorted(inner, key=lambda t: t.x0)
    return any(b.x0 - a.x1 > 3 * max(a.height, b.height) for a, b in itertools.pairwise(xs))


def centred(rect: Rect, inner: list[Rect]) -> bool:
    """The words centred in the box, set in from its sides: a button's label (within 12% of
    the width, but never more than a line height off: a wide input's value after a leading
    icon sits that far right of centre)."""
    x0, x1 = min(t.x0 for t in inner), max(t.x1 for t in inner)
    left, right = x0 - rect.x0, rect.x1 - x1
    slack = max(6.0, min(0.12 * rect.width, max(t.height for t in inner)))
    return abs(left - right) <= slack and left >= 6


def ragged_right(inner: list[Rect]) -> bool:
    """Lines of text starting at one x and ending apart: a paragraph set left (a filled
    textarea's), not a button's centred words."""
    lines = sorted(inner, key=lambda t: t.cy)
    starts = [t.x0 for t in lines]
    ends = [t.x1 for t in lines]
    stacked = len(lines) >= 2 and lines[-1].cy - lines[0].cy > 0.6 * lines[0].height
    return stacked and max(starts) - min(starts) <= 4 and max(ends) - min(ends) > 8
