"""Perception v2 on small hand-made screens (tests/fixtures/perception/*.html, rendered once to the
PNGs beside them; none is a benchmark screen): OCR + OpenCV elements -> labelled fields, tables."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT
from PIL import Image

from ghost_architect.perception import perceive
from ghost_architect.perception.elements import detect_elements
from ghost_architect.perception.geometry import Rect
from ghost_architect.perception.items import Item, xy_cut
from ghost_architect.perception.layout import Layout, LayoutBlock, LayoutField
from ghost_architect.perception.measure import score_layout, similar
from ghost_architect.perception.ocr import TextBox

FIXTURES = ROOT / "tests" / "fixtures" / "perception"


@pytest.fixture(scope="module")
def layouts() -> dict[str, Layout]:
    return {p.stem: perceive(Image.open(p)) for p in sorted(FIXTURES.glob("*.png"))}


def fields(layout: Layout) -> dict[str, LayoutField]:
    return {f.label: f for block in layout.blocks for f in block.fields}


def test_stacked_form_pairs_labels_values_widgets_and_help(layouts):
    layout = layouts["stacked"]
    got = fields(layout)
    assert layout.title == "Register a courier"
    assert (got["Courier name"].value, got["Courier name"].widget) == ("Amelia Hart", "input")
    assert got["Mobile"].help == "We text delivery codes here."  # help is not the next label
    assert (got["Vehicle"].value, got["Vehicle"].widget) == ("Cargo bike", "select")
    assert got["Notes"].widget == "textarea"
    assert (got["Has own insurance"].widget, got["Has own insurance"].value) == ("checkbox", "on")
    # the subtitle under the title stays text: it does not shift the label/value pairing
    assert "Couriers can accept deliveries once approved." in layout.to_text()
    assert "Save courier" in layout.chrome  # a button, not a field


def test_inline_labels_units_and_radio_group(layouts):
    got = fields(layouts["inline"])
    assert got["Item code"].value == "BX-2291"
    assert got["Length"].value == "60 cm" and got["Width"].value.startswith("40")
    assert got["Supplier"].widget == "select"
    assert got["Unit"].widget == "radio"
    assert got["Unit"].options == ["Each", "Pack of 10"] and got["Unit"].value == "Each"
    assert "Items" not in got  # the sidebar is text, not a label


def test_floating_labels_placeholders_and_switch_on_a_dark_theme(layouts):
    got = fields(layouts["floating-dark"])
    assert got["Passport number"].value == "X4491823"
    assert got["Last name"].value == "Haddad"
    hint = got["Frequent flyer number"]
    assert (hint.value, hint.placeholder) == ("", "Frequent flyer number")
    assert (got["Travel insurance"].widget, got["Travel insurance"].value) == ("toggle", "on")
    assert "[input, placeholder]" in layouts["floating-dark"].to_text()


def test_description_list_and_table_with_badges_and_actions(layouts):
    layout = layouts["detail-table"]
    got = fields(layout)
    assert got["Soil type"].value == "Loam" and got["Soil type"].widget == "text"
    table = next(b for b in layout.blocks if b.kind == "table")
    assert table.headers == ["Crop", "Picked on", "Weight (kg)", "Status"]
    assert len(table.rows) == 4 and table.rows[1][3] == "Spoiled"  # a badge is a cell


def test_label_above_value_grid_is_not_a_table(layouts):
    layout = layouts["grid-details"]
    got = fields(layout)
    assert got["Email"].value == "seun.a@example.net"
    assert got["Move-in date"].value == "01/09/2024"
    assert not any(b.kind == "table" for b in layout.blocks)


def test_filled_fields_prompts_and_a_spaced_label_value_grid(layouts):
    layout = layouts["filled-fields"]
    got = fields(layout)
    assert layout.title == "Vendor record"  # not taken as the label of the field under it
    for label, value in (("Legal name", "Harbor Tools GmbH"), ("Tax number", "DE-448120")):
        assert (got[label].value, got[label].widget) == (value, "input")  # label inside the box
    prompt = got["Payment terms"]  # a dark "Please select" is a prompt, not a chosen value
    assert (prompt.value, prompt.placeholder, prompt.widget) == ("", "Please select", "select")
    assert got["Currency"].value == "EUR"
    assert got["Signed on"].value == "12 Mar 2025"  # label rows over value rows, not key | value
    assert got["Account manager"].value == "Priya Raman"
    assert got["Credit limit"].value == "€40,000.00"


def test_date_and_time_inputs_keep_their_boxes_despite_the_icon_at_their_end(layouts):
    """A native date/time input draws a calendar or clock at its right end: the box's own icon,
    not a checkbox inside a panel (which would drop the box and leave its value as text)."""
    got = fields(layouts["dates"])
    for label, value in [
        ("Check-in date", "05/14/2026"),
        ("Check-out date", "05/17/2026"),
        ("Arrival time", "03:30 PM"),
        ("Guests", "2"),
    ]:
        assert (got[label].value, got[label].widget) == (value, "input")
    assert (got["Late checkout"].widget, got["Late checkout"].value) == ("checkbox", "off")


def test_shapes_inside_text_are_glyphs_not_controls():
    image = np.full((60, 200, 3), 255, np.uint8)
    image[20:36, 20:36] = 0  # an outlined square: a checkbox, if no text covers it
    image[22:34, 22:34] = 255
    assert [e.kind for e in detect_elements(image, [])] == ["checkbox"]
    image[26:36, 37:45] = 0  # the next letter, a pixel away: the square is an "O" of "Oak"
    word = TextBox(Rect(10, 15, 120, 40), "Oak")
    assert detect_elements(image, [word]) == []


def test_marks_ocr_read_between_captions_are_found_and_cut_the_text(monkeypatch):
    """OCR ran "Mobile app", "Kiosk" and "Ticket window" over the radios between them into one
    box: each radio stands apart from the words (clear surface each side), so it is a control,
    and the text is cut at the sides of each and re-read in three parts."""
    import cv2

    from ghost_architect.perception import controls

    image = np.full((60, 600, 3), 255, np.uint8)
    image[22:36, 10:110] = 40  # "Mobile app"
    image[22:36, 150:200] = 40  # "Kiosk"
    image[22:36, 240:360] = 40  # "Ticket window"
    for x in (128, 218):  # the unchecked radios, 8 px clear of the words each side
        cv2.circle(image, (x + 1, 29), 8, (120, 120, 120), 1, cv2.LINE_AA)
    box = TextBox(Rect(8, 16, 362, 42), "Mobile app Kiosk Ticket window", 230.0)
    found = detect_elements(image, [box])
    assert [(e.kind, e.checked) for e in found] == [("radio", False), ("radio", False)]
    reads = []
    monkeypatch.setattr(
        controls,
        "recognise",
        lambda rgb, rects: reads.extend(rects) or [TextBox(r, "x") for r in rects],
    )
    parts = controls.split_across_borders(image, [box], found)
    assert len(parts) == 3 and all(p.text == "x" for p in parts)
    first, second, third = sorted(reads, key=lambda r: r.x0)
    assert first.x0 == 8 and first.x1 < 121 and second.x0 > 137 and second.x1 < 211
    assert third.x0 > 228 and third.x1 == 362


def test_xy_cut_reads_a_sidebar_before_the_main_column():
    side = [Item(Rect(10, y, 90, y + 18), text=f"nav {y}") for y in (20, 60, 100)]
    main = [Item(Rect(300, y, 600, y + 18), text=f"main {y}") for y in (30, 70)]
    ordered = [it.text for it in xy_cut(main + side)]
    assert ordered == ["nav 20", "nav 60", "nav 100", "main 30", "main 70"]


def test_score_layout_counts_labels_pairs_and_widgets():
    layout = Layout(blocks=[LayoutBlock("form", fields=[
        LayoutField("E-mail", "ada@example.org", widget="input"),
        LayoutField("Country", "Peru", widget="input"),
        LayoutField("Newsletter", "off", widget="checkbox"),
        LayoutField("Dashboard", "Orders", widget="text"),  # a nav bar read as a pair
    ]), LayoutBlock("table", headers=["Name", "Total"])])  # fmt: skip
    gold = [
        {"label": "Email", "value": "ada@example.org", "widget": "input"},
        {"label": "Country", "value": "Chile", "widget": "select"},
        {"label": "Newsletter", "value": "on", "widget": "checkbox"},
        {"label": "Phone", "value": "", "widget": "input"},
    ]
    got = score_layout(layout, gold, [{"headers": ["Name", "Total", "Status"]}])
    assert (got.fields, got.labels_found, got.pairs_right) == (4, 3, 1)
    assert (got.perceived, got.label_precision) == (4, 0.75)
    assert got.widgets_right == 2  # the select was read as an input
    assert (got.headers, got.headers_found) == (3, 2)
    assert got.misses[-1] == "Phone: label not found"
    assert similar("Couriername", "Courier name") and not similar("Name", "Email")


def test_glyphs_run_together_are_no_input_but_a_box_ocr_read_with_its_label_is():
    """A bold word's glyphs can merge into one outline lower than the word: no control. A real
    box keeps its place when OCR read its label and value as one taller line across its side."""
    import cv2

    page = np.full((200, 600, 3), 255, np.uint8)
    cv2.rectangle(page, (193, 52), (237, 65), (30, 30, 30), -1)  # "$60.00" in heavy bold
    cv2.rectangle(page, (297, 124), (553, 144), (120, 120, 120), 1)  # a 20 px browser input
    texts = [
        TextBox(Rect(209, 48, 240, 69), "60.00", 240.0),  # OCR dropped the "$"
        TextBox(Rect(220, 123, 416, 148), "Full name: Wendell Abernathy", 250.0),
    ]
    found = [(e.kind, e.rect.coords) for e in detect_elements(page, texts)]
    assert [kind for kind, _ in found] == ["input"]
    assert found[0][1][0] >= 296 and found[0][1][2] <= 555


def test_a_small_box_with_room_for_more_than_its_short_value_is_an_input():
    """A browser-default input (19 px) holding "2500": OCR's box for the value is taller than the
    input, yet the box is an input, not glyphs run together."""
    import cv2

    page = np.full((120, 400, 3), 255, np.uint8)
    cv2.rectangle(page, (21, 37), (197, 58), (118, 118, 118), 1)  # 21 px, as Chromium draws it
    texts = [TextBox(Rect(25, 37, 58, 61), "2500", 240.0)]
    found = [(e.kind, e.rect.coords) for e in detect_elements(page, texts)]
    assert [kind for kind, _ in found] == ["input"]
    assert found[0][1][0] >= 21 and found[0][1][2] <= 198


def test_a_light_unchecked_checkbox_is_found_by_its_outer_edge():
    """A 16 px checkbox with a light grey border: edge detection traces both sides of the border,
    and its inner edge alone looks like no mark."""
    import cv2

    page = np.full((60, 300, 3), 255, np.uint8)
    cv2.rectangle(page, (31, 21), (46, 36), (150, 150, 150), 1)
    found = detect_elements(page, [TextBox(Rect(56, 19, 150, 40), "Parking spot", 230.0)])
    assert [(e.kind, e.checked) for e in found] == [("checkbox", False)]
    assert found[0].rect.width >= 14


def test_an_input_group_keeps_its_input_and_drops_the_grey_add_on():
    """A grey "https://" add-on touching a white input: not two table cells (both dropped), but
    an input with its add-on (the add-on's box dropped, its text left to the field)."""
    import cv2

    page = np.full((140, 600, 3), 255, np.uint8)
    cv2.rectangle(page, (20, 20), (100, 58), (206, 212, 218), 1)
    page[21:58, 21:100] = 233  # the add-on's grey fill
    cv2.rectangle(page, (100, 20), (420, 58), (206, 212, 218), 1)
    texts = [TextBox(Rect(30, 28, 90, 50), "https://", 200.0),
             TextBox(Rect(112, 28, 250, 50), "readbrookfield", 230.0)]  # fmt: skip
    found = detect_elements(page, texts)
    assert [(e.kind, e.rect.x0 >= 99) for e in found] == [("input", True)]


def test_an_off_switch_with_a_light_grey_track_is_a_switch():
    """An iOS-style switch off: a track barely darker than the row (233 on 255) and a white knob
    with a faint edge on its left."""
    import cv2

    page = np.full((80, 300, 3), 255, np.uint8)
    cv2.rectangle(page, (120, 24), (170, 54), (233, 233, 233), -1)  # the track, pill-shaped
    cv2.circle(page, (120, 39), 15, (233, 233, 233), -1)
    cv2.circle(page, (170, 39), 15, (233, 233, 233), -1)
    cv2.circle(page, (122, 39), 13, (216, 216, 216), -1)  # the knob's edge, then the knob
    cv2.circle(page, (122, 39), 12, (255, 255, 255), -1)
    found = detect_elements(page, [TextBox(Rect(10, 28, 100, 50), "Share records", 230.0)])
    assert [(e.kind, e.checked) for e in found] == [("toggle", False)]


def test_a_filled_fields_label_is_told_by_its_dimmer_ink_even_where_ocr_boxes_overlap():
    from ghost_architect.perception.elements import label_inside

    def box(coords, text, contrast):
        return TextBox(Rect(*coords), text, contrast)

    # Material "filled" fields (dev set tb14): the label's ink 139, the value's 173, sizes alike
    assert label_inside([box((37, 140, 119, 162), "Vessel name", 139),
                         box((39, 163, 143, 183), "Second Wind", 173)])  # fmt: skip
    # OCR's padded boxes of label and value overlap by 4 px
    assert label_inside([box((39, 507, 69, 526), "Slip", 134),
                         box((38, 522, 197, 548), "C-14 · 40 ft, floating", 173)])  # fmt: skip
    # two lines in one ink and size are a textarea's text, not a label over a value
    assert not label_inside([box((37, 140, 300, 162), "Arriving under sail around", 171),
                             box((37, 163, 300, 183), "the breakwater at noon.", 173)])  # fmt: skip


def test_an_input_groups_add_on_is_the_shaded_box_even_when_it_is_the_wider_one():
    """A long grey prefix ("https://give.example.org/") before a short white input (dev set
    mx07): the grey box is the add-on, the white one the input."""
    from ghost_architect.perception.elements import Element, _drop_grid_cells

    gray = np.full((120, 700), 255, np.uint8)
    gray[40:78, 100:312] = 233  # the add-on, 212 px wide
    gray[40, 100:522] = gray[77, 100:522] = 200  # the group's border
    add_on, field = (
        Element("input", Rect(100, 40, 312, 78)),
        Element("input", Rect(312, 40, 522, 78)),
    )
    assert _drop_grid_cells([add_on, field], gray) == [field]


def test_an_empty_white_checkbox_on_a_dark_page_is_unchecked_and_a_ticked_one_checked():
    """On a dark page the browser fills an unchecked box white: far from the surface, but flat
    inside; a checked box carries a tick (and here no colour either)."""
    import cv2

    page = np.full((60, 400, 3), 16, np.uint8)
    cv2.rectangle(page, (30, 20), (45, 35), (255, 255, 255), -1)  # unchecked
    cv2.rectangle(page, (230, 20), (245, 35), (255, 255, 255), -1)  # checked: a dark tick
    cv2.polylines(page, [np.array([(233, 27), (237, 32), (243, 22)])], False, (16, 16, 16), 2)
    texts = [TextBox(Rect(56, 17, 150, 38), "Wikis", 230.0),
             TextBox(Rect(256, 17, 350, 38), "Issues", 230.0)]  # fmt: skip
    found = sorted(detect_elements(page, texts), key=lambda e: e.rect.x0)
    assert [(e.kind, e.checked) for e in found] == [("checkbox", False), ("checkbox", True)]
