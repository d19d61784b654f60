"""Screen chrome that holds no fields: menus, tab bars and sidebars drawn as text.

- a strip: three or more short items (1-3 words, no ':') on one line, each gap close to the
  line's median gap (a top menu, a tab bar, a toolbar; a brand or avatar far off is not part of
  it); a label/value row has short label->value gaps and long value->label ones instead;
- a menu column: four or more short items whose left edges line up, stacked at an even pitch
  (a sidebar); a column of label-above-value pairs is set tighter inside each pair;
- items of one strip or column never pair side by side: the active item of a menu is set
  apart (darker, bolder, on a pill) exactly as a value is set apart from its label (a label
  over its value may still pair: the left column of an evenly spaced label-over-value grid
  looks like a menu column), unless the column's entries do not take turns as labels and
  values in one style (a sidebar: its section heading and its entries, the active one set
  apart, name no field);
- a box (input, select) around one item of a menu column at the left of the screen is the
  active entry's highlight, not a field: the whole menu becomes one line of text;
- a pager (a table's page size, "Records 1-15 of 4,316", a wizard's "Step 2 of 3", previous
  and next) names no field; a breadcrumb trail from "Home" is neither name nor value;
- a dialog: a large box (a quarter of the width, 100 px tall, off the screen's sides) whose
  inside is at least DIM_STEP grey levels brighter than the surround on three of its four sides
  (a backdrop dims the page under it). Its text and controls are read apart from the page's.
"""

from __future__ import annotations

import itertools
import re
import statistics

import cv2
import numpy as np

from ghost_architect.perception.elements import Element
from ghost_architect.perception.geometry import Rect, centre_in
from ghost_architect.perception.ocr import TextBox
from ghost_architect.perception.pairs import keyish, label_cue, paired_columns, styled_apart

# a pager's label: "Rows per page", "Records 1-15 of 4,316", "Step 2 of 3", "« Previous", "Next »"
PAGER = re.compile(
    r"\brows per page\b|\d[\d,]*\s*(?:[-–]\s*\d[\d,]*\s+)?of\s+\d[\d,]*\b"
    r"|^\W*(?:previous|prev|next)\b",
    re.I,
)
BREADCRUMB = re.compile(r"^home\s*[/›>»]", re.I)  # "Home / Purchase orders": a trail, no name
ALIGN_LEFT = 4  # px: items of a menu column start within this of each other
DIM_STEP = 40  # grey levels: a dialog is this much brighter than the dimmed page around it


def pager(text: str) -> bool:
    """A pager's text: a page size, the count of the records or steps shown, a previous or next
    link (a field's value may count: "3 of 4" items out)."""
    return bool(PAGER.search(text))


def breadcrumb(text: str) -> bool:
    """A breadcrumb trail from the home page ("Home / Artworks"): where the page sits, neither a
    field's name nor its value."""
    return bool(BREADCRUMB.search(text))


def menu_item(box: TextBox) -> bool:
    """Short text that can be a menu entry: 1-3 words with letters, not 'Label:'."""
    return keyish(box) and not box.text.endswith(":") and len(box.text.split()) <= 3


def menu_strips(line: list[TextBox]) -> list[list[TextBox]]:
    """Runs of three or more menu items on one line (sorted left to right), each gap close to the
    line's median gap, that are not [label value label value] pairs."""
    gaps = [b.rect.x0 - a.rect.x1 for a, b in itertools.pairwise(line)]
    if len(gaps) < 2:
        return []
    typical = statistics.median(gaps)
    runs: list[list[TextBox]] = [[line[0]]]
    for gap, box in zip(gaps, line[1:], strict=True):
        even = gap > 0 and (typical - 6) / 1.6 <= gap <= 1.6 * typical + 6
        if even and menu_item(box) and menu_item(runs[-1][-1]):
            runs[-1].append(box)
        else:
            runs.append([box])
    return [r for r in runs if len(r) >= 3 and not paired_columns([r[: len(r) // 2 * 2]])]


def menu_columns(boxes: list[TextBox]) -> list[list[TextBox]]:
    """Stacks of four or more menu items with left edges within ALIGN_LEFT, consecutive ones
    at an even pitch (each step between 0.8x and 1.25x the first) and no wider than 2.5 lines."""
    items = sorted((b for b in boxes if menu_item(b)), key=lambda b: b.rect.cy)
    columns: list[list[TextBox]] = []
    taken: set[int] = set()
    for first in items:
        if id(first) in taken:
            continue
        column = [first]
        for box in items:
            if box.rect.cy <= column[-1].rect.cy or abs(box.rect.x0 - first.rect.x0) > ALIGN_LEFT:
                continue
            step = box.rect.cy - column[-1].rect.cy
            if step > 2.5 * max(box.height, column[-1].height) + 12:
                break
            if len(column) >= 2:
                pitch = column[1].rect.cy - column[0].rect.cy
                if not 0.8 * pitch <= step <= 1.25 * pitch:
                    break
            elif step < box.height:
                continue  # overlapping lines: not the next item
            column.append(box)
        if len(column) >= 4:
            columns.append(column)
            taken.update(id(b) for b in column)
    return columns


def nav_entries(boxes: list[TextBox]) -> set[int]:
    """id() of each entry of a menu column whose entries are not labels over values taking
    turns (a sidebar's links, the active one set apart): no entry is the value of a label
    over it, be it another entry or the column's section heading."""
    found: set[int] = set()
    for column in menu_columns(boxes):
        if not any(_labels_take_turns(column, k) for k in (0, 1)):
            found.update(id(b) for b in column)
    return found


def _labels_take_turns(column: list[TextBox], start: int) -> bool:
    """From ``start`` on, every other entry labels the one under it, no value labels the next
    label, and the labels share one style: a label-over-value grid's column."""
    turns = [label_cue(a, b) for a, b in itertools.pairwise(column)]
    labels = column[start::2]
    return (
        all(turns[start::2])
        and not any(turns[1 - start :: 2])
        and not any(styled_apart(labels[0], b) for b in labels[1:])
    )


def menu_groups(lines: list[list[TextBox]]) -> dict[int, int]:
    """id(box) -> the number of the strip or column it belongs to."""
    groups = [run for line in lines for run in menu_strips(line)]
    groups += menu_columns([b for line in lines for b in line])
    found: dict[int, int] = {}
    for n, group in enumerate(groups):
        for b in group:
            found.setdefault(id(b), n)
    return found


def _leftmost(column: list[TextBox], texts: list[TextBox]) -> bool:
    """No text left of the column beside it: a sidebar, not a table's inner column."""
    x0 = min(b.rect.x0 for b in column) - ALIGN_LEFT
    top, bottom = column[0].rect.y0, column[-1].rect.y1
    return not any(t.rect.x1 < x0 and t.rect.y1 > top and t.rect.y0 < bottom for t in texts)


def menu_highlights(
    texts: list[TextBox], elements: list[Element]
) -> list[tuple[Element, list[TextBox]]]:
    """Input/select boxes that hold one item of a menu column at the left of the screen (the
    active entry of a sidebar, on a pill), each with the items of its menu."""
    boxed = [e for e in elements if e.kind in ("input", "select")]
    holders = [[t for t in texts if centre_in(e.rect, t.rect, margin=1)] for e in boxed]
    inner = {id(t) for held in holders for t in held}
    found = []
    for element, held in zip(boxed, holders, strict=True):
        if len(held) != 1 or not menu_item(held[0]):
            continue
        free = [t for t in texts if id(t) not in inner or t is held[0]]
        columns = [c for c in menu_columns(free) if _leftmost(c, texts)]
        menus = [c for c in columns if any(b is held[0] for b in c)]
        if menus:
            found.append((element, menus[0]))
    return found


def dialog_box(rgb: np.ndarray) -> Rect | None:
    """The largest dialog over a dimmed page, if any."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    width = gray.shape[1]
    edges = cv2.dilate(cv2.Canny(gray, 12, 36), np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    best: Rect | None = None
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w < 0.25 * width or h < 100 or x < 0.04 * width or x + w > 0.96 * width:
            continue
        if cv2.contourArea(contour) < 0.7 * w * h or (best and w * h <= best.area):
            continue
        inside = float(np.median(gray[y + 4 : y + h - 4, x + 4 : x + w - 4]))
        around = [
            gray[max(0, y - 10) : y - 2, x : x + w],
            gray[y + h + 2 : y + h + 10, x : x + w],
            gray[y : y + h, x - 10 : x - 2],
            gray[y : y + h, x + w + 2 : x + w + 10],
        ]
        dimmer = sum(a.size > 0 and inside - float(np.median(a)) >= DIM_STEP for a in around)
        if dimmer >= 3:
            best = Rect(x, y, x + w, y + h)
    return best
