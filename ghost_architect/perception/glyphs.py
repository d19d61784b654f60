"""Widgets OCR reads as glyphs of text: a dropdown's caret ("∨") or a picker row's chevron (">")
after a value, whose box the element detector missed, and a star rating drawn in star characters
("★★★★☆")."""

from __future__ import annotations

import re

from ghost_architect.perception.controls import clean_label
from ghost_architect.perception.geometry import Rect, union, vertical_overlap
from ghost_architect.perception.items import Item
from ghost_architect.perception.layout import LayoutField
from ghost_architect.perception.ocr import TextBox

# a dropdown's caret, or the chevron of a row that opens a picker ("2 weeks before  >"), as OCR
# reads it
CARET = re.compile(r"[∨⌄▾▼˅>›〉❯]")
CARET_REACH = 25  # line heights: a caret sits at the right end of a select as wide as this
STARS = re.compile(r"[★☆✩✪⭐]{2,}|[★☆✩✪⭐]$")  # a rating drawn in star glyphs


def drop_carets(boxes: list[TextBox]) -> tuple[list[TextBox], list[Rect]]:
    """A dropdown's caret that OCR read as a glyph of its own ("∨") after a box on its row is no
    cell of a table nor a value: the boxes without such carets, and the box each caret follows
    (the value of a select whose box was not seen)."""
    kept, selects = [], []
    for box in boxes:
        before = [
            b
            for b in boxes
            if b is not box
            and vertical_overlap(b.rect, box.rect) >= 0.5
            and 0 <= box.rect.x0 - b.rect.x1 <= CARET_REACH * box.height
        ]
        if CARET.fullmatch(box.text.strip()) and before:
            selects.append(max(before, key=lambda b: b.rect.x1).rect)
        else:
            kept.append(box)
    return kept, selects


def star_ratings(boxes: list[TextBox]) -> tuple[list[Item], list[TextBox]]:
    """Star ratings drawn as text ("★★★★☆"): each run of stars is a rating field (a radio
    group) named by the text before it on its row, else the text right above it, and valued by
    the short caption after it ("4 of 5", "Very good"), else by the stars. Returns the fields
    and the boxes left over."""
    items, used = [], set()
    for box in sorted(boxes, key=lambda b: (b.rect.y0, b.rect.x0)):
        found = STARS.search(box.text)
        if not found or id(box) in used:
            continue
        used.add(id(box))
        parts = [box]
        free = [b for b in boxes if id(b) not in used]
        after = _next_on_row(free, parts[-1])
        while after is not None and STARS.fullmatch(after.text):  # a star OCR read apart
            parts.append(after)
            used.add(id(after))
            after = _next_on_row([b for b in free if id(b) not in used], after)
        stars = "".join(STARS.search(p.text).group() for p in parts)
        label = box.text[: found.start()].strip()
        value = parts[-1].text[STARS.search(parts[-1].text).end() :].strip()
        if not value and after is not None and len(after.text.split()) <= 3:
            value = after.text
            parts.append(after)
            used.add(id(after))
        if not label:
            named = _rating_name([b for b in boxes if id(b) not in used], box)
            if named is None:
                continue
            label = named.text
            parts.append(named)
            used.add(id(named))
        text, required = clean_label(label)
        rating = LayoutField(text, value or stars, required, widget="radio")
        items.append(Item(union([p.rect for p in parts]), rating))
    return items, [b for b in boxes if id(b) not in used]


def _next_on_row(boxes: list[TextBox], box: TextBox) -> TextBox | None:
    """The nearest box right of ``box`` on its row, within three line heights."""
    right = [
        b
        for b in boxes
        if vertical_overlap(b.rect, box.rect) >= 0.5
        and -4 <= b.rect.x0 - box.rect.x1 <= 3 * box.height
    ]
    return min(right, key=lambda b: b.rect.x0, default=None)


def _rating_name(boxes: list[TextBox], stars: TextBox) -> TextBox | None:
    """The text naming a rating: the nearest words on its row to its left (not a number of a
    scale), else the text right above it starting near its left edge."""
    left = [
        b
        for b in boxes
        if vertical_overlap(b.rect, stars.rect) >= 0.5
        and b.rect.cx < stars.rect.x0
        and any(c.isalpha() for c in b.text)
    ]
    if left:
        return max(left, key=lambda b: b.rect.x1)
    above = [
        b
        for b in boxes
        if 0 <= stars.rect.y0 - b.rect.y1 <= 1.6 * b.height
        and abs(b.rect.x0 - stars.rect.x0) <= 2 * stars.height
    ]
    return max(above, key=lambda b: b.rect.y1, default=None)
