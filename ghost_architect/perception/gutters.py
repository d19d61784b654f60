"""Column gutters: the blank vertical bands that the rows of a table (or of a dense form) share.

OCR's detector joins text set close on one line into one box: two header cells ("Qty UOM"), two
body cells ("212.4 $1,184.20"), a label and its value. One line cannot tell a cell gap from a
wide word space, but a stack of rows can: where four or more lines at a steady pitch all leave
the same band blank, with ink on both sides of it, the band is a gutter between columns. Every
box that runs across a gutter and is blank there itself is cut in the band and both parts are
re-read; so is a header line just above the rows. Found from the pixels row by row (numpy)
rather than with OpenCV's line finder: borderless tables have no lines to find.
"""

from __future__ import annotations

import itertools
import statistics

import numpy as np

from ghost_architect.perception.geometry import Rect, horizontal_overlap, union
from ghost_architect.perception.ocr import TextBox, recognise
from ghost_architect.perception.rows import line_indices

MIN_ROWS = 4  # lines in a stack before its shared blanks count as gutters
PITCH_SPREAD = 0.2  # each gap between lines within this share of the stack's median pitch
BLANK_SHARE = 0.9  # of a stack's lines blank in a band for it to be a gutter
SIDES_SHARE = 0.75  # of the lines with ink on each side of the band
MIN_GUTTER = 0.6  # of the median text height: a narrower band is a word space
SUBLINE = 0.85  # lines whose centres are closer than this share of their height are one row
INK = 40  # grey levels off a line's background that count as ink


def _rows(texts: list[TextBox], lines: list[list[int]]) -> list[list[int]]:
    """Lines closer than SUBLINE of their text height merged: a cell's second line (an e-mail
    under a name) belongs to its row."""
    rows: list[list[int]] = []
    for above, line in zip([[], *lines], lines, strict=False):
        if above:
            gap = statistics.fmean(texts[i].rect.cy for i in line) - statistics.fmean(
                texts[i].rect.cy for i in above
            )
            height = min(statistics.median(texts[i].rect.height for i in part)
                         for part in (above, line))  # fmt: skip
            if gap < SUBLINE * height:
                rows[-1].extend(line)
                continue
        rows.append(list(line))
    return rows


def _stacks(texts: list[TextBox], lines: list[list[int]]) -> list[list[int]]:
    """Runs of MIN_ROWS+ consecutive lines (indices into ``lines``) at a steady pitch whose
    spans overlap: the rows of one table or form. A line that breaks a run may start the next
    one with the line before it."""
    centres = [statistics.fmean(texts[i].rect.cy for i in line) for line in lines]
    spans = [union([texts[i].rect for i in line]) for line in lines]
    stacks: list[list[int]] = []
    run = [0] if lines else []
    for k in range(1, len(lines)):
        pitch = centres[k] - centres[k - 1]
        usual = statistics.median([centres[j] - centres[j - 1] for j in run[1:]] or [pitch])
        steady = abs(pitch - usual) <= PITCH_SPREAD * usual and pitch <= 4 * spans[k].height
        if steady and horizontal_overlap(spans[k], union([spans[j] for j in run])) >= 0.5:
            run.append(k)
            continue
        if len(run) >= MIN_ROWS:
            stacks.append(run)
        run = [k - 1, k] if pitch <= 4 * spans[k].height else [k]
    if len(run) >= MIN_ROWS:
        stacks.append(run)
    return stacks


def _blank(gray: np.ndarray, band: Rect, x0: int, x1: int) -> np.ndarray:
    """Per pixel column from x0 to x1: no ink in the line's band (its background is its median)."""
    patch = gray[int(band.y0) : int(band.y1), x0:x1].astype(np.int16)
    if patch.size == 0:
        return np.ones(max(0, x1 - x0), bool)
    return ~(np.abs(patch - int(np.median(patch))) > INK).any(axis=0)


def _gutters(blanks: list[np.ndarray], min_width: int) -> list[tuple[int, int]]:
    """Bands (start, end) blank in BLANK_SHARE of the lines with ink on both sides in
    SIDES_SHARE of them, at least ``min_width`` wide; offsets into the stack's span."""
    stack = np.array(blanks)
    shared = stack.mean(axis=0) >= BLANK_SHARE
    found = []
    edges = np.diff(np.concatenate(([0], shared.astype(np.int8), [0])))
    for start, end in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0], strict=True):
        if end - start < min_width or start == 0 or end == stack.shape[1]:
            continue
        left = (~stack[:, :start]).any(axis=1)
        right = (~stack[:, end:]).any(axis=1)
        if (left & right).mean() >= SIDES_SHARE:
            found.append((int(start), int(end)))
    return found


def _cut_at(blank: np.ndarray, lo: int, hi: int, need: int) -> int | None:
    """The middle of one line's widest blank run inside [lo, hi), if ``need`` or more wide (a
    comma or a word space inside a value is narrower than a gutter)."""
    best, best_at, run = 0, None, 0
    for x in range(lo, hi):
        run = run + 1 if blank[x] else 0
        if run > best:
            best, best_at = run, x - run // 2
    return best_at if best >= need else None


def cut_at_gutters(rgb: np.ndarray, gray: np.ndarray, texts: list[TextBox]) -> list[TextBox]:
    """The boxes with every one that runs across a column gutter cut there and re-read
    (``gray``: the screenshot's luminance)."""
    lines = _rows(texts, line_indices(texts))
    cuts: dict[int, list[float]] = {}
    starts: set[int] = set()  # boxes that start a cell: never joined to the box before them
    for stack in _stacks(texts, lines):
        rows = [lines[k] for k in stack]
        span = union([texts[i].rect for row in rows for i in row])
        x0, x1 = int(span.x0), int(span.x1)
        bands = [union([texts[i].rect for i in row]) for row in rows]
        height = statistics.median(texts[i].rect.height for row in rows for i in row)
        head = stack[0] - 1  # the header line just above the rows, if it lies over them
        if head >= 0:
            over = union([texts[i].rect for i in lines[head]])
            pitch = (bands[-1].cy - bands[0].cy) / (len(bands) - 1)
            if bands[0].cy - over.cy <= 2.5 * pitch and horizontal_overlap(over, span) >= 0.8:
                rows, bands = [lines[head], *rows], [over, *bands]
        blanks = [_blank(gray, band, x0, x1) for band in bands]
        need = max(4, round(MIN_GUTTER * height))
        gutters = _gutters(blanks[1:] if len(rows) > len(stack) else blanks, need)
        for row, blank in zip(rows, blanks, strict=True):
            for i in row:
                r = texts[i].rect
                for lo, hi in gutters:
                    at = _cut_at(blank, lo, hi, need)
                    if at is None:
                        continue
                    if r.x0 < x0 + at < r.x1:
                        cuts.setdefault(i, []).append(x0 + at)
                    elif x0 + lo <= r.x0 and _after(texts, row, i) <= x0 + hi:
                        starts.add(i)  # the box before it ends at or in the gutter
    texts = [TextBox(t.rect, t.text, t.contrast, cut=True) if i in starts and not t.cut else t
             for i, t in enumerate(texts)]  # fmt: skip
    if not cuts:
        return texts
    parts_of = {
        i: [Rect(a, texts[i].rect.y0, b, texts[i].rect.y1)
            for a, b in itertools.pairwise([texts[i].rect.x0, *sorted(xs), texts[i].rect.x1])]
        for i, xs in cuts.items()
    }  # fmt: skip
    # a box's first part starts a cell only where the box did; every later part starts one
    opens = {(part.x0, part.y0): texts[i].cut or k > 0
             for i, parts in parts_of.items() for k, part in enumerate(parts)}  # fmt: skip
    read = recognise(rgb, [part for parts in parts_of.values() for part in parts])
    kept = [t for i, t in enumerate(texts) if i not in cuts]
    return kept + [TextBox(t.rect, t.text, t.contrast, cut=opens[t.rect.x0, t.rect.y0])
                   for t in read]  # fmt: skip


def _after(texts: list[TextBox], row: list[int], i: int) -> float:
    """Where the box just before box ``i`` on its line ends (-inf for the first box)."""
    before = [j for j in row if texts[j].rect.x0 < texts[i].rect.x0]
    return max((texts[j].rect for j in before), key=lambda r: r.x0).x1 if before else float("-inf")
