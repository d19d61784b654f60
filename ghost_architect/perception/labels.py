"""Which free text names a control: the label above or left of a box (a settings row's name far
left of it, an input group's label over its add-on), the caption beside a checkbox, radio or
switch, the label of a radio group; never a subtitle under a title, a card header ruled off, an
add-on's '$' or 'https://', or a sidebar entry across a divider."""

from __future__ import annotations

import re

from ghost_architect.perception.elements import Element
from ghost_architect.perception.geometry import Rect, vertical_overlap
from ghost_architect.perception.ocr import PADDED_OVERLAP, TextBox
from ghost_architect.perception.pairs import question, sentence
from ghost_architect.perception.scene import Scene

# the word a settings row prints beside its switch to say its state: no name for the switch
MARKS = ("toggle", "checkbox", "radio")
CAPTION_SLACK = 4  # px: a radio card's caption and description start this close
STATE_WORD = re.compile(r"(on|off|enabled|disabled|yes|no|active|inactive)", re.I)


def label_candidates(scene: Scene, element: Element) -> list[tuple[float, int]]:
    """(distance, text index) of free texts above or left of a box element."""
    e = element.rect
    found = []
    start = _group_start(scene, e)
    for i, t in scene.free():
        r = t.rect
        if sentence(t) and not question(t):
            continue  # instructions or a record count label no control; a form's question does
        if r.y1 <= e.y0 + 3 and e.y0 - r.y1 <= max(2.2 * r.height, 30):
            aligned = start - 14 <= r.x0 <= e.x0 + max(14.0, 0.2 * e.width)
            if aligned and not _ruled_off(scene, r, e) and not _text_between(scene, i, e):
                found.append((e.y0 - r.y1, i))
        elif vertical_overlap(r, e) >= 0.5 and r.x1 <= e.x0 + 3 and not _add_on(t):
            gap = e.x0 - r.x1
            blocked = any(
                x.rect.x0 >= r.x1 - 2
                and x.rect.x1 <= e.x0 + 2
                and vertical_overlap(x.rect, e) > 0.5
                for x in scene.elements
                if x is not element
            ) or any(r.x1 <= d <= e.x0 for d in scene.dividers)  # a sidebar's entry
            if not blocked and (gap <= 260 or _settings_row(scene, i, e)):
                found.append((0.5 * gap, i))
    return found


def _group_start(scene: Scene, box: Rect) -> float:
    """Where an input group starts: the box's left edge, or the left edge of the add-on texts
    ('$', 'https://') set just before it on its row."""
    start = box.x0
    for t in sorted(scene.texts, key=lambda t: -t.rect.x1):
        r = t.rect
        if _add_on(t) and vertical_overlap(r, box) >= 0.5 and 0 <= start - r.x1 <= 24:
            start = r.x0 - 12  # the add-on's own padding
    return start


def _add_on(text: TextBox) -> bool:
    """An input group's prefix, not a label: a sign or unit with under two letters ('$', '@',
    '#') or a URL's start ('https://', 'give.example.org/')."""
    letters = sum(c.isalpha() for c in text.text)
    return letters < 2 or "://" in text.text or text.text.endswith("/")


def _settings_row(scene: Scene, label: int, box: Rect) -> bool:
    """A row of a settings list: its name at the left, a wide control far right on the same row,
    no other text between them or further left, and another row of the list below or above (a
    name at the same x beside a control ending at the same x): a lone toolbar is no such list."""
    r = scene.texts[label].rect
    if box.width < 4 * box.height:
        return False  # a badge or a stepper, not a settings input
    for k, t in enumerate(scene.texts):
        between = r.x1 - 2 <= t.rect.x0 and t.rect.x1 <= box.x0 + 2
        if k != label and (
            (between and vertical_overlap(t.rect, box) >= 0.5)
            or (t.rect.x1 <= r.x0 + 2 and vertical_overlap(t.rect, r) >= 0.5)
        ):
            return False
    return any(
        abs(other.rect.x1 - box.x1) <= 6
        and abs(other.rect.cy - box.cy) > box.height
        and any(
            abs(t.rect.x0 - r.x0) <= 6 and vertical_overlap(t.rect, other.rect) >= 0.5
            for t in scene.texts
        )
        for other in scene.elements
    )


def _text_between(scene: Scene, label: int, box: Rect) -> bool:
    """Another text under the label and over the box, across the box's width (a form's subtitle
    under its title): the text above it is no label of the box."""
    r = scene.texts[label].rect
    return any(
        k != label
        and r.y1 - 2 <= t.rect.y0
        and t.rect.y1 <= box.y0 + 2
        and min(t.rect.x1, box.x1) - max(t.rect.x0, box.x0) > 0
        for k, t in enumerate(scene.texts)
    )


def _ruled_off(scene: Scene, label: Rect, box: Rect) -> bool:
    """A line drawn across both between a text and the box under it (a card header's border):
    the text heads the card, it labels no field."""
    return any(
        label.y1 + 1 < rule.y0 < box.y0 - 2
        and rule.x0 <= min(label.x0, box.x0) + 2
        and rule.x1 >= max(label.x1, box.x1) - 2
        for rule in scene.rules
    )


def mark_caption(scene: Scene, mark: Element) -> int | None:
    """The text right of a checkbox/radio/switch on its row (its padded OCR box may overlap the
    mark by a quarter line); else, for a switch, the nearest name left of it, and for a checkbox
    the one name on its row (a settings row's)."""
    e = mark.rect
    beside: list[tuple[float, int]] = []
    for i, t in scene.free():
        if vertical_overlap(t.rect, e) < 0.4 or _state_word(mark, t):
            continue
        gap = t.rect.x0 - e.x1
        if -PADDED_OVERLAP * t.height <= gap <= max(18.0, 1.1 * t.height):
            beside.append((gap, i))
    best = _caption(scene, beside)
    if best is not None or mark.kind not in ("toggle", "checkbox"):
        return best[1] if best else None
    left = [
        (e.x0 - t.rect.x1, i)
        for i, t in scene.free()
        if vertical_overlap(t.rect, e) >= 0.4 and t.rect.x1 <= e.x0 and not _state_word(mark, t)
    ]
    fence = max(
        (
            o.rect.x1
            for o in scene.elements
            if o is not mark
            and o.kind in MARKS
            and vertical_overlap(o.rect, e) >= 0.5
            and o.rect.x1 <= e.x0
        ),
        default=-1.0,
    )
    fence = max([fence, *(x for x in scene.dividers if x <= e.x0)])  # nor across a sidebar's edge
    left = [(gap, i) for gap, i in left if scene.texts[i].rect.x0 >= fence]  # not another's row
    names = [(gap, i) for gap, i in left if not sentence(scene.texts[i])]  # not a description
    if mark.kind == "checkbox" and (len(left) != 1 or not _in_control_column(scene, mark)):
        return None  # a checkbox column of a table, or a grid's flag: its row names nothing
    # a settings row's name sits over its description: the top one of the row's texts
    return (
        min(names, key=lambda n: (round(scene.texts[n[1]].rect.y0 / 4), n[0]))[1] if names else None
    )


def _caption(scene: Scene, beside: list[tuple[float, int]]) -> tuple[float, int] | None:
    """The nearest of the (gap, text) beside a mark; of a caption and the fainter description
    under it, starting within CAPTION_SLACK px of each other, the caption."""
    if not beside:
        return None
    nearest = min(gap for gap, _ in beside)
    near = [b for b in beside if b[0] <= nearest + CAPTION_SLACK]
    return max(near, key=lambda b: scene.texts[b[1]].contrast)


def _state_word(mark: Element, text: TextBox) -> bool:
    """ "On" or "Off" printed beside a switch: its state, not its name."""
    return mark.kind == "toggle" and bool(STATE_WORD.fullmatch(text.text.strip()))


def _in_control_column(scene: Scene, mark: Element) -> bool:
    """Alone on its row, and another control on another row ends at the same x: a settings
    list's right column (not a pager's pair of arrow buttons)."""
    e = mark.rect
    others = [x.rect for x in scene.elements if x is not mark]
    if any(vertical_overlap(r, e) >= 0.5 for r in others):
        return False
    return any(abs(r.x1 - e.x1) <= 6 and abs(r.cy - e.cy) > e.height for r in others)


def group_label(scene: Scene, rect: Rect) -> int | None:
    """The text left of a radio group on its first row, else the nearest text just above it
    (its padded OCR box may overlap the group's first row by a quarter line)."""
    best: tuple[float, int] | None = None
    for i, t in scene.free():
        r = t.rect
        if vertical_overlap(r, rect) >= 0.4 and r.x1 <= rect.x0 + 2 and rect.x0 - r.x1 <= 260:
            d = 0.5 * (rect.x0 - r.x1)
        elif (
            r.y1 <= rect.y0 + max(2.0, PADDED_OVERLAP * r.height)  # OCR pads the label's box
            and rect.y0 - r.y1 <= 2.2 * r.height
            and abs(r.x0 - rect.x0) <= 40
        ):
            d = max(0.0, rect.y0 - r.y1)
        else:
            continue
        if best is None or d < best[0]:
            best = (d, i)
    return best[1] if best else None


def take_group_label(scene: Scene, rect: Rect) -> str:
    """The text of a group's label (group_label), consumed; "" when it has none."""
    index = group_label(scene, rect)
    if index is None:
        return ""
    scene.used.add(index)
    return scene.texts[index].text
