"""An order summary (an invoice's or a cart's lines of amounts ending in a total): figures the
page computed, read as lines of text, never as fields a form records.

A read-only pair whose label says total ("Total", "Subtotal", "Order total") and whose value
holds a figure ends a summary; the pairs stacked right over it in one column, each with a figure
for its value (the cart's items, shipping, tax), belong to it. A total with no such line over it
is a dashboard card's figure (a KPI), left as it is.
"""

from __future__ import annotations

import re

from ghost_architect.perception.items import Item

TOTAL = re.compile(r"\b(sub)?total\b", re.I)
ALIGN_PX = 12  # px: the summary's lines start within this of each other


def _figure(item: Item) -> bool:
    return item.field is not None and any(c.isdigit() for c in item.field.value)


def _over(upper: Item, lower: Item) -> bool:
    """``upper`` is the summary line right over ``lower``: one column, less than two lines
    apart."""
    gap = lower.rect.y0 - upper.rect.y1
    return abs(upper.rect.x0 - lower.rect.x0) <= ALIGN_PX and -4 <= gap <= 2 * lower.rect.height


def summary_lines(items: list[Item]) -> list[Item]:
    """``items`` with each order summary's read-only pairs turned into lines of text."""
    pairs = [it for it in items if it.readonly and _figure(it)]
    summary: set[int] = set()
    for total in pairs:
        if not TOTAL.search(total.field.label):
            continue
        lines = [total]
        while above := [it for it in pairs if it not in lines and _over(it, lines[-1])]:
            lines.append(max(above, key=lambda it: it.rect.y1))
        if len(lines) >= 2:  # a card's lone total is a KPI, no summary
            summary.update(id(it) for it in lines)
    return [
        Item(it.rect, text=f"{it.field.label} {it.field.value}") if id(it) in summary else it
        for it in items
    ]
