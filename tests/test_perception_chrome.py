"""Screen chrome from hand-placed text boxes and drawn pixels (no OCR): menu strips and sidebar
columns pair nothing, a pill on the active sidebar entry is no input, and a dialog over a dimmed
page is read apart from the page."""

from __future__ import annotations

import numpy as np

from ghost_architect.perception.assemble import build_layout
from ghost_architect.perception.chrome import dialog_box, menu_columns, menu_strips
from ghost_architect.perception.elements import Element
from ghost_architect.perception.geometry import Rect
from ghost_architect.perception.layout import Layout
from ghost_architect.perception.ocr import TextBox

BLANK = np.full((800, 1200, 3), 255, np.uint8)


def box(x: float, y: float, text: str, contrast: float = 220.0, h: float = 18.0) -> TextBox:
    return TextBox(Rect(x, y, x + 7.5 * len(text), y + h), text, contrast)


def row(x: float, y: float, words: list[str], gap: float, contrast: dict[str, float]) -> list:
    """Boxes left to right with `gap` px between them."""
    out = []
    for word in words:
        out.append(box(x, y, word, contrast.get(word, 120.0)))
        x = out[-1].rect.x1 + gap
    return out


def fields(layout: Layout) -> dict[str, str]:
    return {f.label: f.value for b in layout.blocks for f in b.fields}


def test_a_top_menu_with_its_active_item_darker_pairs_nothing():
    nav = row(120, 18, ["Dashboard", "Tickets", "Airports", "Settings"], 20, {"Tickets": 230})
    assert menu_strips(nav) == [nav]
    texts = [box(20, 18, "SkyDesk", 230), *nav, box(40, 120, "Airports")]
    layout = build_layout(BLANK, texts, [])
    assert fields(layout) == {}


def test_a_label_value_row_is_no_menu_strip():
    pairs = row(40, 40, ["Status"], 0, {}) + row(120, 40, ["Active"], 0, {"Active": 230})
    pairs += row(400, 40, ["Owner"], 0, {}) + row(480, 40, ["Bob Lee"], 0, {"Bob Lee": 230})
    assert menu_strips(pairs) == []
    assert fields(build_layout(BLANK, [box(40, 0, "Order", 230, h=30), *pairs], [])) == {
        "Status": "Active",
        "Owner": "Bob Lee",
    }


def sidebar(active: str) -> list[TextBox]:
    names = ["Dashboard", "Artists", "Exhibitions", "Artworks", "Reports"]
    return [
        box(18, 64 + 38 * n, name, 230 if name == active else 130) for n, name in enumerate(names)
    ]


def test_a_pill_on_the_active_sidebar_entry_is_no_input_and_the_menu_is_one_line():
    side = sidebar("Artists")
    assert [b.text for b in menu_columns(side)[0]] == [b.text for b in side]
    pill = Element("input", Rect(12, 94, 183, 128))
    content = [box(260, 20, "Artists", 230, h=30), box(260, 80, "Revenue", 130)]
    content.append(box(260, 102, "£22,134", 230, h=24))
    layout = build_layout(BLANK, side + content, [pill])
    assert fields(layout) == {"Revenue": "£22,134"}
    assert "Dashboard Artists Exhibitions Artworks Reports" in layout.to_text()


def test_an_input_beside_a_column_of_labels_keeps_its_label():
    """Inputs of a stacked form: their labels line up, but the values are inside boxes."""
    texts, elements = [], []
    for n, (label, value) in enumerate([("Name", "Ada"), ("City", "Oslo"), ("Zip", "0150")]):
        y = 40 + 70 * n
        texts += [box(40, y, label), box(52, y + 30, value)]
        elements.append(Element("input", Rect(40, y + 24, 400, y + 54)))
    assert fields(build_layout(BLANK, texts, elements)) == {
        "Name": "Ada",
        "City": "Oslo",
        "Zip": "0150",
    }


def dimmed_page_with_dialog() -> np.ndarray:
    image = np.full((800, 1200, 3), 120, np.uint8)  # a page under a dark backdrop
    image[150:450, 380:900] = 255
    return image


def test_a_bright_box_over_a_dimmed_page_is_a_dialog_and_a_card_on_a_page_is_not():
    found = dialog_box(dimmed_page_with_dialog())
    assert (
        found
        and max(abs(a - b) for a, b in zip(found.coords, (380, 150, 900, 450), strict=True)) <= 2
    )
    card = np.full((800, 1200, 3), 245, np.uint8)
    card[150:450, 350:900] = 255
    assert dialog_box(card) is None


def test_a_dialogs_input_takes_no_label_from_the_dimmed_page_beside_it():
    texts = [box(340, 229, "Cell", 90), box(400, 186, "Name", 230), box(412, 229, "Ada", 230)]
    field = Element("input", Rect(400, 224, 700, 254))
    assert fields(build_layout(BLANK, texts, [field])) == {"Cell": "Ada"}
    assert fields(build_layout(dimmed_page_with_dialog(), texts, [field])) == {"Name": "Ada"}


def test_a_dialogs_sides_divide_no_columns_of_the_page_under_it():
    """A dialog two thirds of the screen tall reads as full-height edges; the page's table above
    it still runs across them."""
    head = row(40, 60, ["Project", "Title", "Owner", "Status", "Due"], 150, {})
    rows = [box(b.rect.x0, 100 + 36 * n, f"{b.text} {n}", 120) for b in head for n in range(3)]
    page = [box(40, 0, "Tasks", 230, h=30), *head, *rows]
    names = [b.text for b in head]
    split = build_layout(BLANK, page, [], [380.0, 900.0])
    assert names not in [b.headers for b in split.blocks]
    layout = build_layout(dimmed_page_with_dialog(), page, [], [380.0, 900.0])
    assert names in [b.headers for b in layout.blocks]
