"""Session 17's perception rules, each on a small synthetic layout or image."""

from __future__ import annotations

import cv2
import numpy as np

from ghost_architect.perception.elements import detect_elements
from ghost_architect.perception.geometry import Rect
from ghost_architect.perception.ocr import TextBox
from ghost_architect.perception.pixels import vertical_dividers
from ghost_architect.perception.text_lines import text_items


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
