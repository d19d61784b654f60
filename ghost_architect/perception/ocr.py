"""OCR text boxes with RapidOCR, with the repairs UI text needs.

RapidOCR (PyPI `rapidocr-onnxruntime`) ships its ONNX models inside the package and runs offline
on CPU. Three repairs for screen text: its recogniser drops the space between tightly set words in
bold UI type ("Couriername"), so spaces are put back where the pixels show a word gap between two
letters; a box is cut where the gap is as wide as a column gutter (two fields read as one line);
and `recognise` re-reads cropped parts of a box (a label merged with the input beside it).
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ghost_architect.perception.geometry import Rect, crop

BOX_GLYPHS = re.compile(r"[口□☐☑☒■回]+")
WORD_GAP = 0.2  # an ink-free run this share of the box height between two letters is a space
CUT_GAP = 1.5  # and one this wide separates two columns of text


@dataclass(frozen=True)
class TextBox:
    rect: Rect
    text: str
    contrast: float = 255.0  # |text colour - background| in grey levels: placeholders are faint

    @property
    def height(self) -> float:
        return self.rect.height


def font_size(box: TextBox) -> float:
    """A font-size estimate that ignores descenders: box height and mean character width."""
    return max(0.0, box.height * box.rect.width / max(1, len(box.text))) ** 0.5


@lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    # RapidOCR scales a screenshot's short side up to 736 px before detection; 512 reads UI text
    # as well (screen text is large and crisp) in 2/3 of the time. GHOST_OCR_THREADS caps the
    # ONNX threads (parallel `ghost data perceive` workers use one each).
    threads = int(os.environ.get("GHOST_OCR_THREADS", "-1"))
    return RapidOCR(
        det_limit_side_len=512,
        rec_batch_num=16,
        intra_op_num_threads=threads,
        inter_op_num_threads=1 if threads > 0 else -1,
    )


def _gray(rgb: np.ndarray) -> np.ndarray:
    return rgb.astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)


def _ink_mask(patch: np.ndarray) -> tuple[np.ndarray, float]:
    """Pixels that differ from the patch's background (its median), and the text's contrast."""
    background = float(np.median(patch))
    distance = np.abs(patch - background)
    contrast = float(np.percentile(distance, 98)) if distance.size else 0.0
    return distance > max(24.0, contrast * 0.35), contrast


def _contrast(gray: np.ndarray, rect: Rect) -> float:
    return _ink_mask(crop(gray, rect))[1]


def _gaps(char_boxes: list[Any], columns: np.ndarray, x0: float) -> list[int]:
    """The widest ink-free run of pixel columns between each two neighbouring characters."""
    centres = [(b[0][0] + b[1][0]) / 2 - x0 for b in char_boxes]
    widths = []
    for lo, hi in itertools.pairwise(centres):
        run = best = 0
        for filled in columns[max(0, int(lo)) : max(0, int(hi))]:
            run = 0 if filled else run + 1
            best = max(best, run)
        widths.append(best)
    return widths


def _repair(
    text: str, char_boxes: list[Any], gray: np.ndarray, rect: Rect
) -> list[tuple[Rect, str]]:
    """Spaces put back at word gaps; the box cut in two at a column-wide gap (two fields that
    OCR read as one line)."""
    letters = [c for c in text if c != " "]
    patch = crop(gray, rect)
    if len(char_boxes) != len(letters) or len(letters) < 2 or patch.size == 0:
        return [(rect, text)]
    ink, _ = _ink_mask(patch)
    gaps = _gaps(char_boxes, ink.any(axis=0), rect.x0)
    word_gap = max(3, round(WORD_GAP * rect.height))
    cut_gap = max(18, round(CUT_GAP * rect.height))
    parts: list[tuple[Rect, str]] = []
    current, start_x, letter = "", rect.x0, 0
    for char in text:
        if char == " ":
            current += char
            continue
        if letter:
            gap = gaps[letter - 1]
            cut_x = char_boxes[letter][0][0] - 2
            if gap >= cut_gap and current.strip() and start_x < cut_x < rect.x1:
                end_x = min(cut_x, char_boxes[letter - 1][1][0] + 2)
                parts.append((Rect(start_x, rect.y0, end_x, rect.y1), current.strip()))
                current, start_x = "", cut_x
            elif gap >= word_gap and not current.endswith(" ") and current[-1:].isalpha():
                current += " " if char.isalpha() else ""  # letters only: "Couriername"
        current += char
        letter += 1
    parts.append((Rect(start_x, rect.y0, rect.x1, rect.y1), current.strip()))
    return parts


def read_boxes(rgb: np.ndarray) -> list[TextBox]:
    """OCR text boxes of an RGB image, spaces repaired, each with its text contrast."""
    result, _ = _engine()(rgb, use_cls=False, return_word_box=True)  # screenshots are upright
    gray = _gray(rgb)
    boxes = []
    for item in result or []:
        points, text = item[0], item[1]
        text = unicodedata.normalize("NFKC", text).strip()  # full-width "，" -> ","
        if not text or BOX_GLYPHS.fullmatch(text):
            continue  # an empty checkbox the recogniser read as a CJK box character
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        rect = Rect(min(xs), min(ys), max(xs), max(ys))
        char_boxes = item[3] if len(item) > 3 else []
        for part, part_text in _repair(text, char_boxes, gray, rect):
            boxes.append(TextBox(part, part_text, _contrast(gray, part)))
    return boxes


def recognise(rgb: np.ndarray, rects: list[Rect]) -> list[TextBox]:
    """Read the text of given regions (no detection), one batch; empty reads are dropped."""
    crops = [crop(rgb, r) for r in rects]
    keep = [(r, c) for r, c in zip(rects, crops, strict=True) if c.size and c.shape[1] >= 4]
    if not keep:
        return []
    results, _ = _engine().text_rec([c for _, c in keep])
    gray = _gray(rgb)
    boxes = []
    for (rect, _), (text, _score) in zip(keep, results, strict=True):
        text = unicodedata.normalize("NFKC", text)
        if text.strip():
            boxes.append(TextBox(rect, text.strip(), _contrast(gray, rect)))
    return boxes
