"""Free text -> lines -> tables, read-only label/value fields and plain text.

OCR boxes that no control used are grouped into lines; aligned multi-column lines are tables (a
header over rows), label/value lines are read-only fields (perception/pairs.py says which box is
the label), the remainder is text.
"""

from __future__ import annotations

import itertools

from ghost_architect.perception.chrome import menu_groups, nav_entries
from ghost_architect.perception.controls import clean_label
from ghost_architect.perception.geometry import Rect, contains, union, vertical_overlap
from ghost_architect.perception.glyphs import drop_carets, star_ratings
from ghost_architect.perception.items import Item
from ghost_architect.perception.layout import LayoutBlock, LayoutField
from ghost_architect.perception.ocr import CELL_CONTRAST, PADDED_OVERLAP, TextBox
from ghost_architect.perception.pairs import (
    ALIGN_PX,
    colon_cells,
    indented_pairs,
    initials,
    key_value_rows,
    keyish,
    label_cue,
    paired_columns,
    sentence,
    settings_values,
    tight_label_rows,
    two_line_items,
    wrapped_cell,
)
from ghost_architect.perception.rows import line_indices, side_by_side
from ghost_architect.perception.summary import summary_lines


def group_lines(boxes: list[TextBox]) -> list[list[TextBox]]:
    """Boxes into lines (line_indices), each sorted left to right, words set close joined."""
    return [
        _join_words(sorted((boxes[i] for i in line), key=lambda b: b.rect.x0))
        for line in line_indices(boxes)
    ]


def _join_words(line: list[TextBox]) -> list[TextBox]:
    """Neighbouring boxes closer than a word space are one phrase ("Dec 05," + "2023"), unless
    they are two cells: OCR's line was cut between them, the first ends in a label's colon, or
    side by side they are inked apart (a grey label set close before its black value)."""
    joined = [line[0]]
    for box in line[1:]:
        last = joined[-1]
        gap = box.rect.x0 - last.rect.x1
        inks = sorted((last.contrast, box.contrast))
        side_by_side = gap > -0.6 * box.height  # OCR pads its boxes; stacked lines overlap far
        cells = (
            box.cut
            or last.text.endswith(":")  # a label's colon ends it: its value is a cell of its own
            or (side_by_side and inks[0] < CELL_CONTRAST * inks[1])
        )
        if gap < 0.6 * max(box.height, last.height) and not cells:
            rect = Rect(last.rect.x0, min(last.rect.y0, box.rect.y0), box.rect.x1,
                        max(last.rect.y1, box.rect.y1))  # fmt: skip
            joined[-1] = TextBox(rect, f"{last.text} {box.text}", max(last.contrast, box.contrast))
        else:
            joined.append(box)
    return joined


def _aligned(a: list[TextBox], b: list[TextBox]) -> bool:
    """Same number of cells, each over the other (left edges close or columns overlapping)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        overlap = min(x.rect.x1, y.rect.x1) - max(x.rect.x0, y.rect.x0)
        if abs(x.rect.x0 - y.rect.x0) > ALIGN_PX and overlap <= 0:
            return False
    return True


def _aligned_run(
    lines: list[list[TextBox]], start: int, strict: bool = False
) -> list[list[TextBox]]:
    """Lines from `start` on that are aligned cell for cell with the first, or (unless strict,
    when the first has 3+ cells: a table header) that fit under its columns."""
    head = lines[start]
    run = [head]
    while start + len(run) < len(lines):
        line = lines[start + len(run)]
        fits = not strict and len(head) >= 3 and _fits_header(head, line)
        gap = min(b.rect.y0 for b in line) - max(b.rect.y1 for b in run[-1])
        if gap > 3 * max(b.height for b in run[-1]):
            break  # a nav bar or a title far above: a table's rows follow its header closely
        if not (_aligned(head, line) or fits):
            break
        run.append(line)
    return run


def _fits_header(head: list[TextBox], row: list[TextBox]) -> bool:
    """A table row under a header: all but at most one column filled, at most two extra cells
    (an action column without a header), no cell spanning two columns. A header sits over its
    column left-, right- or centre-aligned; a sort or filter icon read as a letter beside a
    header (``_icon``) is no column."""
    head = [h for k, h in enumerate(head) if not (k and _icon(h, head[k - 1]))]
    if len(row) > len(head) + 2 or len(row) < 2:
        return False
    bands = [(c.rect.x0 - ALIGN_PX, n.rect.x0) for c, n in itertools.pairwise(row)]
    bands.append((row[-1].rect.x0 - ALIGN_PX, float("inf")))
    matched = 0
    for h in head:
        hits = [
            c
            for c, (lo, hi) in zip(row, bands, strict=True)
            if abs(c.rect.x0 - h.rect.x0) <= ALIGN_PX
            or abs(c.rect.x1 - h.rect.x1) <= ALIGN_PX
            or min(c.rect.x1, h.rect.x1) - max(c.rect.x0, h.rect.x0) > 0
            or (lo <= h.rect.x0 and h.rect.x1 <= hi and h.rect.cx - c.rect.x0 > 0.5 * h.rect.width)
        ]
        matched += bool(hits)
    spans = any(
        sum(min(c.rect.x1, h.rect.x1) - max(c.rect.x0, h.rect.x0) > 4 for h in head) > 1
        for c in row
    )
    return matched >= max(2, len(head) - 1) and not spans


def _icon(box: TextBox, before: TextBox) -> bool:
    """One character no wider than the line is tall, set within a line height after the box
    before it: an icon OCR read as a letter ("Y" for a funnel), not a word."""
    gap = box.rect.x0 - before.rect.x1
    return len(box.text) == 1 and box.rect.width <= box.height and gap <= box.height


def _alternating(run: list[list[TextBox]]) -> bool:
    """Label rows and value rows taking turns (a grid of label-above-value pairs), not a table."""
    if len(run) % 2:
        run = run[:-1]
    if len({len(line) for line in run}) != 1:
        return False
    return all(
        all(label_cue(a, b) for a, b in zip(run[k], run[k + 1], strict=True))
        for k in range(0, len(run), 2)
    ) and all(
        not all(label_cue(a, b) for a, b in zip(run[k + 1], run[k + 2], strict=True))
        for k in range(0, len(run) - 2, 2)
    )


def _grid_cut(lines: list[list[TextBox]], start: int, run: list[list[TextBox]]):
    """The run up to where a grid of label rows over value rows begins: such a grid is read as
    pairs, never as rows of the table (or nav strip) above it."""
    for k in range(1, len(run) - 1):
        grid = _aligned_run(lines, start + k, strict=True)
        if len(grid) >= 2 and _alternating(grid):
            return run[:k]
    return run


def _split_segments(line: list[TextBox]) -> list[list[TextBox]]:
    """A line cut where the gap between boxes is wide: separate columns of the page."""
    segments = [[line[0]]]
    for prev, box in itertools.pairwise(line):
        if box.rect.x0 - prev.rect.x1 > 6 * max(prev.height, box.height):
            segments.append([box])
        else:
            segments[-1].append(box)
    return segments


def text_items(boxes: list[TextBox]) -> list[Item]:
    """Tables, read-only label/value fields and text lines from the unconsumed text; a pair
    whose value a dropdown caret follows (``drop_carets``) is a select, a row of stars a
    rating (``star_ratings``); an order summary's pairs are lines (``summary_lines``)."""
    boxes, selects = drop_carets(boxes)
    ratings, boxes = star_ratings(boxes)
    items = ratings + summary_lines(_read_items(boxes))
    for item in items:
        if item.field is not None and any(contains(item.rect, v) for v in selects):
            item.field.widget = "select"
    return items


def _read_items(boxes: list[TextBox]) -> list[Item]:
    """text_items without the carets: two stacks side by side (``side_by_side``) are read
    apart."""
    stacks = side_by_side(boxes)
    if stacks:
        left, right = stacks
        rest = [b for b in boxes if not any(b is s for s in left + right)]
        return _read_items(rest) + _read_items(left) + _read_items(right)
    lines = group_lines(boxes)
    items: list[Item] = []
    rest: list[TextBox] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        after = lines[i + 2][0].rect.y0 - lines[i + 1][-1].rect.y1 if i + 2 < len(lines) else None
        if i + 1 < len(lines) and tight_label_rows(line, lines[i + 1], after):
            items.extend(_pair_items(zip(line, lines[i + 1], strict=True)))
            i += 2
            continue
        grid = _aligned_run(lines, i, strict=True)
        if len(grid) >= 2 and _alternating(grid):
            rest.extend(b for row in grid for b in row)  # label rows and value rows: pairs
            i += len(grid)
            continue
        count = indented_pairs(lines, i)
        if count:
            items.extend(
                _pair_items(
                    (key, value)
                    for k in range(i, i + count, 2)
                    for key, value in zip(lines[k], lines[k + 1], strict=True)
                )
            )
            i += count
            continue
        count, headed = key_value_rows(lines, i)
        if count and headed:
            items.append(_table_item(lines[i : i + count]))
            i += count
            continue
        if count:
            items.extend(_pair_items((row[0], row[1]) for row in lines[i : i + count]))
            i += count
            continue
        run = _grid_cut(lines, i, _aligned_run(lines, i))
        if len(grid) >= 1 and paired_columns(grid):
            items.extend(_pair_items((r[k], r[k + 1]) for r in grid for k in range(0, len(r), 2)))
            i += len(grid)
            continue
        colon = [colon_cells(row) for row in run]
        if len(run) >= 2 and all(colon):
            items.extend(_fields(pair for row in colon for pair in row))
            i += len(run)
            continue
        if len(line) >= 3 and len(run) >= 2:
            items.append(_table_item(run))
            i += len(run)
            continue
        rest.extend(line)
        i += 1
    settings = settings_values(rest)
    taken = {k for pair in settings for k in pair}
    for i, j in two_line_items(rest):
        if {i, j} & taken:
            continue
        if wrapped_cell(rest[i], rest[j], boxes):  # one cell, its two lines read as one
            items.append(
                Item(union([rest[i].rect, rest[j].rect]), text=f"{rest[i].text} {rest[j].text}")
            )
            taken.update((i, j))
        else:
            settings.append((i, j))
    items.extend(_pair_items((rest[i], rest[j]) for i, j in settings))
    taken.update(k for pair in settings for k in pair)
    pairs, rest = readonly_pairs([b for k, b in enumerate(rest) if k not in taken])
    items.extend(pairs)
    for line in group_lines(rest):
        for segment in _split_segments(line):
            items.extend(_segment_items(segment))
    return items


def _table_item(run: list[list[TextBox]]) -> Item:
    table = LayoutBlock("table", headers=[b.text for b in run[0]])
    table.rows = [[b.text for b in row] for row in run[1:]]
    return Item(union([b.rect for row in run for b in row]), table=table)


def _pair_items(pairs) -> list[Item]:
    """Read-only fields from (label box, value box) pairs."""
    return _fields((a.text, b.text, [a, b]) for a, b in pairs)


def _fields(found) -> list[Item]:
    """Read-only fields from (label, value, the boxes they were read from); an avatar's initials
    before a name stay a line of text."""
    items = []
    for label, value, boxes in found:
        if initials(label, value):
            items.append(Item(union([b.rect for b in boxes]), text=f"{label} {value}"))
            continue
        text, required = clean_label(label)
        field_ = LayoutField(text, value, required, widget="text")
        items.append(Item(union([b.rect for b in boxes]), field_, readonly=True))
    return items


def readonly_pairs(boxes: list[TextBox]) -> tuple[list[Item], list[TextBox]]:
    """Read-only fields: a label with its value right below it or to its right on the row; the
    label is fainter or smaller than its value, or ends with ':' (a label set tight over its
    value, or a right-aligned label set tight before it, may overlap its padded OCR box by a
    quarter line). Nearest pairs first; each box
    is used once, and a box that labels something is never a value; items of one menu strip
    or column never pair side by side, and a sidebar's entries (``nav_entries``) are never the
    value under a label. Returns the fields and the boxes left over."""
    menu = menu_groups(group_lines(boxes))
    nav = nav_entries(boxes)
    options: list[tuple[float, int, int]] = []
    for i, a in enumerate(boxes):
        if not keyish(a) or sentence(a):
            continue  # a sentence or a number names no field
        for j, b in enumerate(boxes):
            if i == j or not label_cue(a, b):
                continue
            gap_below = b.rect.y0 - a.rect.y1
            aligned = abs(a.rect.x0 - b.rect.x0) <= 14 or abs(a.rect.cx - b.rect.cx) <= 14
            below = -PADDED_OVERLAP * a.height <= gap_below <= 1.6 * a.height and aligned
            if below and id(b) not in nav and not _closer_above(boxes, a, gap_below):
                options.append((gap_below, i, j))
            if menu.get(id(a), -1) == menu.get(id(b), -2):
                continue  # two entries of one menu
            gap_right = b.rect.x0 - a.rect.x1
            padded = -PADDED_OVERLAP * min(a.height, b.height)  # OCR pads its boxes
            if vertical_overlap(a.rect, b.rect) >= 0.5 and padded <= gap_right <= 600:
                between = any(
                    k not in (i, j)
                    and vertical_overlap(c.rect, a.rect) >= 0.5
                    and a.rect.x1 <= c.rect.x0 < b.rect.x0
                    for k, c in enumerate(boxes)
                )
                if not between:
                    options.append((gap_right / 4, i, j))
    labels = {i for _, i, _ in options}
    used: set[int] = set()
    chosen = []
    for _, i, j in sorted(options):
        if i in used or j in used or j in labels:
            continue  # a value is never itself a label of something else
        used.update((i, j))
        chosen.append((boxes[i], boxes[j]))
    return _pair_items(chosen), [b for k, b in enumerate(boxes) if k not in used]


def _closer_above(boxes: list[TextBox], label: TextBox, gap_below: float) -> bool:
    """A line set closer under the text above it than over the text below (a list item's
    status tag under its summary): it ends the item above, it names nothing below."""
    return any(
        0 <= label.rect.y0 - c.rect.y1 < gap_below - 2
        and min(c.rect.x1, label.rect.x1) > max(c.rect.x0, label.rect.x0)
        for c in boxes
        if c is not label
    )


def _segment_items(segment: list[TextBox]) -> list[Item]:
    """'Label: value' boxes and label-left-of-value pairs as read-only fields; else a text line."""
    gap = segment[1].rect.x0 - segment[0].rect.x1 if len(segment) == 2 else 0.0
    colon = segment[0].text.endswith(":")
    if len(segment) == 2 and (colon or (label_cue(*segment) and gap >= 1.2 * segment[0].height)):
        return _pair_items([segment])
    colon = colon_cells(segment)
    if colon:
        return _fields(colon)
    return [Item(union([b.rect for b in segment]), text=" ".join(b.text for b in segment))]
