"""Session 16's perception rules, each on a small synthetic layout or image."""

from __future__ import annotations

import cv2
import numpy as np

from ghost_architect.perception.assemble import build_layout
from ghost_architect.perception.controls import glyph_trimmed
from ghost_architect.perception.elements import detect_elements
from ghost_architect.perception.geometry import Rect
from ghost_architect.perception.labels import group_label
from ghost_architect.perception.ocr import TextBox
from ghost_architect.perception.pairs import sentence
from ghost_architect.perception.scene import Scene
from ghost_architect.perception.text_lines import group_lines, readonly_pairs


def test_an_input_with_a_leading_calendar_icon_is_an_input_not_a_panel():
    """A date input draws its calendar glyph at the left end (dev set mx17): the box's own icon,
    not a checkbox that makes the box a panel holding controls."""
    page = np.full((80, 400, 3), 255, np.uint8)
    cv2.rectangle(page, (20, 20), (320, 55), (190, 190, 190), 1)
    cv2.rectangle(page, (32, 31), (45, 44), (90, 90, 90), 1)  # the calendar glyph
    cv2.line(page, (32, 35), (45, 35), (90, 90, 90), 1)
    texts = [TextBox(Rect(56, 27, 220, 48), "Jun 2, 2025 - Jun 6, 2025", 230.0)]
    found = [(e.kind, e.rect.x0 <= 24) for e in detect_elements(page, texts)]
    assert found == [("input", True)]


def test_a_right_aligned_label_pairs_with_the_value_its_padded_box_overlaps():
    """A form grid's labels set right-aligned just before their values (dev set en04): OCR pads
    both boxes, so the label's box runs 4 px into its value's; still a label and its value."""
    label = TextBox(Rect(694, 317, 781, 333), "Probation Date", 165.0)
    value = TextBox(Rect(777, 317, 846, 333), "06/30/2025", 216.0)
    items, rest = readonly_pairs([label, value])
    assert [(i.field.label, i.field.value) for i in items] == [("Probation Date", "06/30/2025")]
    assert rest == []


def test_a_glyph_ocr_read_off_an_inputs_end_icon_is_no_second_word_of_its_value():
    """A time or date input's clock or calendar at its right end, read by OCR as "O" (dev sets
    mx22, tb11): the lone glyph keeps no text, and the box is still an input holding one value,
    not a toolbar whose words lie far apart."""
    page = np.full((80, 300, 3), 255, np.uint8)
    cv2.rectangle(page, (20, 20), (220, 53), (190, 190, 190), 1)
    texts = [
        TextBox(Rect(28, 26, 110, 47), "06/12/2025", 230.0),
        glyph_trimmed(TextBox(Rect(195, 27, 211, 47), "O", 140.0)),
    ]
    assert [e.kind for e in detect_elements(page, texts)] == ["input"]


def test_a_label_ending_in_an_abbreviations_stop_is_no_sentence():
    """'Apartment, suite, etc.' over an input (dev set tw05) names it: a stop after an
    abbreviation ends no sentence; a short line ending in a word's stop still is help."""

    def box(text: str) -> TextBox:
        return TextBox(Rect(0, 0, 200, 20), text, 200.0)

    assert not sentence(box("Apartment, suite, etc."))
    assert not sentence(box("Environmental permit no."))
    assert sentence(box("Try again."))
    assert sentence(box("You can finish the permit details later."))


def test_an_outlined_off_switch_is_found_by_its_outer_edge_not_its_knob():
    """A Material 3 switch off (dev sets mx02, mx06): a pill outlined 2 px round a fill that
    differs from the page, a small knob at its left. Edge detection traces the outline's inner
    edge too; that one is no pill (its corners are cut), the outer edge is the switch."""
    page = np.full((80, 300, 3), 18, np.uint8)
    cv2.rectangle(page, (200, 24), (236, 56), (144, 144, 144), -1)
    cv2.circle(page, (200, 40), 16, (144, 144, 144), -1)
    cv2.circle(page, (236, 40), 16, (144, 144, 144), -1)
    cv2.rectangle(page, (200, 26), (236, 54), (31, 31, 31), -1)
    cv2.circle(page, (200, 40), 14, (31, 31, 31), -1)
    cv2.circle(page, (236, 40), 14, (31, 31, 31), -1)
    cv2.circle(page, (200, 40), 8, (144, 144, 144), -1)  # the knob, off at the left
    texts = [TextBox(Rect(10, 30, 140, 50), "Reassignment alerts", 200.0)]
    layout = build_layout(page, texts, detect_elements(page, texts))
    found = [(f.label, f.value, f.widget) for b in layout.blocks for f in b.fields]
    assert found == [("Reassignment alerts", "off", "toggle")]


def _knob_switch(page: np.ndarray, x: int, y: int, knob_right: bool) -> None:
    """A Material 2 / MUI switch at (x, y): a light grey track 34x14 and a white 20 px knob with
    a grey rim and a shadow over one end."""
    cv2.rectangle(page, (x + 7, y + 3), (x + 27, y + 17), (189, 189, 189), -1)
    cv2.circle(page, (x + 7, y + 10), 7, (189, 189, 189), -1)
    cv2.circle(page, (x + 27, y + 10), 7, (189, 189, 189), -1)
    kx = x + 27 if knob_right else x + 7
    cv2.circle(page, (kx, y + 12), 11, (228, 228, 228), -1)  # its shadow, cast down
    cv2.circle(page, (kx, y + 10), 10, (205, 205, 205), -1)
    cv2.circle(page, (kx, y + 10), 9, (245, 245, 245), -1)


def test_a_knob_laid_over_its_tracks_end_is_a_switch_on_or_off_by_its_side():
    """MUI's default switch (dev set md06): a white knob over one end of a narrower grey track.
    Knob and track outlined together fill about two thirds of their box: no pill, no box; the
    knob's side says the state."""
    page = np.full((120, 400, 3), 255, np.uint8)
    _knob_switch(page, 300, 20, knob_right=False)
    _knob_switch(page, 300, 80, knob_right=True)
    texts = [TextBox(Rect(20, 20, 200, 40), "Tipping on card terminal", 222.0),
             TextBox(Rect(20, 80, 200, 100), "Play sound on new order", 222.0)]  # fmt: skip
    layout = build_layout(page, texts, detect_elements(page, texts))
    found = [(f.label, f.value, f.widget) for b in layout.blocks for f in b.fields]
    assert found == [("Tipping on card terminal", "off", "toggle"),
                     ("Play sound on new order", "on", "toggle")]  # fmt: skip


def test_a_forms_question_over_a_box_names_it():
    """A survey asks 'What should we work on next time?' over its textarea (dev set tb13): a
    question ends in '?' yet names the box under it, where a sentence of instructions would
    not."""
    page = np.full((200, 600, 3), 255, np.uint8)
    cv2.rectangle(page, (20, 50), (500, 150), (190, 190, 190), 1)
    texts = [TextBox(Rect(20, 20, 320, 40), "What should we work on next time?", 222.0),
             TextBox(Rect(30, 60, 400, 80), "Merging from the on-ramp", 230.0)]  # fmt: skip
    layout = build_layout(page, texts, detect_elements(page, texts))
    found = [(f.label, f.widget) for b in layout.blocks for f in b.fields]
    assert found == [("What should we work on next time?", "textarea")]


def test_a_radio_groups_label_may_overlap_its_first_row_by_a_padded_box():
    """'Card type:' set tight over its radios (dev set un01): OCR's padded box runs 3 px into
    the group's first row, yet it is the group's label, not the fieldset legend above it."""
    texts = [TextBox(Rect(23, 291, 111, 312), "Card options", 255.0),
             TextBox(Rect(20, 311, 95, 340), "Card type:", 234.0),
             TextBox(Rect(46, 334, 90, 355), "Adult", 229.0)]  # fmt: skip
    scene = Scene(texts, [])
    assert group_label(scene, Rect(29, 337, 135, 390)) == 1


def test_a_labels_colon_ends_it_and_the_value_set_close_after_is_a_cell_of_its_own():
    """'Loan period:' set a few px before '14 days' in the same ink (dev set mx10): closer than
    a word space, yet the colon ends the label, so the two are never one phrase."""
    line = group_lines([TextBox(Rect(20, 220, 97, 243), "Loan period:", 208.0),
                        TextBox(Rect(99, 222, 165, 241), "14 days", 246.0)])  # fmt: skip
    assert [[b.text for b in row] for row in line] == [["Loan period:", "14 days"]]
    joined = group_lines([TextBox(Rect(20, 220, 70, 243), "Dec 05,", 230.0),
                          TextBox(Rect(74, 220, 110, 243), "2023", 230.0)])  # fmt: skip
    assert [[b.text for b in row] for row in joined] == [["Dec 05, 2023"]]


def test_an_empty_filled_field_is_named_by_the_label_it_shows_inside():
    """An empty Material filled field shows its label inside, where the value will go (dev sets
    tb14, mx04): the box's one text, a name set in a dimmer ink than the values in the other
    boxes, at its start, names the field, which is empty."""
    page = np.full((200, 600, 3), 24, np.uint8)
    cv2.rectangle(page, (20, 40), (260, 92), (60, 60, 60), -1)
    cv2.rectangle(page, (300, 40), (540, 92), (60, 60, 60), -1)
    texts = [TextBox(Rect(30, 44, 110, 62), "Vessel name", 140.0),
             TextBox(Rect(30, 64, 140, 86), "Second Wind", 173.0),
             TextBox(Rect(312, 55, 456, 77), "Gate code request", 146.0)]  # fmt: skip
    layout = build_layout(page, texts, detect_elements(page, texts))
    found = [(f.label, f.value) for b in layout.blocks for f in b.fields]
    assert found == [("Vessel name", "Second Wind"), ("Gate code request", "")]


def test_radio_options_with_a_description_line_stack_apart_and_are_named_by_their_captions():
    """Delivery options drawn as a caption over a fainter description (dev set tw05): the radios
    stand 2.7 radio heights apart, still one group, and each is named by its caption, which
    starts a pixel right of its description."""
    from ghost_architect.perception.controls import _radio_groups
    from ghost_architect.perception.elements import Element
    from ghost_architect.perception.labels import mark_caption

    standard = Element("radio", Rect(76, 505, 92, 521), checked=True)
    express = Element("radio", Rect(76, 564, 92, 580), checked=False)
    assert len(_radio_groups([(standard, "Standard"), (express, "Express")])) == 1
    texts = [TextBox(Rect(100, 497, 163, 517), "Standard", 226.0),
             TextBox(Rect(99, 512, 203, 532), "4-6 business days", 125.0)]  # fmt: skip
    assert mark_caption(Scene(texts, [standard, express]), standard) == 0


def test_a_filled_textareas_paragraph_set_left_is_no_buttons_centred_label():
    """A textarea holding two lines of an abstract (dev set tb15): the lines start at one x and
    end apart, and though they nearly fill the box they are a paragraph, not a button's words."""
    page = np.full((120, 720, 3), 255, np.uint8)
    cv2.rectangle(page, (20, 20), (690, 77), (190, 190, 190), 1)
    first = "We tracked 14 rocky-reef sites off central California from 2019 to 2024. Where"
    texts = [TextBox(Rect(31, 27, 667, 46), first, 231.0),
             TextBox(Rect(32, 48, 350, 65), "otters returned, canopy cover rose to 58%.", 231.0)]  # fmt: skip
    assert [e.kind for e in detect_elements(page, texts)] == ["textarea"]


def test_textareas_tiling_a_tables_grid_are_its_cells():
    """A bordered table's two-line cells (a dimmed table under a dialog, test split): boxes edge
    to edge are the grid's cells, textareas among them too, not fields."""
    from ghost_architect.perception.elements import Element, _drop_grid_cells

    gray = np.full((200, 700), 200, np.uint8)
    left = Element("textarea", Rect(100, 40, 380, 100))
    right = Element("textarea", Rect(380, 40, 660, 100))
    assert _drop_grid_cells([left, right], gray) == []


def test_a_wide_inputs_value_after_a_leading_icon_is_not_a_centred_button_label():
    """An email input with a mail glyph at its left (dev set mx08): its value starts 36 px in
    and ends 69 px short of the right edge, off centre by more than a line height though
    within 12% of the width; an input, not a button."""
    page = np.full((80, 700, 3), 255, np.uint8)
    cv2.rectangle(page, (303, 20), (605, 55), (190, 190, 190), 1)
    texts = [TextBox(Rect(339, 27, 536, 48), "rosa.calderon@fastmail.com", 227.0)]
    assert [e.kind for e in detect_elements(page, texts)] == ["input"]


def test_a_picker_rows_chevron_after_its_value_is_a_caret_not_a_cell():
    """A phone settings row "Remind me ... 2 weeks before >" (dev set mx01): the chevron OCR
    read as '>' after the value is no text of its own (it paired with the value as a field)
    but marks the value a select's, like a dropdown's caret."""
    from ghost_architect.perception.glyphs import drop_carets

    value = TextBox(Rect(809, 155, 928, 175), "2 weeks before", 117.0)
    kept, selects = drop_carets([value, TextBox(Rect(934, 155, 949, 175), ">", 59.0)])
    assert kept == [value]
    assert selects == [value.rect]
