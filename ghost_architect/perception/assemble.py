"""Text boxes + UI elements -> Layout: fields with their labels and values, tables, text.

Every rule is geometric and free of any particular CSS framework: controls take their labels,
values, units and help first (perception/controls.py) once the boxes that only highlight a menu
entry are set aside (perception/chrome.py), a title is the largest text near the top,
the remaining text becomes tables, read-only fields and lines (perception/text_lines.py) per
column between full-height dividers, and all of it is read in XY-cut order
(perception/items.py). A dialog over a dimmed page is read apart from the page (its sides are
no column dividers); checkboxes that select table
rows are found on the whole screen first, as a dialog may hide the rows' cells.
"""

from __future__ import annotations

import itertools
import re

import numpy as np

from ghost_architect.perception.chrome import dialog_box, menu_highlights
from ghost_architect.perception.controls import (
    attach_help,
    drop_mark_glyphs,
    element_fields,
    inside,
    row_selectors,
    split_across_borders,
    table_cell_boxes,
    take_units,
)
from ghost_architect.perception.elements import Element
from ghost_architect.perception.geometry import centre_in, union
from ghost_architect.perception.gutters import cut_at_gutters
from ghost_architect.perception.items import Item, blocks_from_items, unnamed_as_text, xy_cut
from ghost_architect.perception.layout import Layout
from ghost_architect.perception.ocr import TextBox, font_size
from ghost_architect.perception.pixels import horizontal_rules, luminance
from ghost_architect.perception.scene import Scene
from ghost_architect.perception.segments import segmented_fields
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
    gray = luminance(rgb)
    texts = cut_at_gutters(rgb, gray, texts)
    highlighted = menu_highlights(texts, elements)
    menus = [m for _, m in highlighted]
    highlights = [h for h, _ in highlighted]
    screen = Scene(texts, elements)  # found on the whole screen: a dialog may hide the rows
    in_rows = row_selectors(screen) | table_cell_boxes(screen)
    elements = [e for e in elements if id(e) not in in_rows and not any(e is h for h in highlights)]
    faint = faint_level(texts)
    rules = horizontal_rules(rgb)
    items: list[Item] = []
    buttons: list[str] = []
    title = ""
    for part_texts, part_elements, part_dividers in _parts(rgb, texts, elements, dividers):
        scene = Scene(part_texts, part_elements, dividers=part_dividers, rules=rules)
        items += _menu_items(scene, menus)
        items += segmented_fields(scene, rgb, gray)
        buttons += _buttons(scene)
        take_units(scene)
        fields = element_fields(scene, faint)
        attach_help(scene, fields)
        items += fields
        title = title or _title(scene)
        for region in split_at(part_dividers, [t for _, t in scene.free()]):
            items += text_items(region)
    layout = Layout(title=title, blocks=blocks_from_items(xy_cut(unnamed_as_text(items))))
    layout.chrome = [b for b in buttons if b]
    return layout


def _parts(rgb: np.ndarray, texts: list[TextBox], elements: list[Element], dividers):
    """(texts, elements, dividers) of the page, then of a dialog over it if there is one: a
    dialog's fields take no labels from the dimmed page under it, nor the page's from it, and
    the dialog's sides divide no columns of the page."""
    dialog = dialog_box(rgb)
    if dialog is None:
        return [(texts, elements, list(dividers))]
    page = (
        [t for t in texts if not centre_in(dialog, t.rect)],
        [e for e in elements if not centre_in(dialog, e.rect)],
        [x for x in dividers if min(abs(x - dialog.x0), abs(x - dialog.x1)) > 4],  # its sides
    )
    return [page, ([t for t in texts if centre_in(dialog, t.rect)],
                   [e for e in elements if centre_in(dialog, e.rect)], [])]  # fmt: skip


def _buttons(scene: Scene) -> list[str]:
    """The words on each button (consumed)."""
    buttons = []
    for element in scene.elements:
        if element.kind == "button":
            words = inside(scene, element)
            scene.used.update(words)
            buttons.append(" ".join(scene.texts[i].text for i in words))
    return buttons


def _menu_items(scene: Scene, menus: list[list[TextBox]]) -> list[Item]:
    """Each menu as one line of text (consumed): its entries are no labels or values."""
    items = []
    for menu in menus:
        index = [i for i, t in scene.free() if any(t is b for b in menu)]
        if index:
            scene.used.update(index)
            boxes = [scene.texts[i] for i in index]
            items.append(Item(union([b.rect for b in boxes]), text=" ".join(b.text for b in boxes)))
    return items


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
