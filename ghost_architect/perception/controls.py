"""Detected controls -> labelled fields: each input, select, textarea, checkbox, radio and switch
with its label, value, unit and help, consuming the OCR texts it uses.

- text inside an input/select/textarea is its value; faint text there is a placeholder;
- a label sits on the box's top border (outlined field), inside its top edge (filled field),
  above it, or left of it on the same row (perception/labels.py says which texts may); the
  nearest free text wins, each text labels one field;
- an OCR box that runs across an element's border is cut there and both parts are re-read;
- a checkbox, radio or switch is labelled by the text beside it; radios in a row or column form
  one group whose label is the text before or above the group (without one, a stepper's dots:
  a line of text); a column of checkboxes on table rows selects rows and labels nothing;
- text under a field, smaller or fainter than its label, is that field's help.
"""

from __future__ import annotations

import re
import statistics

import numpy as np

from ghost_architect.perception.elements import LABEL_INSIDE_INK, Element, label_inside
from ghost_architect.perception.geometry import Rect, centre_in, contains, union, vertical_overlap
from ghost_architect.perception.items import Item
from ghost_architect.perception.labels import label_candidates, mark_caption, take_group_label
from ghost_architect.perception.layout import LayoutField
from ghost_architect.perception.ocr import TextBox, font_size, recognise
from ghost_architect.perception.pairs import sentence, wordy
from ghost_architect.perception.scene import Scene

BOX_KINDS = ("input", "select", "textarea")
MARK_KINDS = ("checkbox", "radio", "toggle")
LONE_GLYPH = re.compile(r"[Oo0○◯●◉◎]")
MARK_GLYPH = re.compile(r"^([^\w\s]|[Oo0](?=\s))\s*")
BORDER_JUNK = re.compile(r"^[\s\-_|.,:'`~]+|[\s\-_|.,'`~]+$")
REQUIRED = re.compile(r"\s*(\*|\(required\))\s*$", re.I)
# The stock wording of an empty control, whatever its shade: "Select…", "-- Choose --", "Please
# select", "Enter your email", "Search orders…", "e.g. 42", a date mask ("mm/dd/yyyy").
PROMPT = re.compile(
    r"^\W*(please\s+)?(select|choose|pick|enter|type|search)\b.*|^e\.\s?g\.?\s.*"
    r"|^(dd|mm|yyyy)([/.\-](dd|mm|yyyy)){2}\W*$",
    re.I,
)


def clean_label(text: str) -> tuple[str, bool]:
    """A label without stray border glyphs, and whether it carried a required marker."""
    text = BORDER_JUNK.sub("", text.strip())
    required = bool(REQUIRED.search(text))
    return REQUIRED.sub("", text).strip(" :"), required


def glyph_trimmed(text: TextBox) -> TextBox:
    """The box without a leading mark glyph ("○ Pack of 10"), so the mark under it is found; a
    lone glyph ("O") keeps no area at all."""
    if LONE_GLYPH.fullmatch(text.text):
        return TextBox(Rect(text.rect.cx, text.rect.cy, text.rect.cx, text.rect.cy), "", 0.0)
    if MARK_GLYPH.match(text.text):
        rect = Rect(text.rect.x0 + 0.9 * text.height, text.rect.y0, text.rect.x1, text.rect.y1)
        return TextBox(rect, MARK_GLYPH.sub("", text.text), text.contrast)
    return text


def drop_mark_glyphs(texts: list[TextBox], elements: list[Element]) -> list[TextBox]:
    """OCR reads of a checkbox or radio itself are dropped; a leading glyph read with its caption
    ("○ Pack of 10") is cut off."""
    marks = [e.rect for e in elements if e.kind in MARK_KINDS]
    kept = []
    for t in texts:
        if any(contains(m, t.rect, margin=3) for m in marks):
            continue
        lead = [
            m
            for m in marks
            if -6 <= m.x0 - t.rect.x0 <= 10
            and m.x1 < t.rect.x1
            and vertical_overlap(m, t.rect) > 0.5
        ]
        if lead:
            stripped = MARK_GLYPH.sub("", t.text)
            t = TextBox(Rect(lead[0].x1 + 1, t.rect.y0, t.rect.x1, t.rect.y1), stripped, t.contrast)
            if not stripped:
                continue
        kept.append(t)
    return kept


def split_across_borders(rgb: np.ndarray, texts: list[TextBox], elements: list[Element]):
    """Cut OCR boxes that run over a box element's left or right border, or over a checkbox or
    radio between two captions, and re-read the parts."""
    cuts: list[tuple[int, list[Rect]]] = []
    boxes = [e for e in elements if e.kind in BOX_KINDS or e.kind == "button"]
    marks = [e.rect for e in elements if e.kind in MARK_KINDS]
    for i, t in enumerate(texts):
        r = t.rect
        inner = sorted((m for m in marks if _splits(r, m)), key=lambda m: m.x0)
        if inner:  # the words between the marks, each part re-read
            edges = [r.x0, *(x for m in inner for x in (m.x0 - 2, m.x1 + 2)), r.x1]
            parts = [Rect(a, r.y0, b, r.y1) for a, b in zip(edges[::2], edges[1::2], strict=True)]
            cuts.append((i, [p for p in parts if p.width > 4]))
            continue
        for e in boxes:
            if vertical_overlap(r, e.rect) < 0.5:
                continue
            for edge in (e.rect.x0, e.rect.x1):
                if r.x0 < edge - 6 and r.x1 > edge + 6:
                    cuts.append(
                        (i, [Rect(r.x0, r.y0, edge - 2, r.y1), Rect(edge + 2, r.y0, r.x1, r.y1)])
                    )
                    break
            else:
                continue
            break
    if not cuts:
        return texts
    parts = recognise(rgb, [p for _, pair in cuts for p in pair])
    cut = {i for i, _ in cuts}
    return [t for i, t in enumerate(texts) if i not in cut] + parts


def _splits(text: Rect, mark: Rect) -> bool:
    """A mark inside a text box with words on both sides of it."""
    return (
        vertical_overlap(text, mark) >= 0.5
        and text.x0 < mark.x0 - 6
        and mark.x1 + 6 < text.x1
        and mark.height >= 0.5 * text.height
    )


def inside(scene: Scene, element: Element) -> list[int]:
    return [i for i, t in scene.free() if centre_in(element.rect, t.rect, margin=1)]


def _border_label(scene: Scene, element: Element) -> int | None:
    """A label drawn on the top border (outlined field with a floating label)."""
    for i, t in scene.free():
        straddles = t.rect.y0 + 0.2 * t.height < element.rect.y0 < t.rect.y1 - 0.25 * t.height
        if straddles and element.rect.x0 <= t.rect.x0 and t.rect.x1 <= element.rect.x1:
            return i
    return None


def _box_field(scene: Scene, element: Element, faint: float) -> tuple[LayoutField, bool, list[int]]:
    """The field of an input/select/textarea, whether it still needs an outside label, and the
    texts read inside it."""
    label = ""
    border = _border_label(scene, element)
    if border is not None:
        scene.used.add(border)
        label = scene.texts[border].text
    inner = sorted(
        inside(scene, element), key=lambda i: (scene.texts[i].rect.y0, scene.texts[i].rect.x0)
    )
    if not label and label_inside([scene.texts[i] for i in inner]):
        label = scene.texts[inner[0]].text  # a filled field's label inside its top edge
        scene.used.add(inner[0])
        inner = inner[1:]
    scene.used.update(inner)
    value = " ".join(scene.texts[i].text for i in inner)
    placeholder = bool(inner) and (
        max(scene.texts[i].contrast for i in inner) < faint or bool(PROMPT.match(value))
    )
    text, required = clean_label(label)
    widget = element.kind
    unit = scene.units.get(id(element), "")
    if unit:
        value = f"{value} {unit}".strip() if value else value
    if placeholder:
        hinted = LayoutField(text, "", required, widget=widget, placeholder=value)
        return hinted, not label, inner
    return LayoutField(text, value, required, widget=widget), not label, inner


def _radio_groups(radios: list[tuple[Element, str]]) -> list[list[tuple[Element, str]]]:
    """Radios on one row, or stacked in one column with small gaps (up to four radio heights:
    room for a description line under each caption), form a group."""
    groups: list[list[tuple[Element, str]]] = []
    for radio in sorted(radios, key=lambda r: (r[0].rect.y0, r[0].rect.x0)):
        r = radio[0].rect
        for group in groups:
            last = group[-1][0].rect
            same_row = abs(last.cy - r.cy) <= 6 and 0 < r.x0 - last.x1 <= 260
            same_col = abs(last.x0 - r.x0) <= 6 and 0 < r.y0 - last.y1 <= 4 * r.height
            if same_row or same_col:
                group.append(radio)
                break
        else:
            groups.append([radio])
    return groups


def row_selectors(scene: Scene) -> set[int]:
    """ids of checkboxes that select table rows: three or more in one column (centres within half
    a box: a header's select-all box sits a few px off), most of them on a row with two or more
    other texts to their right (the row's cells), not a caption alone."""
    boxes = sorted((e for e in scene.elements if e.kind == "checkbox"), key=lambda e: e.rect.y0)
    found: set[int] = set()
    for box in boxes:
        column = [e for e in boxes if abs(e.rect.cx - box.rect.cx) <= 0.5 * box.rect.width]
        if len(column) < 3 or id(box) in found:
            continue
        busy = sum(
            sum(
                vertical_overlap(t.rect, e.rect) >= 0.5 and t.rect.x0 > e.rect.x1
                for _, t in scene.free()
            )
            >= 3
            for e in column
        )
        if busy >= 2 / 3 * len(column):
            found.update(id(e) for e in column)
    return found


def table_cell_boxes(scene: Scene) -> set[int]:
    """ids of inputs and selects that are pills on table rows (a status, a tag): three or more
    in one column (left edges or centres within half a box height), each hugging its text, most
    of them on a row with at least two more texts outside any box than boxes on it. A form's
    inputs leave room to type; a form row puts one label beside each of its boxes, a table row
    has cells with no box beside them."""
    boxes = [e for e in scene.elements if e.kind in ("input", "select")]
    found: set[int] = set()
    for box in boxes:
        near = 0.5 * box.rect.height
        column = [
            e
            for e in boxes
            if abs(e.rect.x0 - box.rect.x0) <= near or abs(e.rect.cx - box.rect.cx) <= near
        ]
        if len(column) < 3 or id(box) in found:
            continue
        if not all(_hugs_text(scene, e) for e in column):
            continue
        if sum(_crowded_row(scene, e) for e in column) >= 2 / 3 * len(column):
            found.update(id(e) for e in column)
    return found


def _hugs_text(scene: Scene, box: Element) -> bool:
    """Text inside the box, which is no wider than that text plus two box heights of padding."""
    inner = [t.rect for t in scene.texts if centre_in(box.rect, t.rect, margin=1)]
    return bool(inner) and box.rect.width <= union(inner).width + 2 * box.rect.height


def _crowded_row(scene: Scene, box: Element) -> bool:
    """Two or more texts outside any element on the box's row beyond one per box on it."""
    row = [e for e in scene.elements if vertical_overlap(e.rect, box.rect) >= 0.5]
    loose = [
        t
        for t in scene.texts
        if vertical_overlap(t.rect, box.rect) >= 0.5
        and not any(centre_in(e.rect, t.rect, margin=1) for e in scene.elements)
    ]
    return len(loose) >= sum(e.kind in BOX_KINDS for e in row) + 2


def element_fields(scene: Scene, faint: float) -> list[Item]:
    """Fields from the detected controls, labelled; consumes the texts they use."""
    items: list[Item] = []
    pending: list[tuple[Element, LayoutField]] = []
    read_inside: dict[int, list[int]] = {}
    boxes = [e for e in scene.elements if e.kind in BOX_KINDS]
    value_ink = max((scene.texts[i].contrast for e in boxes for i in inside(scene, e)), default=0)
    for element in boxes:
        layout_field, needs_label, inner = _box_field(scene, element, faint)
        if needs_label:
            read_inside[len(pending)] = inner
            pending.append((element, layout_field))
        else:
            items.append(Item(element.rect, layout_field))
    marks: list[tuple[Element, str]] = []
    selectors = row_selectors(scene)
    for mark in sorted(
        (e for e in scene.elements if e.kind in MARK_KINDS and id(e) not in selectors),
        key=lambda e: (e.rect.y0, e.rect.x0),
    ):
        index = mark_caption(scene, mark)
        caption = ""
        if index is not None:
            scene.used.add(index)
            caption = scene.texts[index].text
        if mark.kind == "radio":
            marks.append((mark, caption))
            continue
        if index is None:
            continue  # a row-selection checkbox or an unlabelled icon, not a field
        text, required = clean_label(caption)
        rect = union([mark.rect, scene.texts[index].rect])
        items.append(
            Item(
                rect, LayoutField(text, "on" if mark.checked else "off", required, widget=mark.kind)
            )
        )
    candidates = sorted(
        (d, n, i) for n, (el, _) in enumerate(pending) for d, i in label_candidates(scene, el)
    )
    labelled: set[int] = set()
    for _, n, i in candidates:
        if n in labelled or i in scene.used:
            continue
        labelled.add(n)
        scene.used.add(i)
        scene.labels.append(i)
        element, layout_field = pending[n]
        text, required = clean_label(scene.texts[i].text)
        layout_field.label, layout_field.required = text, required
    for n, (element, layout_field) in enumerate(pending):
        inner = read_inside[n]
        if (
            n not in labelled
            and layout_field.value
            and _label_ink_only(scene, element, inner, value_ink)
        ):
            layout_field.label, layout_field.value = clean_label(layout_field.value)[0], ""
        elif n not in labelled:
            wide = element.rect.width >= max(120.0, 4 * element.rect.height)
            if not (layout_field.placeholder and wide):
                scene.used.difference_update(read_inside[n])  # its words are plain text again
                continue  # no label and no hint: a highlighted row or a button, not a field
            layout_field.label = layout_field.placeholder  # placeholder-only input
        items.append(Item(element.rect, layout_field))
    for group in _radio_groups(marks):
        if len(group) < 2:
            continue  # a lone circle is a glyph or an icon: radios come in groups
        rect = union([m.rect for m, _ in group])
        label = take_group_label(scene, rect)
        options = [clean_label(c)[0] for _, c in group]
        chosen = next((clean_label(c)[0] for m, c in group if m.checked), "")
        text, required = clean_label(label)
        if not text:  # no question names them: a stepper's or a pager's dots, their captions
            items += [Item(rect, text=" ".join(options))] if any(options) else []
            continue
        items.append(Item(rect, LayoutField(text, chosen, required, options, widget="radio")))
    return items


def _label_ink_only(scene: Scene, box: Element, inner: list[int], value_ink: float) -> bool:
    """An empty filled or outlined field shows its label inside, where its value will go: the
    box's one text a name (a few words, mostly letters) set in a label's dimmer ink than the
    values of the screen's boxes, at the start of a wide box (a button's word is centred)."""
    if len(inner) != 1:
        return False
    text = scene.texts[inner[0]]
    r = box.rect
    wide = r.width >= max(120.0, 4 * r.height)
    if not wide or text.rect.x0 - r.x0 > r.height or text.rect.width > 0.75 * r.width:
        return False
    named = wordy(text) and sum(c.isalpha() for c in text.text) >= 3
    return named and not sentence(text) and text.contrast < LABEL_INSIDE_INK * value_ink


def take_units(scene: Scene) -> None:
    """A short word right after an input on its row ("kg", "%", "cm") is the field's unit."""
    for element in scene.elements:
        if element.kind not in ("input", "select"):
            continue
        for i, t in scene.free():
            gap = t.rect.x0 - element.rect.x1
            if (
                0 <= gap <= 14
                and vertical_overlap(t.rect, element.rect) >= 0.5
                and len(t.text) <= 6
                and not any(c.isdigit() for c in t.text)  # "34" in the next cell is a value
                and not any(centre_in(e.rect, t.rect) for e in scene.elements)
            ):
                scene.units[id(element)] = t.text
                scene.used.add(i)
                break


def _help_like(scene: Scene, text: TextBox) -> bool:
    """Set apart from the screen's field labels (smaller, fainter) or a sentence: a help line,
    not the label of the next field (whose control was not seen)."""
    labels = [scene.texts[i] for i in scene.labels]
    if not labels or sentence(text):
        return True
    size = statistics.median(font_size(t) for t in labels)
    shade = statistics.median(t.contrast for t in labels)
    return font_size(text) < 0.9 * size or text.contrast < 0.8 * shade


def attach_help(scene: Scene, items: list[Item]) -> None:
    """Small or faint text (or a sentence) right under a field becomes its help line."""
    for item in items:
        f = item.field
        if f is None or f.widget not in BOX_KINDS:
            continue
        for i, t in scene.free():
            below = 0 <= t.rect.y0 - item.rect.y1 <= max(12.0, 0.9 * t.height)
            if below and abs(t.rect.x0 - item.rect.x0) <= 16 and _help_like(scene, t):
                f.help = t.text
                scene.used.add(i)
                break


# -- the remaining text: lines, tables, read-only pairs ------------------------------------------
