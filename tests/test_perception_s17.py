"""Session 17's perception rules, each on a small synthetic layout or image."""

from __future__ import annotations

import cv2
import numpy as np

from ghost_architect.perception.assemble import build_layout
from ghost_architect.perception.elements import detect_elements
from ghost_architect.perception.geometry import Rect
from ghost_architect.perception.ocr import TextBox
from ghost_architect.perception.pixels import vertical_dividers
from ghost_architect.perception.text_lines import readonly_pairs, text_items


def test_a_flat_filled_tile_beside_a_name_is_a_logo_not_a_checkbox():
    """An app's logo (dev sets tw01, tb04, tb16) or a menu entry's icon (mx01): a square filled
    flat in colour or ink, with no tick inside. A checked box carries its tick, an unchecked
    one shows the page through it."""
    page = np.full((120, 400, 3), 250, np.uint8)
    cv2.rectangle(page, (20, 14), (45, 39), (230, 90, 120), -1)  # the logo tile
    cv2.rectangle(page, (20, 70), (37, 87), (20, 20, 20), -1)  # an icon tile in ink
    cv2.rectangle(page, (200, 70), (215, 85), (230, 90, 120), -1)  # a checked box
    cv2.line(page, (203, 78), (206, 82), (255, 255, 255), 2)
    cv2.line(page, (206, 82), (212, 73), (255, 255, 255), 2)
    cv2.rectangle(page, (300, 70), (315, 85), (120, 120, 120), 1)  # an unchecked box
    texts = [TextBox(Rect(56, 18, 160, 36), "Formwright", 230.0),
             TextBox(Rect(46, 70, 120, 88), "Payments", 230.0),
             TextBox(Rect(222, 70, 280, 88), "Urgent", 230.0),
             TextBox(Rect(322, 70, 380, 88), "Billable", 230.0)]  # fmt: skip
    found = [(e.kind, e.checked, int(e.rect.x0) // 100) for e in detect_elements(page, texts)]
    assert sorted(found) == [("checkbox", False, 3), ("checkbox", True, 2)]


def test_an_avatars_initials_before_a_name_are_no_label():
    """A member list's avatar shows the person's initials before their name (dev set tw02, the
    synthetic lists): 'HT' set fainter than 'Hemi Tautahi' is no label, while 'Owner' before
    'Hemi Tautahi' still is."""
    avatar = text_items([TextBox(Rect(20, 20, 44, 40), "HT", 120.0),
                         TextBox(Rect(60, 20, 180, 40), "Hemi Tautahi", 230.0)])  # fmt: skip
    assert [(i.field, i.text) for i in avatar] == [(None, "HT Hemi Tautahi")]
    owner = text_items([TextBox(Rect(20, 20, 70, 40), "Owner", 120.0),
                        TextBox(Rect(90, 20, 210, 40), "Hemi Tautahi", 230.0)])  # fmt: skip
    assert [(i.field.label, i.field.value) for i in owner] == [("Owner", "Hemi Tautahi")]


def test_a_ruled_tables_column_lines_are_no_pane_dividers():
    """A ruled table's column lines run most of the screen's height (dev set tb03, test60
    s21-00351) and all start at its top border and end at its bottom: its columns are read
    together as one table, not as panes apart. A sidebar's edge still divides."""
    page = np.full((600, 1000, 3), 255, np.uint8)
    page[:, :180] = 235  # the sidebar
    for x in (300, 450, 600, 750):
        cv2.line(page, (x, 100), (x, 520), (120, 120, 120), 1)
    assert vertical_dividers(page) == [180.0]


def _two_line_rows(with_cells: bool) -> list[TextBox]:
    """Two list rows, each a name over a fainter, smaller line; with_cells adds a cell right of
    each row, as a table's columns would."""
    boxes = []
    for y, name, sub, cell in ((100, "Halvorsen Farms", "M-10422", "SW-25-118"),
                               (160, "Two Rivers Ranch", "M-10457", "SW-25-121")):  # fmt: skip
        boxes += [TextBox(Rect(30, y, 160, y + 18), name, 230.0),
                  TextBox(Rect(30, y + 20, 90, y + 33), sub, 150.0)]  # fmt: skip
        if with_cells:
            boxes.append(TextBox(Rect(240, y + 8, 330, y + 26), cell, 230.0))
    return boxes


def test_a_table_rows_two_line_cell_is_no_setting_and_its_value():
    """A member's name over their number in a table's first column (dev sets tb08, tw08) looks
    like a phone settings list's name over its value, but more cells follow it on its row: one
    cell read as one text, no field; without the cells beside, still a setting's pair."""
    cells = text_items(_two_line_rows(with_cells=True))
    assert not [i.field for i in cells if i.field is not None]
    assert "Halvorsen Farms M-10422" in [i.text for i in cells]
    settings = text_items(_two_line_rows(with_cells=False))
    assert [(i.field.label, i.field.value) for i in settings if i.field] == [
        ("Halvorsen Farms", "M-10422"),
        ("Two Rivers Ranch", "M-10457"),
    ]


def _column(entries: list[tuple[str, float]]) -> list[TextBox]:
    """A stack of short entries at x=12 and an even 24 px pitch, (text, ink) each."""
    return [TextBox(Rect(12, 40 + 24 * k, 12 + 8 * len(text), 58 + 24 * k), text, ink)
            for k, (text, ink) in enumerate(entries)]  # fmt: skip


def test_a_sidebars_heading_and_entries_are_no_labels_over_values():
    """A dark sidebar (dev sets dk03, tb04, tb12): a faint section heading in capitals over its
    links, the active one set brighter. Neither the heading nor a link over the active one is
    a label; a label-over-value grid's column, labels in one style taking turns with values,
    still pairs."""
    sidebar = _column([("PROJECT", 76.0), ("Overview", 145.0), ("Keys", 138.0),
                       ("Request log", 230.0), ("Webhooks", 150.0), ("Usage", 140.0)])  # fmt: skip
    items, _ = readonly_pairs(sidebar)
    assert items == []
    grid = _column([("Owner", 120.0), ("Hemi Tautahi", 230.0), ("Status", 120.0),
                    ("Active", 230.0), ("Region", 120.0), ("Auckland", 230.0)])  # fmt: skip
    items, _ = readonly_pairs(grid)
    assert [(i.field.label, i.field.value) for i in items] == [
        ("Owner", "Hemi Tautahi"), ("Status", "Active"), ("Region", "Auckland")]  # fmt: skip


def test_a_carts_lines_of_amounts_ending_in_a_total_are_no_fields():
    """An order summary (dev sets tw05, tb11): items, shipping and tax over a total, amounts
    right-aligned, are figures the page computed, read as lines; a dashboard card's lone
    'Total revenue' over its figure is left as it was."""
    rows = [("Oak serving board", "kr 449"), ("Shipping", "kr 79"), ("Total", "kr 1 818")]
    boxes = []
    for k, (label, amount) in enumerate(rows):
        y = 100 + 26 * k
        boxes += [TextBox(Rect(700, y, 700 + 9 * len(label), y + 18), label, 150.0),
                  TextBox(Rect(946 - 8 * len(amount), y, 946, y + 18), amount, 230.0)]  # fmt: skip
    items = text_items(boxes)
    assert [i.field for i in items if i.field] == []
    assert sorted(i.text for i in items) == ["Oak serving board kr 449", "Shipping kr 79",
                                             "Total kr 1 818"]  # fmt: skip
    card = text_items([TextBox(Rect(250, 80, 340, 98), "Total revenue", 140.0),
                       TextBox(Rect(250, 103, 344, 131), "$48,210", 232.0)])  # fmt: skip
    assert [(i.field.label, i.field.value) for i in card] == [("Total revenue", "$48,210")]


def test_radios_no_question_names_are_a_steppers_dots_not_a_field():
    """A wizard's stepper (dev sets md02, mx21): a row of circles, each before a step's name,
    the done one filled, with no question before or over them. Its step names are a line of
    text; the same row under a question is a radio group."""

    def page_with(question: bool) -> list[tuple[str, str, str]]:
        page = np.full((160, 700, 3), 255, np.uint8)
        texts = [TextBox(Rect(30, 20, 160, 40), "How often?", 222.0)] if question else []
        for k, step in enumerate(("Eligibility", "Budget", "Review")):
            x = 40 + 200 * k
            cv2.circle(page, (x, 90), 9, (110, 110, 110), 2)
            if k == 0:
                cv2.circle(page, (x, 90), 4, (110, 110, 110), -1)
            texts.append(TextBox(Rect(x + 18, 80, x + 18 + 10 * len(step), 100), step, 222.0))
        layout = build_layout(page, texts, detect_elements(page, texts))
        return [(f.label, f.value, f.widget) for b in layout.blocks for f in b.fields]

    assert page_with(question=False) == []
    assert page_with(question=True) == [("How often?", "Eligibility", "radio")]


def test_a_label_of_fewer_than_three_letters_names_nothing():
    """A plan's price before a total, a lot code before a quantity, a hamburger glyph before
    the app's name (dev sets mx16, en02, mx04): a 'label' with fewer than three letters is a
    number, a code or an icon, and the pair a line of text; 'Fax' still names its value."""
    page = np.full((200, 600, 3), 255, np.uint8)
    texts = [TextBox(Rect(20, 10, 200, 40), "Company documents", 230.0),
             TextBox(Rect(20, 60, 70, 78), "$60/mo", 120.0),
             TextBox(Rect(120, 60, 200, 78), "$7,545", 230.0),
             TextBox(Rect(20, 120, 50, 138), "Fax", 120.0),
             TextBox(Rect(120, 120, 220, 138), "555-0100", 230.0)]  # fmt: skip
    layout = build_layout(page, texts, [])
    assert layout.title == "Company documents"
    assert [(f.label, f.value) for b in layout.blocks for f in b.fields] == [("Fax", "555-0100")]
    assert "$60/mo $7,545" in [line for b in layout.blocks for line in b.lines]


def test_a_pagers_text_labels_nothing():
    """A table's pager (dev sets bs07, mx14, tb09, tb10, mx09) and a wizard's step count
    (un05): 'Rows per page' over its size, 'Records 1-15 of 4,316' before 'Next 15 >>',
    'Previous' before 'Next', 'Step 3 of 5' before the step's name (OCR may drop its space:
    test60 s21-00365) are chrome, no fields; '3 of 4' may still be a field's value."""
    page = np.full((300, 700, 3), 255, np.uint8)
    rows = [("Rows per page", "25"), ("Records 1-15 of 4,316", "Next 15 >>"),
            ("« Previous", "Next »"), ("Step2 of 5", "Budget"), ("Items out", "3 of 4")]  # fmt: skip
    texts = [TextBox(Rect(20, 5, 300, 35), "Circulation desk", 230.0)]
    for k, (label, value) in enumerate(rows):
        y = 60 + 45 * k
        texts += [TextBox(Rect(20, y, 20 + 8 * len(label), y + 18), label, 120.0),
                  TextBox(Rect(400, y, 400 + 8 * len(value), y + 18), value, 230.0)]  # fmt: skip
    layout = build_layout(page, texts, [])
    assert [(f.label, f.value) for b in layout.blocks for f in b.fields] == [
        ("Items out", "3 of 4")
    ]


def fields_on_a_blank_page(texts: list[TextBox]) -> list:
    """The fields build_layout reads from ``texts`` on a white 700 x 200 page."""
    layout = build_layout(np.full((200, 700, 3), 255, np.uint8), texts, [])
    return [f for b in layout.blocks for f in b.fields]


def test_a_breadcrumb_trail_is_neither_a_name_nor_a_value():
    """A detail page's trail 'Home / Purchase orders' over its heading, or beside the app's
    name (test60 s21-00155, 00263, 00062, 00250): where the page sits, no field."""
    texts = [TextBox(Rect(20, 5, 300, 35), "Purchase order PO-1182", 230.0),
             TextBox(Rect(20, 60, 180, 76), "Home / Purchase orders", 120.0),
             TextBox(Rect(20, 80, 240, 100), "Purchase order details", 230.0)]  # fmt: skip
    assert fields_on_a_blank_page(texts) == []


def test_a_cards_change_in_percent_names_nothing():
    """A dashboard card's change line beside the next card's (test60 s21-00033, 00243, 00250,
    00270): '+16.1% this week' is no label of '-7.2%'."""
    texts = [TextBox(Rect(20, 5, 300, 35), "Flights overview", 230.0),
             TextBox(Rect(20, 80, 140, 96), "+16.1% this week", 120.0),
             TextBox(Rect(300, 80, 350, 96), "-7.2%", 230.0)]  # fmt: skip
    assert fields_on_a_blank_page(texts) == []


def test_a_tag_set_tight_under_its_item_labels_nothing_below():
    """A ticket list (dev set md07): each item's number and name, its subject, then its
    priority tag set tight under the subject, then a wider gap to the next item. The tag,
    smaller than the next item's name, ends its own item: it labels nothing below it."""
    boxes = [TextBox(Rect(14, 100, 160, 117), "#4812 Farah Qureshi", 230.0),
             TextBox(Rect(14, 119, 200, 136), "Router keeps dropping", 230.0),
             TextBox(Rect(14, 139, 60, 151), "Normal", 150.0),
             TextBox(Rect(14, 166, 160, 183), "#4809 Gideon Mwangi", 230.0),
             TextBox(Rect(14, 185, 200, 202), "Double charged for June", 230.0)]  # fmt: skip
    items, _ = readonly_pairs(boxes)
    assert "Normal" not in [i.field.label for i in items]
