"""Session 16's perception rules, each on a small synthetic layout or image."""

from __future__ import annotations

import cv2
import numpy as np

from ghost_architect.perception.elements import detect_elements
from ghost_architect.perception.geometry import Rect
from ghost_architect.perception.ocr import TextBox


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
