"""Column gutters (perception/gutters.py): boxes OCR ran across a table's column gutter are cut
there and re-read; boxes on either side of a gutter are never joined back; prose is left alone."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ghost_architect.fonts import font
from ghost_architect.perception.geometry import Rect
from ghost_architect.perception.gutters import cut_at_gutters
from ghost_architect.perception.ocr import TextBox
from ghost_architect.perception.pixels import luminance
from ghost_architect.perception.text_lines import group_lines

FONT = font("sans", 15)
COLUMNS = (20, 200, 246, 330)  # Qty and UOM sit 14 px apart: OCR reads them as one box
ROWS = [("Item", "Qty", "UOM", "Cost"), ("Clamp", "12.5", "EA", "312.40"), ("Pipe", "6", "FT", "41.75"),
        ("Stone", "3.5", "TON", "28.00"), ("Asphalt", "8", "BAG", "14.90"),
        ("Valve", "1", "EA", "96.10")]  # fmt: skip


def _box(draw: ImageDraw.ImageDraw, x: float, y: float, text: str) -> Rect:
    left, top, right, bottom = draw.textbbox((x, y), text, font=FONT)
    return Rect(left - 3, top - 3, right + 3, bottom + 3)


def table_screen(merged: set[tuple[int, int]]) -> tuple[np.ndarray, list[TextBox]]:
    """A borderless table; for each (row, column) in ``merged`` the OCR box of that cell runs
    on over the next cell, as RapidOCR's detector does with cells set close."""
    image = Image.new("RGB", (520, 260), "white")
    draw = ImageDraw.Draw(image)
    cells: dict[tuple[int, int], Rect] = {}
    for r, row in enumerate(ROWS):
        for c, text in enumerate(row):
            draw.text((COLUMNS[c], 20 + 36 * r), text, fill=(30, 30, 30), font=FONT)
            cells[r, c] = _box(draw, COLUMNS[c], 20 + 36 * r, text)
    boxes = []
    for (r, c), rect in sorted(cells.items()):
        if (r, c - 1) in merged:
            continue
        if (r, c) in merged:
            right = cells[r, c + 1]
            rect = Rect(rect.x0, min(rect.y0, right.y0), right.x1, max(rect.y1, right.y1))
            boxes.append(TextBox(rect, f"{ROWS[r][c]} {ROWS[r][c + 1]}"))
        else:
            boxes.append(TextBox(rect, ROWS[r][c]))
    return np.asarray(image), boxes


def texts_by_row(boxes: list[TextBox]) -> list[list[str]]:
    return [[b.text for b in line] for line in group_lines(boxes)]


def test_a_header_box_run_across_a_gutter_is_cut_and_reread():
    rgb, boxes = table_screen({(0, 1), (3, 1)})
    before = texts_by_row(boxes)
    assert before[0] == ["Item", "Qty UOM", "Cost"]  # as OCR gave it: one cell short
    after = texts_by_row(cut_at_gutters(rgb, luminance(rgb), boxes))
    assert after[0] == ["Item", "Qty", "UOM", "Cost"]
    assert after[3] == ["Stone", "3.5", "TON", "28.00"]
    assert after[1] == ["Clamp", "12.5", "EA", "312.40"]


def test_cells_either_side_of_a_gutter_are_never_joined_into_one_phrase():
    rgb, boxes = table_screen(set())
    # without gutters the assembler joins boxes closer than a word space: "12.5 EA" as one
    assert texts_by_row(boxes)[1] == ["Clamp", "12.5 EA", "312.40"]
    kept = cut_at_gutters(rgb, luminance(rgb), boxes)
    assert texts_by_row(kept)[1] == ["Clamp", "12.5", "EA", "312.40"]
    assert sorted(b.text for b in kept) == sorted(b.text for b in boxes)  # nothing re-read


def test_prose_and_short_stacks_are_left_alone():
    image = Image.new("RGB", (620, 240), "white")
    draw = ImageDraw.Draw(image)
    lines = ["We ship orders within two working days of payment.",
             "Returns are free for thirty days; keep the original box.",
             "Gift cards never expire and can be used online or in store.",
             "Questions? Our team answers within one business day."]  # fmt: skip
    boxes = []
    for k, text in enumerate(lines):
        draw.text((20, 20 + 30 * k), text, fill="black", font=FONT)
        boxes.append(TextBox(_box(draw, 20, 20 + 30 * k, text), text))
    rgb = np.asarray(image)
    assert cut_at_gutters(rgb, luminance(rgb), boxes) == boxes
    table, cells = table_screen({(0, 1)})
    three_rows = [b for b in cells if b.rect.y0 < 20 + 36 * 3 - 6]  # header and two rows
    assert cut_at_gutters(table, luminance(table), three_rows) == three_rows
