"""Reading order: the items perception found (fields, tables, lines of text) ordered by recursive
XY-cut and gathered into Layout blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ghost_architect.perception.chrome import breadcrumb, pager
from ghost_architect.perception.geometry import Rect
from ghost_architect.perception.layout import LayoutBlock, LayoutField

NAME_LETTERS = 3  # a field's name has at least this many letters ("Fax", "Wi-Fi")
CHANGE = re.compile(r"^[+\-−]?\d[\d.,]*\s*%")  # "+16.1% this week": a card's change, no name


@dataclass
class Item:
    """One thing in reading order: a field, a table, or a line of text."""

    rect: Rect
    field: LayoutField | None = None
    table: LayoutBlock | None = None
    text: str = ""
    readonly: bool = False


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


def unnamed_as_text(items: list[Item]) -> list[Item]:
    """Each field that names nothing (``_names_nothing``) as a line of its label and value."""
    return [
        Item(it.rect, text=" ".join(t for t in (it.field.label, it.field.value) if t))
        if it.field is not None and _names_nothing(it.field)
        else it
        for it in items
    ]


def _names_nothing(found: LayoutField) -> bool:
    """A label with fewer than NAME_LETTERS letters (a number, a code, an amount, an icon glyph
    OCR read as a letter) or starting with a change in percent (a dashboard card's "+16.1% this
    week"), a pager's or a stepper's count (``pager``), or a breadcrumb trail as label or value
    (``breadcrumb``)."""
    return (
        sum(c.isalpha() for c in found.label) < NAME_LETTERS
        or bool(CHANGE.match(found.label))
        or pager(found.label)
        or breadcrumb(found.label)
        or breadcrumb(found.value)
    )
