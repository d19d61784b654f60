"""Text boxes + UI elements -> Layout: fields with their labels and values, tables, text.

Rules, each one geometric and style-free of any particular CSS framework:
- text inside an input/select/textarea is its value; faint text there is a placeholder;
- a label sits on the box's top border (outlined field), inside its top edge (filled field),
  above it, or left of it on the same row; the nearest free text wins, each text labels one field;
- an OCR box that runs across an element's border is cut there and both parts are re-read;
- a checkbox, radio or switch is labelled by the text beside it; radios in a row or column form
  one group whose label is the text before or above the group;
- text under a field, smaller or fainter than its label, is that field's help;
- the rest is grouped into lines: aligned multi-column lines are tables, label/value lines are
  read-only fields, the remainder is text. Reading order is recursive XY-cut over all items.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field

import numpy as np

from ghost_architect.data.layout import Layout, LayoutBlock, LayoutField
from ghost_architect.perception.elements import Element
from ghost_architect.perception.geometry import (
    Rect,
    centre_in,
    contains,
    union,
    vertical_overlap,
)
from ghost_architect.perception.ocr import TextBox, font_size, recognise
from ghost_architect.perception.pairs import (
    key_value_rows,
    label_cue,
    paired_columns,
    tight_label_rows,
)

BOX_KINDS = ("input", "select", "textarea")
MARK_KINDS = ("checkbox", "radio", "toggle")
ALIGN_PX = 24
WORDY = re.compile(r"[^\W\d_]{2,}")  # a title has a word in it, not just a number
LONE_GLYPH = re.compile(r"[Oo0○◯●◉◎]")
MARK_GLYPH = re.compile(r"^([^\w\s]|[Oo0](?=\s))\s*")
BORDER_JUNK = re.compile(r"^[\s\-_|.,:'`~]+|[\s\-_|.,'`~]+$")
REQUIRED = re.compile(r"\s*(\*|\(required\))\s*$", re.I)


@dataclass
class Item:
    """One thing in reading order: a field, a table, or a line of text."""

    rect: Rect
    field: LayoutField | None = None
    table: LayoutBlock | None = None
    text: str = ""
    readonly: bool = False


@dataclass
class _Scene:
    texts: list[TextBox]
    elements: list[Element]
    used: set[int] = field(default_factory=set)  # indexes of texts consumed
    units: dict[int, str] = field(default_factory=dict)  # id(element) -> unit shown after it

    def free(self) -> list[tuple[int, TextBox]]:
        return [(i, t) for i, t in enumerate(self.texts) if i not in self.used]


def clean_label(text: str) -> tuple[str, bool]:
    """A label without stray border glyphs, and whether it carried a required marker."""
    text = BORDER_JUNK.sub("", text.strip())
    required = bool(REQUIRED.search(text))
    return REQUIRED.sub("", text).strip(" :"), required


def glyph_trimmed(text: TextBox) -> TextBox:
    """The box without a leading mark glyph ("○ Pack of 10"), so the mark under it is found; a
    lone glyph ("O") keeps no area at all."""
    if LONE_GLYPH.fullmatch(text.text):
        return TextBox(Rect(text.rect.cx, text.rect.cy, text.rect.cx, text.rect.cy), "", 0.0)
    if MARK_GLYPH.match(text.text):
        rect = Rect(text.rect.x0 + 0.9 * text.height, text.rect.y0, text.rect.x1, text.rect.y1)
        return TextBox(rect, MARK_GLYPH.sub("", text.text), text.contrast)
    return text


def drop_mark_glyphs(texts: list[TextBox], elements: list[Element]) -> list[TextBox]:
    """OCR reads of a checkbox or radio itself are dropped; a leading glyph read with its caption
    ("○ Pack of 10") is cut off."""
    marks = [e.rect for e in elements if e.kind in MARK_KINDS]
    kept = []
    for t in texts:
        if any(contains(m, t.rect, margin=3) for m in marks):
            continue
        lead = [
            m
            for m in marks
            if -6 <= m.x0 - t.rect.x0 <= 10
            and m.x1 < t.rect.x1
            and vertical_overlap(m, t.rect) > 0.5
        ]
        if lead:
            stripped = MARK_GLYPH.sub("", t.text)
            t = TextBox(Rect(lead[0].x1 + 1, t.rect.y0, t.rect.x1, t.rect.y1), stripped, t.contrast)
            if not stripped:
                continue
        kept.append(t)
    return kept


def split_across_borders(rgb: np.ndarray, texts: list[TextBox], elements: list[Element]):
    """Cut OCR boxes that run over a box element's left or right border and re-read the parts."""
    cuts: list[tuple[int, list[Rect]]] = []
    boxes = [e for e in elements if e.kind in BOX_KINDS or e.kind == "button"]
    for i, t in enumerate(texts):
        r = t.rect
        for e in boxes:
            if vertical_overlap(r, e.rect) < 0.5:
                continue
            for edge in (e.rect.x0, e.rect.x1):
                if r.x0 < edge - 6 and r.x1 > edge + 6:
                    cuts.append(
                        (i, [Rect(r.x0, r.y0, edge - 2, r.y1), Rect(edge + 2, r.y0, r.x1, r.y1)])
                    )
                    break
            else:
                continue
            break
    if not cuts:
        return texts
    parts = recognise(rgb, [p for _, pair in cuts for p in pair])
    cut = {i for i, _ in cuts}
    return [t for i, t in enumerate(texts) if i not in cut] + parts


def _inside(scene: _Scene, element: Element) -> list[int]:
    return [i for i, t in scene.free() if centre_in(element.rect, t.rect, margin=1)]


def _border_label(scene: _Scene, element: Element) -> int | None:
    """A label drawn on the top border (outlined field with a floating label)."""
    for i, t in scene.free():
        straddles = t.rect.y0 < element.rect.y0 < t.rect.y1 - 0.25 * t.height
        if straddles and element.rect.x0 <= t.rect.x0 and t.rect.x1 <= element.rect.x1:
            return i
    return None


def _box_field(
    scene: _Scene, element: Element, faint: float
) -> tuple[LayoutField, bool, list[int]]:
    """The field of an input/select/textarea, whether it still needs an outside label, and the
    texts read inside it."""
    label = ""
    border = _border_label(scene, element)
    if border is not None:
        scene.used.add(border)
        label = scene.texts[border].text
    inner = sorted(
        _inside(scene, element), key=lambda i: (scene.texts[i].rect.y0, scene.texts[i].rect.x0)
    )
    if not label and len(inner) >= 2:
        top, rest = scene.texts[inner[0]], [scene.texts[i] for i in inner[1:]]
        if (
            top.height <= 0.85 * min(t.height for t in rest)
            and top.rect.y1 <= min(t.rect.y0 for t in rest) + 2
        ):
            label = top.text  # a filled field's small label inside its top edge
            scene.used.add(inner[0])
            inner = inner[1:]
    scene.used.update(inner)
    value = " ".join(scene.texts[i].text for i in inner)
    placeholder = bool(inner) and max(scene.texts[i].contrast for i in inner) < faint
    text, required = clean_label(label)
    widget = element.kind
    unit = scene.units.get(id(element), "")
    if unit:
        value = f"{value} {unit}".strip() if value else value
    if placeholder:
        hinted = LayoutField(text, "", required, widget=widget, placeholder=value)
        return hinted, not label, inner
    return LayoutField(text, value, required, widget=widget), not label, inner


def _label_candidates(scene: _Scene, element: Element) -> list[tuple[float, int]]:
    """(distance, text index) of free texts above or left of a box element."""
    e = element.rect
    found = []
    for i, t in scene.free():
        r = t.rect
        if r.y1 <= e.y0 + 3 and e.y0 - r.y1 <= max(2.2 * r.height, 30):
            if e.x0 - 14 <= r.x0 <= e.x0 + max(14.0, 0.2 * e.width):
                found.append((e.y0 - r.y1, i))
        elif vertical_overlap(r, e) >= 0.5 and r.x1 <= e.x0 + 3 and e.x0 - r.x1 <= 260:
            blocked = any(
                x.rect.x0 >= r.x1 - 2
                and x.rect.x1 <= e.x0 + 2
                and vertical_overlap(x.rect, e) > 0.5
                for x in scene.elements
                if x is not element
            )
            if not blocked:
                found.append((0.5 * (e.x0 - r.x1), i))
    return found


def _caption(scene: _Scene, mark: Element, far_left: bool) -> int | None:
    """The text right of a checkbox/radio/switch on its row; for a switch, else the text left."""
    e = mark.rect
    best: tuple[float, int] | None = None
    for i, t in scene.free():
        if vertical_overlap(t.rect, e) < 0.4:
            continue
        gap = t.rect.x0 - e.x1
        if -2 <= gap <= max(18.0, 1.1 * t.height) and (best is None or gap < best[0]):
            best = (gap, i)
    if best is None and far_left:
        for i, t in scene.free():
            gap = e.x0 - t.rect.x1
            if vertical_overlap(t.rect, e) >= 0.4 and gap >= 0 and (best is None or gap < best[0]):
                best = (gap, i)
    return best[1] if best else None


def _radio_groups(radios: list[tuple[Element, str]]) -> list[list[tuple[Element, str]]]:
    """Radios on one row, or stacked in one column with small gaps, form a group."""
    groups: list[list[tuple[Element, str]]] = []
    for radio in sorted(radios, key=lambda r: (r[0].rect.y0, r[0].rect.x0)):
        r = radio[0].rect
        for group in groups:
            last = group[-1][0].rect
            same_row = abs(last.cy - r.cy) <= 6 and 0 < r.x0 - last.x1 <= 260
            same_col = abs(last.x0 - r.x0) <= 6 and 0 < r.y0 - last.y1 <= 2.5 * r.height
            if same_row or same_col:
                group.append(radio)
                break
        else:
            groups.append([radio])
    return groups


def _group_label(scene: _Scene, rect: Rect) -> int | None:
    """The text left of a radio group on its first row, else the nearest text just above it."""
    best: tuple[float, int] | None = None
    for i, t in scene.free():
        r = t.rect
        if vertical_overlap(r, rect) >= 0.4 and r.x1 <= rect.x0 + 2 and rect.x0 - r.x1 <= 260:
            d = 0.5 * (rect.x0 - r.x1)
        elif r.y1 <= rect.y0 + 2 and rect.y0 - r.y1 <= 2.2 * r.height and abs(r.x0 - rect.x0) <= 40:
            d = rect.y0 - r.y1
        else:
            continue
        if best is None or d < best[0]:
            best = (d, i)
    return best[1] if best else None


def row_selectors(scene: _Scene) -> set[int]:
    """ids of checkboxes that select table rows: three or more in one column, most of them on a
    row with two or more other texts to their right (the row's cells), not a caption alone."""
    boxes = sorted((e for e in scene.elements if e.kind == "checkbox"), key=lambda e: e.rect.y0)
    found: set[int] = set()
    for box in boxes:
        column = [e for e in boxes if abs(e.rect.x0 - box.rect.x0) <= 3]
        if len(column) < 3 or id(box) in found:
            continue
        busy = sum(
            sum(
                vertical_overlap(t.rect, e.rect) >= 0.5 and t.rect.x0 > e.rect.x1
                for _, t in scene.free()
            )
            >= 3
            for e in column
        )
        if busy >= 2 / 3 * len(column):
            found.update(id(e) for e in column)
    return found


def element_fields(scene: _Scene, faint: float) -> list[Item]:
    """Fields from the detected controls, labelled; consumes the texts they use."""
    items: list[Item] = []
    pending: list[tuple[Element, LayoutField]] = []
    read_inside: dict[int, list[int]] = {}
    for element in [e for e in scene.elements if e.kind in BOX_KINDS]:
        layout_field, needs_label, inner = _box_field(scene, element, faint)
        if needs_label:
            read_inside[len(pending)] = inner
            pending.append((element, layout_field))
        else:
            items.append(Item(element.rect, layout_field))
    marks: list[tuple[Element, str]] = []
    selectors = row_selectors(scene)
    for mark in sorted(
        (e for e in scene.elements if e.kind in MARK_KINDS and id(e) not in selectors),
        key=lambda e: (e.rect.y0, e.rect.x0),
    ):
        index = _caption(scene, mark, far_left=mark.kind == "toggle")
        caption = ""
        if index is not None:
            scene.used.add(index)
            caption = scene.texts[index].text
        if mark.kind == "radio":
            marks.append((mark, caption))
            continue
        if index is None:
            continue  # a row-selection checkbox or an unlabelled icon, not a field
        text, required = clean_label(caption)
        rect = union([mark.rect, scene.texts[index].rect])
        items.append(
            Item(
                rect, LayoutField(text, "on" if mark.checked else "off", required, widget=mark.kind)
            )
        )
    candidates = sorted(
        (d, n, i) for n, (el, _) in enumerate(pending) for d, i in _label_candidates(scene, el)
    )
    labelled: set[int] = set()
    for _, n, i in candidates:
        if n in labelled or i in scene.used:
            continue
        labelled.add(n)
        scene.used.add(i)
        element, layout_field = pending[n]
        text, required = clean_label(scene.texts[i].text)
        layout_field.label, layout_field.required = text, required
    for n, (element, layout_field) in enumerate(pending):
        if n not in labelled:
            wide = element.rect.width >= max(120.0, 4 * element.rect.height)
            if not (layout_field.placeholder and wide):
                scene.used.difference_update(read_inside[n])  # its words are plain text again
                continue  # no label and no hint: a highlighted row or a button, not a field
            layout_field.label = layout_field.placeholder  # placeholder-only input
        items.append(Item(element.rect, layout_field))
    for group in _radio_groups(marks):
        if len(group) < 2:
            continue  # a lone circle is a glyph or an icon: radios come in groups
        rect = union([m.rect for m, _ in group])
        index = _group_label(scene, rect)
        label = ""
        if index is not None:
            scene.used.add(index)
            label = scene.texts[index].text
        options = [clean_label(c)[0] for _, c in group]
        chosen = next((clean_label(c)[0] for m, c in group if m.checked), "")
        text, required = clean_label(label)
        items.append(Item(rect, LayoutField(text, chosen, required, options, widget="radio")))
    return items


def take_units(scene: _Scene) -> None:
    """A short word right after an input on its row ("kg", "%", "cm") is the field's unit."""
    for element in scene.elements:
        if element.kind not in ("input", "select"):
            continue
        for i, t in scene.free():
            gap = t.rect.x0 - element.rect.x1
            if (
                0 <= gap <= 14
                and vertical_overlap(t.rect, element.rect) >= 0.5
                and len(t.text) <= 6
                and not any(c.isdigit() for c in t.text)  # "34" in the next cell is a value
                and not any(centre_in(e.rect, t.rect) for e in scene.elements)
            ):
                scene.units[id(element)] = t.text
                scene.used.add(i)
                break


def attach_help(scene: _Scene, items: list[Item]) -> None:
    """Small or faint text right under a field becomes its help line."""
    for item in items:
        f = item.field
        if f is None or f.widget not in BOX_KINDS:
            continue
        for i, t in scene.free():
            below = 0 <= t.rect.y0 - item.rect.y1 <= max(12.0, 0.9 * t.height)
            if below and abs(t.rect.x0 - item.rect.x0) <= 16:
                f.help = t.text
                scene.used.add(i)
                break


# -- the remaining text: lines, tables, read-only pairs ------------------------------------------


def group_lines(boxes: list[TextBox]) -> list[list[TextBox]]:
    """Boxes into lines (vertical centres within half a box height), each sorted left to right."""
    lines: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda b: (b.rect.cy, b.rect.x0)):
        if lines:
            last = lines[-1]
            centre = statistics.fmean(b.rect.cy for b in last)
            if abs(box.rect.cy - centre) <= 0.5 * max(box.height, last[0].height):
                last.append(box)
                continue
        lines.append([box])
    return [_join_words(sorted(line, key=lambda b: b.rect.x0)) for line in lines]


def _join_words(line: list[TextBox]) -> list[TextBox]:
    """Neighbouring boxes closer than a word space are one phrase ("Dec 05," + "2023")."""
    joined = [line[0]]
    for box in line[1:]:
        last = joined[-1]
        if box.rect.x0 - last.rect.x1 < 0.6 * max(box.height, last.height):
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
        if not (_aligned(head, line) or fits):
            break
        run.append(line)
    return run


def _fits_header(head: list[TextBox], row: list[TextBox]) -> bool:
    """A table row under a header: all but at most one column filled, at most two extra cells
    (an action column without a header), no cell spanning two columns. A header sits over its
    column left-, right- or centre-aligned."""
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


def _alternating(run: list[list[TextBox]]) -> bool:
    """Label rows and value rows taking turns (a grid of label-above-value pairs), not a table."""
    if len(run) % 2:
        run = run[:-1]
    if len({len(line) for line in run}) != 1:
        return False
    return all(
        all(_label_like(a, b) for a, b in zip(run[k], run[k + 1], strict=True))
        for k in range(0, len(run), 2)
    ) and all(
        not all(_label_like(a, b) for a, b in zip(run[k + 1], run[k + 2], strict=True))
        for k in range(0, len(run) - 2, 2)
    )


def _label_like(box: TextBox, other: TextBox) -> bool:
    return label_cue(box, other)


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
    """Tables, read-only label/value fields and text lines from the unconsumed text."""
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
        count, headed = key_value_rows(lines, i)
        if count and headed:
            items.append(_table_item(lines[i : i + count]))
            i += count
            continue
        if count:
            items.extend(_pair_items((row[0], row[1]) for row in lines[i : i + count]))
            i += count
            continue
        run = _aligned_run(lines, i)
        grid = _aligned_run(lines, i, strict=True)
        if len(grid) >= 1 and paired_columns(grid):
            items.extend(_pair_items((r[k], r[k + 1]) for r in grid for k in range(0, len(r), 2)))
            i += len(grid)
            continue
        if len(grid) >= 2 and _alternating(grid):
            rest.extend(b for row in grid for b in row)  # label rows and value rows: pairs
            i += len(grid)
            continue
        if len(line) >= 3 and len(run) >= 2:
            items.append(_table_item(run))
            i += len(run)
            continue
        rest.extend(line)
        i += 1
    pairs, rest = readonly_pairs(rest)
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
    items = []
    for a, b in pairs:
        text, required = clean_label(a.text)
        field_ = LayoutField(text, b.text, required, widget="text")
        items.append(Item(union([a.rect, b.rect]), field_, readonly=True))
    return items


def readonly_pairs(boxes: list[TextBox]) -> tuple[list[Item], list[TextBox]]:
    """Read-only fields: a label with its value right below it or to its right on the row; the
    label is fainter or smaller than its value, or ends with ':'. Nearest pairs first; each box
    is used once, and a box that labels something is never a value. Returns the fields and the
    boxes left over."""
    options: list[tuple[float, int, int]] = []
    for i, a in enumerate(boxes):
        for j, b in enumerate(boxes):
            if i == j or not _label_like(a, b):
                continue
            gap_below = b.rect.y0 - a.rect.y1
            aligned = abs(a.rect.x0 - b.rect.x0) <= 14 or abs(a.rect.cx - b.rect.cx) <= 14
            if -2 <= gap_below <= 1.6 * a.height and aligned:
                options.append((gap_below, i, j))
            gap_right = b.rect.x0 - a.rect.x1
            if vertical_overlap(a.rect, b.rect) >= 0.5 and 0 < gap_right <= 600:
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
    items = []
    for _, i, j in sorted(options):
        if i in used or j in used or j in labels:
            continue  # a value is never itself a label of something else
        used.update((i, j))
        a, b = boxes[i], boxes[j]
        text, required = clean_label(a.text)
        layout_field = LayoutField(text, b.text, required, widget="text")
        items.append(Item(union([a.rect, b.rect]), layout_field, readonly=True))
    return items, [b for k, b in enumerate(boxes) if k not in used]


def _segment_items(segment: list[TextBox]) -> list[Item]:
    """'Label: value' boxes and label-left-of-value pairs as read-only fields; else a text line."""
    gap = segment[1].rect.x0 - segment[0].rect.x1 if len(segment) == 2 else 0.0
    colon = segment[0].text.endswith(":")
    if len(segment) == 2 and (colon or (_label_like(*segment) and gap >= 1.2 * segment[0].height)):
        a, b = segment
        text, required = clean_label(a.text)
        return [
            Item(
                union([a.rect, b.rect]),
                LayoutField(text, b.text, required, widget="text"),
                readonly=True,
            )
        ]
    if len(segment) == 1:
        label, sep, value = segment[0].text.partition(": ")
        if sep and value and len(label.split()) <= 4 and not label[:1].isdigit():
            return [
                Item(
                    segment[0].rect, LayoutField(label, value.strip(), widget="text"), readonly=True
                )
            ]
    return [Item(union([b.rect for b in segment]), text=" ".join(b.text for b in segment))]


# -- reading order and blocks ---------------------------------------------------------------------


def xy_cut(items: list[Item]) -> list[Item]:
    """Reading order by recursive XY-cut: split at the widest empty band, rows or columns."""
    if len(items) <= 1:
        return items
    best = None
    for axis in ("y", "x"):
        spans = sorted(
            (it.rect.y0, it.rect.y1) if axis == "y" else (it.rect.x0, it.rect.x1) for it in items
        )
        reach = spans[0][1]
        for start, end in spans[1:]:
            gap = start - reach
            weight = gap if axis == "y" else gap / 2.5
            if gap > 4 and (best is None or weight > best[0]):
                best = (weight, axis, (reach + start) / 2)
            reach = max(reach, end)
    if best is None:
        return sorted(items, key=lambda it: (it.rect.y0, it.rect.x0))
    _, axis, cut = best
    key = (lambda it: it.rect.cy) if axis == "y" else (lambda it: it.rect.cx)
    first = [it for it in items if key(it) < cut]
    second = [it for it in items if key(it) >= cut]
    if not first or not second:
        return sorted(items, key=lambda it: (it.rect.y0, it.rect.x0))
    return xy_cut(first) + xy_cut(second)


def blocks_from_items(items: list[Item]) -> list[LayoutBlock]:
    blocks: list[LayoutBlock] = []
    for item in items:
        if item.table is not None:
            blocks.append(item.table)
            continue
        kind = "text" if item.field is None else ("details" if item.readonly else "form")
        if not blocks or blocks[-1].kind != kind:
            blocks.append(LayoutBlock(kind))
        if item.field is not None:
            blocks[-1].fields.append(item.field)
        else:
            blocks[-1].lines.append(item.text)
    return blocks


def faint_level(texts: list[TextBox]) -> float:
    """Below this contrast a text inside an input is a placeholder (a share of the page's ink)."""
    strong = max((t.contrast for t in texts), default=255.0)
    return 0.62 * strong


def split_at(dividers: list[float], boxes: list[TextBox]) -> list[list[TextBox]]:
    """The boxes of each column between full-height dividers (a sidebar, a split pane), so
    their lines are read apart."""
    edges = [float("-inf"), *dividers, float("inf")]
    regions = [[b for b in boxes if lo <= b.rect.cx < hi] for lo, hi in itertools.pairwise(edges)]
    return [r for r in regions if r]


def build_layout(
    rgb: np.ndarray, texts: list[TextBox], elements: list[Element], dividers: list[float] = ()
) -> Layout:
    """The screen's Layout from OCR text boxes and detected elements."""
    texts = split_across_borders(rgb, drop_mark_glyphs(texts, elements), elements)
    scene = _Scene(texts, elements)
    buttons = []
    for element in elements:
        if element.kind == "button":
            words = _inside(scene, element)
            scene.used.update(words)
            buttons.append(" ".join(scene.texts[i].text for i in words))
    take_units(scene)
    items = element_fields(scene, faint_level(texts))
    attach_help(scene, items)
    title = _title(scene)
    for region in split_at(dividers, [t for _, t in scene.free()]):
        items += text_items(region)
    layout = Layout(title=title, blocks=blocks_from_items(xy_cut(items)))
    layout.chrome = [b for b in buttons if b]
    return layout


def _title(scene: _Scene) -> str:
    """The largest free text in the upper part of the screen is its title (consumed)."""
    free = scene.free()
    if not free:
        return ""
    top = min(t.rect.y0 for _, t in free)
    upper = [(i, t) for i, t in free if t.rect.y0 <= top + 260 and WORDY.search(t.text)]
    if not upper:
        return ""
    index, box = max(upper, key=lambda it: (round(font_size(it[1])), -it[1].rect.y0))
    scene.used.add(index)
    return box.text
