"""Rows of OCR text boxes: boxes grouped into lines, and two stacks of rows set side by side (a
list beside a detail panel) that must be read apart."""

from __future__ import annotations

import itertools
import statistics

from ghost_architect.perception.ocr import TextBox

MIN_STACK = 5  # rows at a steady pitch on each side of a gutter: two lists, not stray labels
PITCH_SLACK = 0.2  # a steady pitch: most gaps between rows within this share of their median
DRIFT = 0.25  # of the text height: a row this far off the other side's nearest row is off it


def line_indices(boxes: list[TextBox]) -> list[list[int]]:
    """Indices of ``boxes`` grouped into lines (vertical centres within half a box height), top
    to bottom, each in the order of (centre, left edge)."""
    lines: list[list[int]] = []
    for i in sorted(range(len(boxes)), key=lambda i: (boxes[i].rect.cy, boxes[i].rect.x0)):
        if lines:
            last = lines[-1]
            centre = statistics.fmean(boxes[j].rect.cy for j in last)
            if abs(boxes[i].rect.cy - centre) <= 0.5 * max(boxes[i].height, boxes[last[0]].height):
                last.append(i)
                continue
        lines.append([i])
    return lines


def side_by_side(boxes: list[TextBox]) -> tuple[list[TextBox], list[TextBox]] | None:
    """Two stacks of text set side by side with rows of their own (a list beside a detail
    panel): the boxes left and right of a blank vertical band that no box crosses over that
    stretch, whose rows do not keep step either way (``_out_of_step``).
    None when there is no such band."""
    for x in sorted({b.rect.x1 + 2 for b in boxes}):
        crossing = sorted(b.rect.y0 for b in boxes if b.rect.x0 < x < b.rect.x1)
        ends = sorted(b.rect.y1 for b in boxes if b.rect.x0 < x < b.rect.x1)
        for lo, hi in zip([float("-inf"), *ends], [*crossing, float("inf")], strict=True):
            band = [b for b in boxes if lo <= b.rect.y0 and b.rect.y1 <= hi]
            left = [b for b in band if b.rect.x1 <= x]
            right = [b for b in band if b.rect.x0 >= x]
            if _out_of_step(left, right) and _out_of_step(right, left):
                return left, right
    return None


def _out_of_step(left: list[TextBox], right: list[TextBox]) -> bool:
    """Half or more of the right stack's rows that face the left one (MIN_STACK or more, most
    of them at one pitch: a list) sit off every left row by more than DRIFT line heights: two
    lists with their own row pitch drift apart, while the rows of one table line up (a
    two-line cell is one row: its lines or its middle meet the row beside it)."""
    if not left or not right:
        return False
    height = statistics.median(b.height for b in left + right)
    lo, hi = min(b.rect.y0 for b in left), max(b.rect.y1 for b in left)
    marks = [y for row in _row_centres(left) for y in row]
    facing = [row for row in _row_centres(right) if lo <= row[0] <= hi]
    if not _steady([row[0] for row in facing]):
        return False
    off = [all(abs(y - m) > DRIFT * height for y in row for m in marks) for row in facing]
    return sum(off) >= 0.5 * len(facing)


def _steady(middles: list[float]) -> bool:
    """MIN_STACK rows or more, two thirds of the gaps between them within PITCH_SLACK of their
    median."""
    if len(middles) < MIN_STACK:
        return False
    gaps = [b - a for a, b in itertools.pairwise(middles)]
    pitch = statistics.median(gaps)
    return sum(abs(g - pitch) <= PITCH_SLACK * pitch for g in gaps) >= 2 / 3 * len(gaps)


def _row_centres(boxes: list[TextBox]) -> list[list[float]]:
    """Per row (lines closer than one line height merged: a cell's second line), the middle
    of the row followed by the centres of its lines, top to bottom."""
    rows: list[list[float]] = []
    height = statistics.median(b.height for b in boxes)
    for line in line_indices(boxes):
        cy = statistics.fmean(boxes[i].rect.cy for i in line)
        if rows and cy - rows[-1][-1] < height:
            rows[-1].append(cy)
        else:
            rows.append([cy])
    return [[(row[0] + row[-1]) / 2, *row] for row in rows]
