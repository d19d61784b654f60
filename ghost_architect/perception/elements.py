"""UI elements from pixels with OpenCV: input boxes, selects, checkboxes, radios, toggles, buttons.

Why OpenCV's edge + contour pass rather than a learned detector: UI controls are drawn shapes
(rectangles with a thin border or a flat fill, small squares, circles, pills) whose outlines Canny
finds exactly on rendered screens, in ~20 ms on one core and with no model to ship. Text glyphs
also leave contours; the caller passes the OCR text boxes so that shapes inside text are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ghost_architect.perception import pixels
from ghost_architect.perception.box_text import centred, ragged_right, spread
from ghost_architect.perception.geometry import Rect, centre_in, contains, crop, overlap_area
from ghost_architect.perception.ocr import TextBox, font_size
from ghost_architect.perception.switches import (
    KNOB_FILL,
    knob_shaped,
    knob_switch,
    pill_switch,
)

CHECK_SIZE = (12, 28)  # checkbox / radio side in px (a © or an o is smaller)
INPUT_HEIGHT = (18, 72)
ICON_REACH = 1.6  # box heights from an input's end that its own icon sits within
TEXTAREA_HEIGHT = (60, 260)
FLAT_INSIDE = 12.0  # grey levels of spread: a box's inside flatter than this holds no tick
LABEL_INSIDE_INK = 0.85  # a filled field's label is set in a dimmer ink than its value
MARK_CLEARANCE = 3  # px of clear surface each side of a mark OCR read text over (1 px skipped)


@dataclass
class Element:
    kind: str  # input | textarea | select | checkbox | radio | toggle | button
    rect: Rect
    checked: bool | None = None  # checkbox, radio, toggle


def _rect_candidates(gray: np.ndarray) -> list[Rect]:
    """Outlines that enclose their bounding box (boxes, circles, pills), and boxes whose top edge
    is broken by a label sitting on the border (outlined fields with floating labels)."""
    edges = cv2.Canny(gray, 12, 36)
    edges = cv2.dilate(edges, np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    found: list[Rect] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w < CHECK_SIZE[0] or h < CHECK_SIZE[0]:
            continue
        fill = cv2.contourArea(contour) / float(w * h)
        if fill < 0.7 and not (
            (h >= INPUT_HEIGHT[0] and w >= 40 and _open_box(edges, x, y, w, h))
            or knob_shaped(w, h, fill)
        ):
            continue
        open_box = fill < 0.7 and not knob_shaped(w, h, fill)
        rect = Rect(x, y, x + w, y + h, fill=max(fill, 0.95) if open_box else fill)
        twins = [other for other in found if _same(rect, other)]
        if not twins:
            found.append(rect)
        elif (_mark_sized(rect) or _switch_sized(rect)) and rect.area > twins[0].area:
            found[found.index(twins[0])] = rect  # a mark's or an outlined switch track's outer
            # edge: the control itself, its inner edge (where the fill meets the outline) not
    return found


def _mark_sized(rect: Rect) -> bool:
    """Square and no larger than a checkbox or radio (with the pixel or two edges add)."""
    return max(rect.width, rect.height) <= CHECK_SIZE[1] + 4 and abs(rect.width - rect.height) <= 3


def _switch_sized(rect: Rect) -> bool:
    """A pill as tall as a switch and 1.4-3x as wide (its outline fills under 0.92 of its box,
    as round ends do; a square box's fills nearly all)."""
    pill = 12 <= rect.height <= 38 and 1.4 * rect.height <= rect.width <= 3 * rect.height
    return pill and rect.fill < 0.92


def _open_box(edges: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """Left, right and bottom sides drawn almost whole; the top at least half (a label may sit
    on it)."""

    def covered(line: np.ndarray) -> float:
        return float(np.count_nonzero(line.max(axis=0 if line.shape[0] <= 3 else 1))) / max(
            1, line.shape[1] if line.shape[0] <= 3 else line.shape[0]
        )

    top = covered(edges[y : y + 3, x : x + w])
    bottom = covered(edges[y + h - 3 : y + h, x : x + w])
    left = covered(edges[y + 4 : y + h - 4, x : x + 3])
    right = covered(edges[y + 4 : y + h - 4, x + w - 3 : x + w])
    return min(left, right, bottom) >= 0.85 and top >= 0.4


def _same(a: Rect, b: Rect, tolerance: float = 4) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a.coords, b.coords, strict=True))


def _small_control(gray: np.ndarray, rgb: np.ndarray, rect: Rect) -> Element | None:
    """A checkbox (square) or radio (circle), checked when its inside differs from its surface
    or is coloured; a square's inside must also carry a tick (not be flat): an empty box
    filled white on a dark page is unchecked. A square filled flat in ink or colour with no
    tick is a tile (an app's logo beside its name, a menu entry's icon), no checkbox."""
    if max(rect.width, rect.height) <= CHECK_SIZE[1] + 4:
        rect = pixels.tighten(gray, rect)
    side = max(rect.width, rect.height)
    if not (CHECK_SIZE[0] <= side <= CHECK_SIZE[1]) or abs(rect.width - rect.height) > 3:
        return None
    surface = pixels.surface(gray, rect)
    round_shape = pixels.round_corners(gray, rect)
    inside = pixels.inner(gray, rect, max(2, int(side * 0.3)))
    ticked = round_shape or float(np.std(inside)) > FLAT_INSIDE
    if not ticked and (float(np.mean(inside)) < surface - 40 or pixels.saturation(rgb, rect) > 60):
        return None
    marked = (abs(float(np.mean(inside)) - surface) > 40 and ticked) or pixels.saturation(
        rgb, rect
    ) > 60
    return Element("radio" if round_shape else "checkbox", rect, checked=bool(marked))


def _mark_between_words(gray: np.ndarray, rgb: np.ndarray, rect: Rect) -> Element | None:
    """A checkbox or radio inside a text box: OCR ran one caption over it into the next ("Yes
    No", "Send SMS reminder New client paperwork needed"). A letter shaped like a mark ("O")
    touches the letters beside it; a mark stands apart, clear surface on both sides."""
    element = _small_control(gray, rgb, rect)
    if element is None or not _ring_drawn(gray, element):
        return None
    r = element.rect
    y0, y1, x0, x1 = int(r.y0), int(r.y1), int(r.x0), int(r.x1)
    if x0 < MARK_CLEARANCE + 1 or x1 + MARK_CLEARANCE + 1 > gray.shape[1]:
        return None
    surface = pixels.surface(gray, r)
    beside = np.concatenate(
        [
            gray[y0:y1, x0 - 1 - MARK_CLEARANCE : x0 - 1],
            gray[y0:y1, x1 + 1 : x1 + 1 + MARK_CLEARANCE],
        ],
        axis=1,
    ).astype(float)
    return element if float(np.abs(beside - surface).max(initial=0.0)) <= 30 else None


def _ring_drawn(gray: np.ndarray, mark: Element) -> bool:
    """The mark's outline drawn all round: a square's four sides, or a circle's rim, inked on
    nearly all their length, the circle the same turned upside down (a digit or letter of the
    same size leaves gaps, or curls inside: "6")."""
    ink = pixels.ink_mask(gray, mark.rect)
    h, w = ink.shape
    if mark.kind == "checkbox":
        sides = [
            ink[:2].any(axis=0),
            ink[-2:].any(axis=0),
            ink[:, :2].any(axis=1),
            ink[:, -2:].any(axis=1),
        ]
        return min(float(side.mean()) for side in sides) >= 0.85
    angles = np.linspace(0, 2 * np.pi, 48, endpoint=False)
    ys = np.clip(np.round((h - 1) / 2 + (h / 2 - 1) * np.sin(angles)).astype(int), 0, h - 1)
    xs = np.clip(np.round((w - 1) / 2 + (w / 2 - 1) * np.cos(angles)).astype(int), 0, w - 1)
    near = [
        ink[max(0, y - 1) : y + 2, max(0, x - 1) : x + 2].any() for y, x in zip(ys, xs, strict=True)
    ]
    symmetric = float(np.mean(ink != ink[::-1, ::-1])) <= 0.12  # a dot in the middle, or none
    return float(np.mean(near)) >= 0.9 and symmetric


def _switch(gray: np.ndarray, rgb: np.ndarray, rect: Rect, texts: list[Rect]) -> Element | None:
    """A switch (perception/switches.py): a knob laid over its track's end, the one thing an
    outline filling KNOB_FILL of its box may be, or an empty pill."""
    if rect.fill < KNOB_FILL[1]:
        knob = knob_switch(gray, rgb, rect, texts)
        return None if knob is None else Element("toggle", rect, checked=knob)
    pill = pill_switch(gray, rgb, rect, texts)
    return Element("toggle", pill[0], checked=pill[1]) if pill else None


def _has_caret(gray: np.ndarray, rect: Rect, texts: list[Rect]) -> bool:
    """A select shows a caret or chevron near its right edge, mid-height, outside any text."""
    band = min(rect.height * 0.3, 14.0)
    zone = Rect(rect.x1 - min(34.0, rect.height * 1.2), rect.cy - band, rect.x1 - 3, rect.cy + band)
    if any(overlap_area(zone, t) > 0.3 * zone.area for t in texts):
        return False
    patch = crop(gray, zone).astype(float)
    if patch.size == 0:
        return False
    background = float(np.median(patch))
    ink = np.abs(patch - background) > 60
    return 4 <= int(ink.sum()) <= 0.35 * ink.size


def _box_kind(gray: np.ndarray, rgb: np.ndarray, rect: Rect, boxes: list[TextBox]) -> str | None:
    """input | textarea | select | button for a text-sized box; None for anything else."""
    inside = [
        b
        for b in boxes
        if centre_in(rect, b.rect)
        and b.rect.y0 >= rect.y0 - 2  # not a label sitting on the top border
        and not _end_glyph(rect, b)
    ]
    inner = [b.rect for b in inside]
    if rect.height > TEXTAREA_HEIGHT[1] or rect.width < 40 or rect.width < 1.6 * rect.height:
        return None
    if inner and (_badge(gray, rect, inner) or spread(inner)):
        return None
    if inner and centred(rect, inner) and not ragged_right(inner):
        return "button" if rect.height <= INPUT_HEIGHT[1] else None
    if rect.height <= INPUT_HEIGHT[1] and pixels.saturation(rgb, rect) > 70:
        return "button"  # a filled accent-coloured box is an action, not a field
    if rect.height <= INPUT_HEIGHT[1] and label_inside(inside):
        return "select" if _has_caret(gray, rect, inner) else "input"
    top_text = inner and min(t.cy for t in inner) < rect.y0 + 0.4 * rect.height
    tall = rect.height >= TEXTAREA_HEIGHT[0] or (rect.height >= 40 and top_text)
    sizes = [font_size(b) for b in inside]
    even = not sizes or max(sizes) <= 1.25 * min(sizes)  # a card's big number is not a textarea
    few_lines = len({round(t.cy / 10) for t in inner}) <= 3
    if tall and even and rect.width >= 120 and few_lines and (top_text or not inner):
        return "textarea"
    multi_line = inner and max(t.cy for t in inner) - min(t.cy for t in inner) > 0.6 * min(
        t.height for t in inner
    )
    if rect.height > INPUT_HEIGHT[1] or multi_line:
        return None  # a card or panel holding lines of text
    return "select" if _has_caret(gray, rect, inner) else "input"


def _end_glyph(rect: Rect, box: TextBox) -> bool:
    """A lone glyph OCR read off the box's end icon (a clock or a calendar read as "O", trimmed
    to no text): no word of its value."""
    return not box.text and box.rect.cx >= rect.x1 - ICON_REACH * rect.height


def label_inside(inside: list[TextBox]) -> bool:
    """A filled field: a label along its top edge, smaller or fainter than the one line of value
    under it, starting at the value's x."""
    if len(inside) < 2:
        return False
    label = min(inside, key=lambda b: (b.rect.y0, b.rect.x0))
    value = [b for b in inside if b is not label]
    first = min(value, key=lambda b: b.rect.x0)
    one_line = max(b.rect.cy for b in value) - min(b.rect.cy for b in value) <= 0.6 * first.height
    apart = (
        font_size(label) <= 0.9 * font_size(first)
        or label.height <= 0.85 * first.height
        or label.contrast < LABEL_INSIDE_INK * max(b.contrast for b in value)
    )
    below = min(b.rect.y0 for b in value) >= label.rect.cy  # OCR's padded boxes may overlap
    return one_line and below and apart and abs(label.rect.x0 - first.rect.x0) <= 8


def _badge(gray: np.ndarray, rect: Rect, inner: list[Rect]) -> bool:
    """A filled pill or tag hugging its word: a status badge, not a field."""
    text_width = max(t.x1 for t in inner) - min(t.x0 for t in inner)
    tight = rect.width <= text_width + 3 * rect.height and rect.height <= 30
    filled = abs(float(np.median(pixels.inner(gray, rect, 2))) - pixels.surface(gray, rect)) > 12
    return tight and filled


def _band(rect: Rect, candidates: list[Rect]) -> bool:
    """Whether the box spans a larger box from its left edge to its right edge."""
    return rect.width >= 200 and any(
        c.area > 1.5 * rect.area
        and contains(c, rect, margin=2)
        and abs(c.x0 - rect.x0) <= 3
        and abs(c.x1 - rect.x1) <= 3
        for c in candidates
    )


def detect_elements(rgb: np.ndarray, boxes: list[TextBox]) -> list[Element]:
    """Form controls on the screenshot. `boxes` are the OCR text boxes: shapes inside them are
    glyphs (the caller trims a box that starts with a checkbox or radio OCR read as a glyph)."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    texts = [b.rect for b in boxes]
    elements: list[Element] = []
    candidates = _rect_candidates(gray)
    for rect in sorted(candidates, key=lambda r: r.area):
        if _band(rect, candidates):
            continue  # a card's header, footer or row strip, edge to edge: not a control
        if any(contains(t, rect, margin=2) for t in texts):
            element = _mark_between_words(gray, rgb, rect)  # OCR read a caption over it
            if element is not None and not _nested_duplicate(element, elements):
                elements.append(element)
            continue  # else a letter's or a word's outline
        if any(_glyph_run(rect, t) for t in texts):
            continue  # bold glyphs run together
        element = _small_control(gray, rgb, rect) or _switch(gray, rgb, rect, texts)
        knob_shape = rect.fill < KNOB_FILL[1]  # a knob over a track, or nothing
        if element is None and not knob_shape and (kind := _box_kind(gray, rgb, rect, boxes)):
            element = Element(kind, rect)
        if element is None or _nested_duplicate(element, elements):
            continue
        if element.kind in ("input", "select", "textarea"):
            held = [e for e in elements if contains(element.rect, e.rect, margin=1)]
            icons = [e for e in held if _end_icon(element, e)]
            if any(e.kind != element.kind for e in held if e not in icons):
                continue  # a panel or footer holding controls, not a field
            elements = [e for e in elements if e not in icons]
            if icons and element.kind == "select":
                element = Element("input", element.rect)  # a boxed icon is no caret: a date input
        elements.append(element)
    return _drop_grid_cells(elements, gray)


def _end_icon(box: Element, inner: Element) -> bool:
    """A small square or circle at the right end of a one-line box, centred on its middle: the
    box's own icon (a date picker's calendar, a clear button), not a checkbox of its own; in an
    input or select also at its left end (a leading calendar or search glyph; a radio card's
    radio sits at the left of a taller, wrapped box)."""
    r, b = inner.rect, box.rect
    reach = ICON_REACH * b.height
    leading = box.kind in ("input", "select") and r.x1 <= b.x0 + reach
    return (
        inner.kind in ("checkbox", "radio")
        and b.height <= INPUT_HEIGHT[1]
        and (r.x0 >= b.x1 - reach or leading)
        and abs(r.cy - b.cy) <= 0.2 * b.height
        and r.height <= 0.75 * b.height
    )


def _glyph_run(rect: Rect, text: Rect) -> bool:
    """A shape lower than the text whose middle it holds, the text within its sides: glyphs run
    together by a bold face, or a flat strip, not a box holding a value (a box is at least as
    tall as its text, or input-high with room for far more than its text, as the browser's own
    small inputs; text OCR ran across a box's side, as a label read with its value, is cut at
    that side later)."""
    roomy = rect.height >= INPUT_HEIGHT[0] and rect.width >= text.width + 4 * rect.height
    return (
        centre_in(rect, text)
        and text.height > 1.2 * rect.height
        and text.x0 >= rect.x0 - 4
        and text.x1 <= rect.x1 + 4
        and not roomy
    )


def _nested_duplicate(element: Element, kept: list[Element]) -> bool:
    """The outer outline of a control already found (a border drawn two pixels wide)."""
    return any(
        other.kind == element.kind and contains(element.rect, other.rect, margin=0)
        and other.rect.area / max(1.0, element.rect.area) > 0.7
        for other in kept
    )  # fmt: skip


def _drop_grid_cells(elements: list[Element], gray: np.ndarray) -> list[Element]:
    """Boxes that touch a neighbour edge to edge (or nearly: separated borders) are table
    cells, not fields or buttons; but of two boxes side by side in different shades, one is an
    add-on of the other's input group ("$", "https://", "@example.org"), dropped so the input
    stands alone."""
    boxes = [e for e in elements if e.kind in ("input", "select", "textarea", "button")]
    cells, add_ons = set(), set()
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            same_row = abs(a.rect.y0 - b.rect.y0) <= 3 and abs(a.rect.y1 - b.rect.y1) <= 3
            touching = abs(a.rect.x1 - b.rect.x0) <= 6 or abs(b.rect.x1 - a.rect.x0) <= 6
            same_col = abs(a.rect.x0 - b.rect.x0) <= 3 and abs(a.rect.x1 - b.rect.x1) <= 3
            stacked = abs(a.rect.y1 - b.rect.y0) <= 6 or abs(b.rect.y1 - a.rect.y0) <= 6
            if same_row and touching and _shaded_apart(gray, a.rect, b.rect):
                add_ons.add(id(_add_on(gray, a, b)))
            elif (same_row and touching) or (same_col and stacked):
                cells.update((id(a), id(b)))
    return [e for e in elements if id(e) not in cells | add_ons]


def _add_on(gray: np.ndarray, a: Element, b: Element) -> Element:
    """Of an input and its add-on: the one filled apart from the surface round them both (the
    input is filled like the page it sits on), else the narrower."""
    surface = pixels.surface(gray, Rect(min(a.rect.x0, b.rect.x0), a.rect.y0,
                                        max(a.rect.x1, b.rect.x1), a.rect.y1))  # fmt: skip
    apart = [abs(float(np.median(pixels.inner(gray, e.rect, 3))) - surface) for e in (a, b)]
    if abs(apart[0] - apart[1]) > 6:
        return a if apart[0] > apart[1] else b
    return min(a, b, key=lambda e: e.rect.width)


def _shaded_apart(gray: np.ndarray, a: Rect, b: Rect) -> bool:
    """Two boxes filled in clearly different shades (a grey add-on beside a white input)."""
    return (
        abs(float(np.median(pixels.inner(gray, a, 3))) - float(np.median(pixels.inner(gray, b, 3))))
        > 10
    )
