"""Perception of read-only content from hand-placed text boxes (no OCR): key/value rows, label
rows over value rows, [label value label value] grids, two-column tables, centred headers,
row-selection checkboxes; and one rendered synthetic detail screen end to end."""

from __future__ import annotations

import numpy as np
import pytest

from ghost_architect.perception.assemble import build_layout
from ghost_architect.perception.elements import Element
from ghost_architect.perception.geometry import Rect
from ghost_architect.perception.layout import Layout
from ghost_architect.perception.ocr import TextBox

BLANK = np.full((800, 1200, 3), 255, np.uint8)


def box(x: float, y: float, text: str, contrast: float = 220.0, h: float = 18.0) -> TextBox:
    """A text box at (x, y) about as wide as its text set at 14 px."""
    return TextBox(Rect(x, y, x + 7.5 * len(text), y + h), text, contrast)


def layout_of(texts: list[TextBox], elements: list[Element] = ()) -> Layout:
    return build_layout(BLANK, texts, list(elements))


def pairs(layout: Layout) -> dict[str, str]:
    return {f.label: f.value for b in layout.blocks for f in b.fields}


def headers(layout: Layout) -> list[list[str]]:
    return [b.headers for b in layout.blocks if b.kind == "table"]


def test_key_value_rows_pair_left_key_with_right_value_even_when_the_value_is_fainter():
    rows = [("Name", "Logan Cobb"), ("Email", "logan@example.org"), ("Birth date", "2003-02-23")]
    texts = [box(40, 20, "Customer")]
    for n, (key, value) in enumerate(rows):
        texts += [box(50, 80 + 42 * n, key, 231), box(340, 80 + 42 * n, value, 141)]
    got = pairs(layout_of(texts))
    assert got == {"Name": "Logan Cobb", "Email": "logan@example.org", "Birth date": "2003-02-23"}


def test_key_value_rows_each_ending_in_the_same_link_are_pairs_without_the_link():
    """A detail list with an "Edit" link on every row (OCR reads the pencil icon into one of
    them): the link is no third column; the rows of a table, each with a "View" link and keys
    in the style of their values, stay a table."""
    rows = [("Site name", "Juniper Mesa"), ("Capacity", "62.4 MWdc"), ("Offtaker", "Salt River")]
    texts = [box(40, 20, "Site information")]
    for n, (key, value) in enumerate(rows):
        y = 80 + 37 * n
        texts += [
            box(50, y, key, 140, 15),
            box(310, y, value, 230),
            box(900, y, "∇Edit" if n else "Edit", 200),
        ]
    layout = layout_of(texts)
    assert pairs(layout) == dict(rows)
    assert not headers(layout)
    table = [box(40, 20, "Accounts")]
    for n, (name, site) in enumerate(
        [("Silva-Wise", "silva.com"), ("Rivers", "ray.net"), ("Aguirre", "agm.org")]
    ):
        y = 80 + 37 * n
        table += [box(50, y, name), box(310, y, site), box(900, y, "View")]
    assert not pairs(layout_of(table))


def test_capital_labels_beside_values_are_pairs_not_a_table():
    texts = [box(40, 20, "Quality check")]
    for n, (a, b, c, d) in enumerate([("WORK ORDER", "8", "CHECKED AT", "26/08/2024 16:00"),
                                      ("PASSED", "Yes", "DEFECT RATE", "10%")]):  # fmt: skip
        y = 90 + 36 * n
        texts += [box(56, y, a, 144, 14), box(326, y + 4, b), box(727, y, c, 144, 14)]
        texts.append(box(998, y + 4, d))
    layout = layout_of(texts)
    assert not headers(layout)
    assert pairs(layout) == {"WORK ORDER": "8", "CHECKED AT": "26/08/2024 16:00",
                             "PASSED": "Yes", "DEFECT RATE": "10%"}  # fmt: skip


def test_label_row_set_tight_over_its_value_row_is_pairs_in_the_same_style():
    """Bold labels in the text colour over values: no contrast or size cue, only geometry."""
    texts = [box(40, 20, "Work order")]
    labels, values = ["Product", "Machine", "Quantity"], ["Desk lamp", "Press 4", "34"]
    rows = [(100, labels, values), (160, ["Started", "Completed"], ["26/11/2024", "No"])]
    for top, names, shown in rows:
        for col, (label, value) in enumerate(zip(names, shown, strict=False)):
            texts += [box(60 + 450 * col, top, label), box(60 + 450 * col, top + 22, value)]
    got = pairs(layout_of(texts))
    assert got["Product"] == "Desk lamp" and got["Quantity"] == "34"
    assert got["Started"] == "26/11/2024" and got["Completed"] == "No"
    assert not headers(layout_of(texts))


def test_two_column_table_with_a_capital_header_keeps_its_header():
    texts = [box(40, 20, "Departments"), box(260, 80, "NAME", 231), box(570, 80, "COST CENTER")]
    for n, (name, code) in enumerate([("Difficult", "CC-71327"), ("Deal", "CC-11819"),
                                      ("Former", "CC-45310")]):  # fmt: skip
        texts += [box(260, 118 + 38 * n, name), box(572, 118 + 38 * n, code)]
    layout = layout_of(texts)
    assert headers(layout) == [["NAME", "COST CENTER"]]
    assert "NAME" not in pairs(layout)


def test_centred_headers_over_left_aligned_columns_are_read():
    texts = [box(6, 20, "Rooms")]
    texts += [
        box(174, 100, "Room number"),
        box(572, 100, "Room type"),
        box(916, 100, "Nightly rate"),
    ]
    for n, row in enumerate([("RN-60980", "Single", "601.66"), ("RN-29287", "Suite", "1,853.50"),
                             ("RN-95338", "Suite", "441.28")]):  # fmt: skip
        y = 130 + 28 * n
        texts += [box(13, y, row[0]), box(444, y, row[1]), box(784, y, row[2])]
    assert headers(layout_of(texts)) == [["Room number", "Room type", "Nightly rate"]]


def test_row_selection_checkboxes_leave_the_first_column_to_the_table():
    texts = [box(40, 20, "Candidates"), box(90, 100, "CANDIDATE", 231), box(407, 100, "APPLIED ON"),
             box(704, 100, "STAGE")]  # fmt: skip
    marks = []
    for n, (who, day, stage) in enumerate([("Hannah Lewis", "16 Sep 2024", "Hired"),
                                           ("Omar Diaz", "27 Jun 2026", "Interview"),
                                           ("Li Wei", "04 Jun 2026", "Applied")]):  # fmt: skip
        y = 136 + 38 * n
        texts += [box(91, y, who), box(410, y, day), box(706, y, stage)]
        marks.append(Element("checkbox", Rect(52, y + 3, 65, y + 16), checked=False))
    layout = layout_of(texts, marks)
    assert headers(layout) == [["CANDIDATE", "APPLIED ON", "STAGE"]]
    assert not any(f.widget == "checkbox" for b in layout.blocks for f in b.fields)


@pytest.mark.slow
def test_rendered_synthetic_key_value_pane_comes_out_as_pairs(tmp_path):
    """A detail pane drawn in key/value rows with small capital labels and a fainter value
    style, rendered by Chromium and read by OCR: its pairs come out."""
    from PIL import Image

    from ghost_architect.data.synth.catalogue import DOMAINS
    from ghost_architect.data.synth.render_html import ChromiumRenderer
    from ghost_architect.data.synth.screens import ScreenSampler
    from ghost_architect.perception import perceive
    from ghost_architect.perception.measure import score_layout

    renderer = ChromiumRenderer()
    if renderer.unavailable_reason():
        pytest.skip(renderer.unavailable_reason())
    screen = ScreenSampler(DOMAINS[2], 0).sample("kv", "detail")
    for block in screen.blocks:
        block.look, block.labels, block.grid, block.label_style = "kv", "left", 2, "upper"
        block.icons = False  # an icon is drawn as a filled mark; tested in the dev sets
        for w in block.widgets:
            w.label = w.label.upper()
    renderer.render(screen, tmp_path / "kv.png")
    got = score_layout(perceive(Image.open(tmp_path / "kv.png")), screen.fields())
    assert got.fields >= 5
    assert got.label_recall >= 0.75 and got.pairing_accuracy >= 0.75, got.misses


def test_a_select_value_a_pixel_taller_than_its_box_is_its_value_not_a_floating_label():
    """OCR boxes overhang a tight select by a pixel or two; only a text the border cuts through
    its middle is a floating label."""
    texts = [box(437, 291, "Status", h=21), TextBox(Rect(439, 312, 486, 337), "Doing", 255.0)]
    tight = Element("select", Rect(439, 313, 511, 335))
    assert pairs(layout_of(texts, [tight])) == {"Status": "Doing"}
    floating = [TextBox(Rect(452, 304, 500, 320), "Status", 200.0), box(450, 324, "Doing")]
    outlined = Element("select", Rect(440, 312, 640, 352))
    assert pairs(layout_of(floating, [outlined])) == {"Status": "Doing"}


def test_a_label_over_value_grid_under_a_nav_strip_is_pairs_not_rows_of_a_table():
    """A menu of five items fits over the lines under it loosely (the page heading and its
    button, the grid); the grid's rows still take turns label/value, so the table run stops
    where the grid begins."""
    texts = [box(24, 14, "TaskForge", h=24)]  # the brand, largest: read as the title
    texts += [box(x, 16, word) for x, word in zip((130, 240, 330, 470, 580), MENU, strict=True)]
    texts += [box(18, 64, "Project 94156", h=20), box(1210, 66, "Edit")]
    for n, (labels, values) in enumerate(GRID):
        y = 120 + 56 * n
        texts += [box(30, y, labels[0], 120), box(650, y, labels[1], 120)]
        texts += [box(30, y + 22, values[0], 230), box(650, y + 22, values[1], 230)]
    got = pairs(layout_of(texts))
    assert got == {"Name": "Multi-layered solution", "Client": "Clark and Jenkins",
                   "Start date": "27 Sep 2026", "Budget": "£1,037.15"}  # fmt: skip


MENU = ["Dashboard", "Tasks", "Team members", "Projects", "Reports"]
GRID = [
    (("Name", "Client"), ("Multi-layered solution", "Clark and Jenkins")),
    (("Start date", "Budget"), ("27 Sep 2026", "£1,037.15")),
]


def test_a_header_a_little_closer_to_its_first_row_than_rows_to_each_other_stays_a_header():
    """7 px from header to first row and 11 px between rows is a table, not a label row over its
    value row (those sit 2-4 px apart with a line's height to the next)."""
    heads = [(35, "Title"), (641, "Opens on"), (849, "Closes on"), (1057, "Gallery")]
    texts = [box(18, 70, "Exhibitions", h=28)] + [box(x, 192, word, h=20) for x, word in heads]
    for n, row in enumerate(ROWS):
        texts += [box(x, 219 + 29 * n, cell) for (x, _), cell in zip(heads, row, strict=True)]
    layout = layout_of(texts)
    assert headers(layout) == [["Title", "Opens on", "Closes on", "Gallery"]]
    assert pairs(layout) == {}


ROWS = [
    ("Proactive hybrid parallelism", "12 Dec 2023", "12 Mar 2026", "G-7388"),
    ("Customizable success", "17 Nov 2023", "28 Mar 2025", "G-96383"),
    ("Devolved interface", "11 Apr 2026", "07 Feb 2024", "G-4353"),
]


def test_a_sidebar_entry_across_the_sidebars_edge_labels_no_input():
    """A full-height edge (the sidebar's) between a text and a box: the text is a menu entry,
    not the box's inline label; the placeholder-only box is named by its placeholder."""
    texts = [box(36, 232, "Flights", 230), box(272, 232, "City/Town", 110)]
    field_box = Element("input", Rect(259, 217, 815, 265))
    layout = build_layout(BLANK, texts, [field_box], [210.0])
    got = {f.label: (f.value, f.placeholder) for b in layout.blocks for f in b.fields}
    assert got == {"City/Town": ("", "City/Town")}


def test_a_card_header_ruled_off_from_the_fields_under_it_labels_none_of_them():
    """A line across the card between its header and the first input: the header heads the card
    (it stays text), the placeholder-only input is named by its placeholder."""
    page = BLANK.copy()
    page[131, 238:1412] = 200  # the card header's bottom border
    texts = [box(259, 101, "Details", 230), box(272, 168, "IATA code", 110)]
    field_box = Element("input", Rect(259, 152, 815, 200))
    layout = build_layout(page, texts, [field_box])
    got = {f.label: (f.value, f.placeholder) for b in layout.blocks for f in b.fields}
    assert got == {"IATA code": ("", "IATA code")}
    assert "Details" in layout.to_text()


def test_a_switch_at_the_right_of_a_settings_row_is_named_by_its_label_not_its_description():
    texts = [box(109, 450, "Auto-deploy main branch", 220, h=16)]
    texts += [box(109, 469, "Every push to main ships to production.", 140, h=14)]
    switch = Element("toggle", Rect(849, 455, 891, 479), checked=True)
    assert pairs(layout_of(texts, [switch])) == {"Auto-deploy main branch": "on"}


def test_two_label_value_cards_side_by_side_stay_pairs_when_one_value_sits_on_a_badge():
    """[label, value, label, value] rows: a value drawn on a badge is no darker than its label,
    which once turned both cards into one four-column table."""
    rows = [("Date", "June 21", "Guest", "Valentina Russo"), ("Time", "7:30 PM", "Phone", "0142"),
            ("Party", "6 guests", "Email", "v@x.io"), ("Status", "Confirmed", "Visits", "11")]  # fmt: skip
    texts = [box(26, 84, "Reservation R-5521", h=28)]
    for n, (k1, v1, k2, v2) in enumerate(rows):
        y = 225 + 25 * n
        value_shade = 120 if v1 == "Confirmed" else 230  # white on green: no darker than a label
        texts += [box(43, y, k1, 120), box(193, y, v1, value_shade)]
        texts += [box(530, y, k2, 120), box(680, y, v2, 230)]
    got = pairs(layout_of(texts))
    assert got["Status"] == "Confirmed" and got["Guest"] == "Valentina Russo" and len(got) == 8
    assert headers(layout_of(texts)) == []


def test_a_label_styled_text_under_a_box_is_no_help_line_but_a_small_faint_one_is():
    """Under 'Currency' sits 'Tax exempt' (a checkbox's caption, in the labels' style): not
    Currency's help. Under 'Discount' sits a smaller, fainter line: its help."""
    texts = [box(20, 100, "Currency", 220), box(30, 126, "USD", 230)]
    texts += [box(20, 162, "Tax exempt", 220)]
    texts += [box(20, 220, "Discount", 220), box(30, 246, "5.00", 230)]
    texts += [TextBox(Rect(20, 282, 200, 296), "Applied before tax", 120.0)]
    elements = [
        Element("select", Rect(20, 120, 220, 150)),
        Element("input", Rect(20, 240, 220, 270)),
    ]
    got = {f.label: f.help for b in layout_of(texts, elements).blocks for f in b.fields}
    assert got == {"Currency": "", "Discount": "Applied before tax"}


def test_a_definition_list_with_indented_values_is_pairs_in_one_style():
    """Browser-default <dl>: keys and values take turns, same font and shade, every line evenly
    spaced; only the indent says which is which."""
    rows = [("Patient", "Ada Moreno"), ("Visit date", "June 6, 2025"), ("Provider", "Dr Kim"),
            ("Diagnosis", "Acute bronchitis (J20.9)")]  # fmt: skip
    texts = [box(8, 20, "Visit summary", h=24)]
    for n, (key, value) in enumerate(rows):
        texts += [box(8, 80 + 36 * n, key), box(48, 98 + 36 * n, value)]
    assert pairs(layout_of(texts)) == dict(rows)
    flush = [box(8, 80 + 18 * n, text) for n, text in enumerate(t for r in rows for t in r)]
    assert pairs(layout_of(flush)) == {}  # not indented: lines of text, not pairs


def test_definition_lists_side_by_side_in_two_grid_columns_are_pairs_of_each_column():
    """Two <dl> columns of a grid: each line holds a key (or a value) of both columns."""
    left = [("Author", "Farmer, Nancy"), ("Publisher", "Atheneum Books"), ("ISBN", "9780689852237")]
    right = [("Call number", "FIC FAR"), ("Format", "Book"), ("Language", "English")]
    texts = [box(16, 20, "The House of the Scorpion", h=24)]
    for n, ((k1, v1), (k2, v2)) in enumerate(zip(left, right, strict=True)):
        y = 80 + 41 * n
        texts += [box(16, y, k1), box(520, y, k2), box(56, y + 18, v1), box(560, y + 18, v2)]
    assert pairs(layout_of(texts)) == dict(left + right)


def test_a_phone_settings_list_reads_each_name_over_its_fainter_value_line():
    """Material list items: a name, then its value smaller and fainter right under it; help
    lines (sentences) stay text, and a table's time-over-AM cells are no names."""
    texts = [box(68, 40, "Settings", h=26)]
    items = [("Sync frequency", "Every 30 minutes"), ("Home base", "SEA - Seattle-Tacoma Intl"),
             ("Calendar", "Creates events in your calendar when trips are assigned.")]  # fmt: skip
    for n, (name, value) in enumerate(items):
        y = 190 + 58 * n
        texts += [box(78, y, name, 235, 20), box(78, y + 21, value, 160, 16)]
    assert pairs(layout_of(texts)) == dict(items[:2])
    times = [box(40, 40, "Trips", h=26)]
    for n, (time, half) in enumerate([("9:00", "AM"), ("Apr 26, 2026 09:30", "PM")]):
        times += [box(300, 100 + 58 * n, time, 235, 20), box(300, 121 + 58 * n, half, 160, 16)]
    assert not {"9:00", "Apr 26, 2026 09:30"} & set(pairs(layout_of(times)))


def test_a_settings_list_names_its_far_right_controls_but_a_toolbar_title_names_no_search_box():
    texts = [box(20, 10, "Settings", h=26)]
    elements = []
    for n, (name, value) in enumerate([("Project name", "checkout-service"),
                                       ("Region", "eu-central-1")]):  # fmt: skip
        y = 80 + 57 * n
        texts += [box(109, y, name), box(109, y + 20, "Shown to your team.", 140, 14)]
        texts.append(box(622, y + 8, value))
        elements.append(Element("input" if n == 0 else "select", Rect(611, y, 891, y + 34)))
    fields = [f for b in layout_of(texts, elements).blocks for f in b.fields]
    assert [(f.label, f.value) for f in fields] == [
        ("Project name", "checkout-service"),
        ("Region", "eu-central-1"),
    ]
    toolbar = [box(20, 10, "Artists", h=26), box(40, 100, "ALL ARTISTS", 150),
               box(712, 104, "Search", 90)]  # fmt: skip
    search = Element("input", Rect(700, 96, 950, 128))
    fields = [f for b in layout_of(toolbar, [search]).blocks for f in b.fields]
    assert [f.label for f in fields] != ["ALL ARTISTS"]


def test_a_form_title_over_its_subtitle_labels_no_placeholder_only_input():
    """Title, a subtitle line, then inputs that carry only placeholders: the title is not the
    first input's label (the subtitle sits between them)."""
    texts = [box(152, 85, "Create your workspace", h=24),
             box(152, 116, "Start a 14-day trial. No credit card needed.", 150, 16),
             box(164, 165, "First name", 90), box(401, 165, "Last name", 90)]  # fmt: skip
    inputs = [
        Element("input", Rect(152, 154, 375, 192)),
        Element("input", Rect(389, 154, 611, 192)),
    ]
    fields = [f for b in layout_of(texts, inputs).blocks for f in b.fields]
    assert [(f.label or f.placeholder) for f in fields] == ["First name", "Last name"]


def test_rows_of_label_colon_value_cells_are_pairs_not_a_table():
    """A dense record: each cell reads 'Label: value' (or 'Label:' then its value), two rows
    of three; a table's cells never carry their own labels."""
    rows = [[("Name: Amara Reyes",), ("Grade: 5",), ("Hire Date:", "03/11/2016")],
            [("Homeroom: Rm 214",), ("Items out: 3 of 4",), ("Fines owed: $0.50",)]]  # fmt: skip
    texts = [box(20, 10, "Patron", h=26)]
    for n, row in enumerate(rows):
        for k, cell in enumerate(row):
            x = 40 + 200 * k
            texts.append(box(x, 80 + 30 * n, cell[0]))
            if len(cell) == 2:
                texts.append(box(x + 84, 80 + 30 * n, cell[1]))
    layout = layout_of(texts)
    assert pairs(layout) == {"Name": "Amara Reyes", "Grade": "5", "Hire Date": "03/11/2016",
                             "Homeroom": "Rm 214", "Items out": "3 of 4", "Fines owed": "$0.50"}  # fmt: skip
    assert headers(layout) == []


def test_a_checkbox_in_a_settings_column_is_named_by_its_row_but_a_pager_is_not():
    texts = [box(176, 120, "Play sound on new order"), box(176, 180, "Show allergens in red"),
             box(176, 200, "Highlights items with allergy notes.", 140, 14)]  # fmt: skip
    marks = [Element("toggle", Rect(786, 118, 826, 140), checked=True),
             Element("checkbox", Rect(806, 182, 824, 200), checked=True)]  # fmt: skip
    assert pairs(layout_of(texts, marks)) == {
        "Play sound on new order": "on",
        "Show allergens in red": "on",
    }
    pager = [box(40, 400, "Showing 1-4 of 474", 140)]
    arrows = [Element("checkbox", Rect(1130, 398, 1150, 418), checked=False),
              Element("checkbox", Rect(1156, 398, 1176, 418), checked=False),
              Element("button", Rect(1100, 300, 1176, 330))]  # fmt: skip
    assert pairs(layout_of(pager, arrows)) == {}


def test_an_input_groups_prefix_is_no_label_the_text_above_is():
    texts, inputs = [box(20, 10, "Campaign", h=26)], []
    for y, (label, prefix, value) in enumerate([("Goal amount", "$", "12000"),
                                                ("Page address", "https://", "read-across")]):  # fmt: skip
        top = 100 + 80 * y
        edge = 80 + 7.5 * len(prefix) + 12  # the add-on's box ends, the input's begins
        texts += [box(67, top, label), box(80, top + 32, prefix), box(edge + 12, top + 32, value)]
        inputs.append(Element("input", Rect(edge, top + 21, 480, top + 59)))
    assert pairs(layout_of(texts, inputs)) == {
        "Goal amount": "12000",
        "Page address": "read-across",
    }


def test_a_settings_lists_far_right_values_are_its_rows_values_but_kpi_cards_are_not():
    texts = [box(20, 10, "Settings", h=26)]
    for n, (name, value) in enumerate([("Default prep time", "20 minutes"),
                                       ("Service charge", "12.5%")]):  # fmt: skip
        y = 100 + 62 * n
        texts += [box(176, y, name), box(176, y + 20, "Shown to customers.", 140, 14),
                  box(824 - 7.5 * len(value), y + 9, value, 140)]  # fmt: skip
    assert pairs(layout_of(texts)) == {"Default prep time": "20 minutes", "Service charge": "12.5%"}
    cards = [box(20, 10, "Dashboard", h=26)]
    for k, (title, trend) in enumerate([("Total stock", "down 11.2%"), ("Total orders", "up 2.9 pts"),
                                        ("Churn rate", "down 1.4pt")]):  # fmt: skip
        cards += [box(27 + 422 * k, 140, title, 140, 14), box(27 + 422 * k, 195, trend, 200, 12)]
    assert "Total orders" not in pairs(layout_of(cards))


def test_a_switch_is_named_by_its_row_not_by_the_on_or_off_printed_beside_it():
    """Windows-style settings rows (dev set tb16): a name, a description under it, and at the
    right end "On" or "Off" just before the switch."""
    texts, elements = [], []
    for n, (name, state) in enumerate([("Require sign-off", "On"), ("Auto-post", "Off")]):
        y = 80 + 65 * n
        texts += [box(280, y, name), box(280, y + 20, "Stories wait for an editor.", 150, 14),
                  box(880, y + 6, state)]  # fmt: skip
        elements.append(Element("toggle", Rect(913, y + 6, 953, y + 26), state == "On"))
    got = {f.label: f.value for b in layout_of(texts, elements).blocks for f in b.fields}
    assert got == {"Require sign-off": "on", "Auto-post": "off"}


def test_switches_in_two_columns_take_the_name_over_their_description_on_their_own_side():
    """Settings rows side by side (dev set tb12): a name over a short description ("Skip below
    3 °C", no sentence) and a switch at the right end; the right column's switch never takes the
    left column's texts."""
    texts, elements = [], []
    rows = [
        (267, 552, "Rain skip", "Skip above 3 mm"),
        (628, 913, "Freeze skip", "Skip below 3 °C"),
    ]
    for x, switch, name, note in rows:
        texts += [box(x, 481, name, 220, 16), box(x, 497, note, 140, 14)]
        elements.append(Element("toggle", Rect(switch, 484, switch + 40, 506), True))
    got = {f.label: f.value for b in layout_of(texts, elements).blocks for f in b.fields}
    assert got == {"Rain skip": "on", "Freeze skip": "on"}


def test_a_detail_panel_beside_a_table_at_its_own_row_pitch_is_pairs_not_more_columns():
    """A record list and the chosen record's key/value panel side by side: their rows never
    line up, so the panel is read on its own as pairs and the table keeps its three columns."""
    texts = [box(20, 20, "Object register", h=24)]
    texts += [box(20, 80, "Number"), box(140, 80, "Object"), box(300, 80, "Date")]
    for n in range(9):
        y = 104 + 23 * n
        texts += [box(20, y, f"19{n}4.07"), box(140, y, f"Item {n}"), box(300, y, f"18{n}0")]
    keys = ["Maker", "Materials", "Donor", "Condition", "Location", "On loan", "Insured"]
    for n, key in enumerate(keys):
        texts += [box(480, 96 + 27 * n, key), box(640, 96 + 27 * n, f"Value {n}")]
    layout = layout_of(texts)
    assert headers(layout) == [["Number", "Object", "Date"]]
    assert pairs(layout) == {key: f"Value {n}" for n, key in enumerate(keys)}


def test_status_pills_in_a_column_of_table_rows_are_cells_not_inputs():
    """A pill drawn round each row's status looks like a small input with the cell before it
    as its label: in a column on rows full of other cells, it is one more cell of the table."""
    texts = [box(20, 20, "Orders", h=24)]
    texts += [box(40, 80, "Order"), box(200, 80, "Buyer"), box(400, 80, "Total")]
    texts.append(box(560, 80, "Status"))
    elements = []
    for n, status in enumerate(["Shipped", "Pending", "Delivered", "Packing"]):
        y = 120 + 40 * n
        texts += [box(40, y, f"PO-{n}1"), box(200, y, f"Buyer {n}"), box(400, y, f"${n}0.00")]
        texts += [box(566, y, status), box(700, y, "View")]
        elements.append(Element("input", Rect(556, y - 3, 566 + 7.5 * len(status) + 10, y + 21)))
    layout = layout_of(texts, elements)
    assert not pairs(layout)
    assert headers(layout) == [["Order", "Buyer", "Total", "Status"]]


def test_a_sort_icon_read_as_a_letter_beside_a_header_is_no_column_of_its_own():
    """A grey funnel or caret after a header, read as "Y": a long cell under the header runs
    under the icon too, and is still one column's cell."""
    texts = [box(20, 20, "Results", h=24)]
    names = ["Place", "Runner", "Division", "Split", "Time", "Club"]
    for k, name in enumerate(names):
        texts.append(box(40 + 130 * k, 80, name))
        if k in (1, 2):
            x = 46 + 130 * k + 7.5 * len(name)
            texts.append(TextBox(Rect(x, 80, x + 12, 98), "Y", 120.0))
    for n in range(4):
        texts += [box(40 + 130 * k, 120 + 36 * n, f"Long value {n}{k}") for k in range(len(names))]
    tables = headers(layout_of(texts))
    assert [[h for h in t if h != "Y"] for t in tables] == [names]


def test_a_caret_read_after_a_value_makes_a_select_not_another_cell():
    """Selects whose boxes were not seen: OCR reads each one's caret as "∨" at the box's right
    end. The caret is no cell, so the rows are label/value pairs, and each such pair a select."""
    texts = [box(20, 20, "Crew member", h=24)]
    for n, (label, value) in enumerate([("Base:", "DEN"), ("Fleet:", "A320"), ("Line:", "Reg")]):
        y = 80 + 24 * n
        texts += [box(40, y, label), box(110, y, value), box(235, y, "∨")]
        texts += [box(300, y, f"Code {n}:"), box(380, y, f"X{n}")]
    layout = layout_of(texts)
    assert not headers(layout)
    got = {f.label: (f.value, f.widget) for b in layout.blocks for f in b.fields}
    assert got["Base"] == ("DEN", "select") and got["Line"] == ("Reg", "select")
    assert got["Code 1"] == ("X1", "text")


def test_a_row_of_stars_is_a_rating_named_by_its_label_and_valued_by_its_caption():
    """Ratings drawn in star glyphs: a rating field per row, named by the text before the stars
    (or the question over them), valued by the caption after them, else by the stars."""
    texts = [box(20, 20, "Lesson feedback", h=24)]
    rows = [("Punctuality", "★★★★★", "5 of 5"), ("Patience", "★★★★", "4 of 5"),
            ("Car cleanliness", "★★★☆☆", "")]  # fmt: skip
    for n, (label, stars, caption) in enumerate(rows):
        y = 80 + 30 * n
        texts += [box(30, y, label), box(260, y, stars)]
        texts += [box(320, y, caption)] if caption else []
    texts += [box(30, 200, "How was the cabin?"), box(30, 224, "★★★☆☆ Okay")]
    got = {f.label: (f.value, f.widget) for b in layout_of(texts).blocks for f in b.fields}
    assert got == {"Punctuality": ("5 of 5", "radio"), "Patience": ("4 of 5", "radio"),
                   "Car cleanliness": ("★★★☆☆", "radio"),
                   "How was the cabin?": ("Okay", "radio")}  # fmt: skip


def test_a_label_over_its_value_pairs_even_where_the_padded_ocr_boxes_overlap():
    """OCR pads its boxes: a 'Label:' set tight over its value can overlap the value's box by a
    few px, and still labels that value, not the next label on its row."""
    texts = [box(20, 20, "Lesson", h=24)]
    texts += [box(420, 126, "Instructor:", h=21), box(575, 126, "Lesson type:", h=21)]
    texts += [box(421, 143, "Ahmed Rahimi", h=23), box(578, 144, "Motorway", h=21)]
    assert pairs(layout_of(texts)) == {"Instructor": "Ahmed Rahimi", "Lesson type": "Motorway"}


def test_settings_list_items_pair_a_name_with_the_faint_value_whose_box_overlaps_it():
    """Phone settings: a name over its fainter value, the value's padded OCR box overlapping
    the name's by 3 px; the items stand apart from each other."""
    texts = [box(20, 20, "Settings", h=24)]
    for n, (name, value) in enumerate([("Sync frequency", "Every 30 minutes"),
                                       ("Home base", "Seattle"), ("Show times in", "UTC")]):  # fmt: skip
        y = 100 + 60 * n
        texts += [box(75, y, name, 209.0, 23), box(74, y + 20, value, 147.0, 22)]
    assert pairs(layout_of(texts)) == {"Sync frequency": "Every 30 minutes", "Home base": "Seattle",
                                       "Show times in": "UTC"}  # fmt: skip


def test_a_radio_caption_whose_padded_box_overlaps_the_radio_still_names_it():
    """OCR pads a short caption's box: "Dog" starts 4 px inside the radio before it."""
    texts = [box(20, 20, "Your pet", h=24), box(516, 226, "Species")]
    texts += [TextBox(Rect(530, 254, 575, 276), "Dog"), TextBox(Rect(612, 254, 648, 276), "Cat")]
    radios = [Element("radio", Rect(516, 255, 534, 273), checked=True),
              Element("radio", Rect(594, 255, 612, 273), checked=False)]  # fmt: skip
    got = [f for b in layout_of(texts, radios).blocks for f in b.fields]
    assert [(f.label, f.value, f.options) for f in got] == [("Species", "Dog", ["Dog", "Cat"])]
