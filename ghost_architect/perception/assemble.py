"""Text boxes + UI elements -> Layout: fields with their labels and values, tables, text.

Every rule is geometric and free of any particular CSS framework: controls take their labels,
values, units and help first (perception/controls.py), a title is the largest text near the top,
the remaining text becomes tables, read-only fields and lines (perception/text_lines.py) per
column between full-height dividers, and all of it is read in XY-cut order
(perception/items.py).
"""

from __future__ import annotations

import itertools
import re

import numpy as np

from ghost_architect.data.layout import Layout
from ghost_architect.perception.controls import (
    Scene,
    attach_help,
    drop_mark_glyphs,
    element_fields,
    inside,
    split_across_borders,
    take_units,
)
from ghost_architect.perception.elements import Element
from ghost_architect.perception.items import blocks_from_items, xy_cut
from ghost_architect.perception.ocr import TextBox, font_size
from ghost_architect.perception.text_lines import text_items

WORDY = re.compile(r"[^\W\d_]{2,}")  # a title has a word in it, not just a number


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
    scene = Scene(texts, elements)
    buttons = []
    for element in elements:
        if element.kind == "button":
            words = inside(scene, element)
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


def _title(scene: Scene) -> str:
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
