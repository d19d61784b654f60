"""Read-only label/value structure in lines of text: which box of a pair is the label.

Cues, each one a property of the text as drawn, not of any CSS framework: a label ends with ':',
is fainter or smaller than its value, or is set in capitals beside a value that is not; and, by
geometry alone, the left cells of rows whose cells line up in two columns are keys, as are
label rows set tight above their value rows, and lines taking turns between a key column and a
value column indented under it (a definition list drawn by the browser's defaults, one or
several side by side).
Items of a menu strip or column never pair side by side (perception/chrome.py).
"""

from __future__ import annotations

import re
import statistics

from ghost_architect.perception.ocr import PADDED_OVERLAP, TextBox, font_size

ALIGN_PX = 24  # px: cells of one column start (or end) within this of each other
FAR_PX = 200  # px: a settings row's value sits at least this far right of its name
INDENT_PX = (12, 120)  # px: how far a value can be indented under its key
QUESTION_WORDS = 14  # a survey's question may be long; a paragraph ending in '?' is longer
# the abbreviations form labels end in: "Permit no.", "Apartment, suite, etc.", "Tel."
ABBREVIATION = re.compile(
    r"\b(etc|no|nr|num|ref|tel|ph|apt|approx|incl|excl|min|max|qty|est|dept|vol|id)\.$", re.I
)


def capitals(box: TextBox) -> bool:
    letters = [c for c in box.text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def label_cue(box: TextBox, other: TextBox) -> bool:
    """A label next to its value: ends with ':', is fainter or smaller, or in capitals beside a
    value with lower-case letters."""
    return (
        box.text.endswith(":")
        or box.contrast < 0.8 * other.contrast
        or font_size(box) < 0.85 * font_size(other)
        or (capitals(box) and any(c.islower() for c in other.text))
    )


def sentence(box: TextBox) -> bool:
    """Prose, not a name: more than five words, or ending in '.', '!' or '?' (instructions, a
    record count, help); a label may end in an abbreviation's stop ("Permit no.", "Apartment,
    suite, etc.")."""
    if len(box.text.split()) > 5:
        return True
    return box.text.endswith(("!", "?")) or (
        box.text.endswith(".") and not ABBREVIATION.search(box.text)
    )


def initials(label: str, value: str) -> bool:
    """An avatar's initials before its person's name ("HT" then "Hemi Tautahi"): one to three
    letters, the first letters of the value's first words, not a label naming it."""
    letters = label.strip().lower()
    words = value.lower().split()
    return (
        0 < len(letters) <= 3
        and letters.isalpha()
        and len(words) >= len(letters)
        and all(w[:1] == c for w, c in zip(words, letters, strict=False))
    )


def question(box: TextBox) -> bool:
    """A question a form asks ("Will participants be paid?", "What should we work on next
    time?"): up to QUESTION_WORDS words ending in '?'."""
    return box.text.rstrip().endswith("?") and len(box.text.split()) <= QUESTION_WORDS


def keyish(box: TextBox) -> bool:
    """Text that can name a field: a few words with letters, not a sentence or a number."""
    return any(c.isalpha() for c in box.text) and len(box.text.split()) <= 5


def paired_columns(run: list[list[TextBox]]) -> bool:
    """Rows of [label, value, label, value, ...]: every even cell names something, and is
    label-like beside the cell right of it in every row but at most one per column pair (a value
    drawn on a badge is no darker than its label; a table's header row is not label-like beside
    its own cells)."""
    if len(run[0]) % 2 or any(len(line) != len(run[0]) for line in run):
        return False
    if not all(keyish(line[k]) for line in run for k in range(0, len(line), 2)):
        return False
    slack = 1 if len(run) >= 4 else 0
    return all(
        sum(not label_cue(line[k], line[k + 1]) for line in run) <= slack
        for k in range(0, len(run[0]), 2)
    )


def _column_x(run: list[list[TextBox]], k: int) -> bool:
    """Cells of column k start (or end) at one x in every row."""
    starts = [line[k].rect.x0 for line in run]
    ends = [line[k].rect.x1 for line in run]
    return max(starts) - min(starts) <= ALIGN_PX or max(ends) - min(ends) <= ALIGN_PX


def styled_apart(a: TextBox, b: TextBox) -> bool:
    """Set in a different style: capitals beside mixed case, or much fainter, darker, smaller or
    larger."""
    contrast = min(a.contrast, b.contrast) / max(1.0, a.contrast, b.contrast)
    size = min(font_size(a), font_size(b)) / max(1.0, font_size(a), font_size(b))
    return capitals(a) != capitals(b) or contrast < 0.8 or size < 0.85


def _header_row(run: list[list[TextBox]]) -> bool:
    """The first row's key styled apart from the keys under it: a table head, not a key."""
    return all(styled_apart(run[0][0], line[0]) for line in run[1:])


def _action(lines: list[list[TextBox]], start: int) -> str | None:
    """The text of a short last cell repeated on the first three lines from `start` ("Edit",
    "Change"): a link on every row of a key/value list, no third column of data (a table's head
    row carries no such link)."""
    ends = [_word(line[-1]) for line in lines[start : start + 3] if len(line) == 3]
    if len(ends) == 3 and len(set(ends)) == 1 and ends[0] and len(ends[0].split()) <= 2:
        return ends[0]
    return None


def _word(box: TextBox) -> str:
    """A cell's words without the icon glyphs OCR reads beside them ("∇Edit")."""
    return " ".join("".join(c for c in w if c.isalnum()) for w in box.text.lower().split()).strip()


def key_value_rows(lines: list[list[TextBox]], start: int) -> tuple[int, bool]:
    """How many lines from `start` are two-cell rows, keys aligned in one column and values in
    another (0 if fewer than two), and whether the first is a table head (a two-column table)
    rather than the first key/value row. A row may end in the same action link as every other
    row (``_action``); the link is no cell of it."""
    action = _action(lines, start)
    run = []
    for full in lines[start:]:
        line = full[:2] if action and len(full) == 3 and _word(full[2]) == action else full
        if len(line) != 2 or not keyish(line[0]) or line[1].rect.x0 - line[0].rect.x1 < 8:
            break
        if run:
            pitch = line[0].rect.y0 - run[-1][0].rect.y1
            if pitch > 2.5 * max(b.height for b in run[-1]) or not _column_x([*run, line], 0):
                break
            if not _column_x([*run, line], 1):
                break
        run.append(line)
    if len(run) < 2 or (action and not _styled_keys(run)):
        return 0, False
    return len(run), _header_row(run)


def _styled_keys(run: list[list[TextBox]]) -> bool:
    """Keys that name fields: each one different, and each but at most one set as a label beside
    its value (the rows of a table, each with its own link, are alike in style)."""
    keys = [_word(line[0]) for line in run]
    styled = sum(label_cue(line[0], line[1]) for line in run)
    return len(set(keys)) == len(keys) and styled >= len(run) - 1


def tight_label_rows(a: list[TextBox], b: list[TextBox], after: float | None) -> bool:
    """A label row right above its value row: same number of cells (2+), each over the other,
    set tighter than a table row (gap under 0.45 line heights) and much tighter than the gap to
    the next line (a table's header sits only a little closer to its first row than rows sit to
    each other)."""
    if len(a) != len(b) or len(a) < 2:
        return False
    height = statistics.fmean(x.height for x in a + b)
    gap = min(y.rect.y0 for y in b) - max(x.rect.y1 for x in a)
    if not -2 <= gap <= 0.45 * height or (after is not None and after <= 2 * gap + 6):
        return False
    return all(
        keyish(x) and abs(x.rect.x0 - y.rect.x0) <= ALIGN_PX for x, y in zip(a, b, strict=True)
    )


def indented_pairs(lines: list[list[TextBox]], start: int) -> int:
    """How many lines from ``start`` take turns as keys and values, in one column or several side
    by side (a definition list per column of a grid): every line has the first line's number of
    boxes, keys of a column start at one x, its values at another x indented under them, a key
    is never a sentence, and every line sits close under the one before (0 if fewer than two
    pairs)."""
    width = len(lines[start])
    count = 0
    for k in range(start, len(lines) - 1, 2):
        key, value = lines[k], lines[k + 1]
        if len(key) != width or len(value) != width:
            break
        if not all(_indented(lines, start, k, j) for j in range(width)):
            break
        gaps = [min(b.rect.y0 for b in value) - max(b.rect.y1 for b in key)]
        if count:
            gaps.append(min(b.rect.y0 for b in key) - max(b.rect.y1 for b in lines[k - 1]))
        if max(gaps) > 1.6 * max(b.height for b in key):
            break
        count += 2
    return count if count * width >= 4 else 0


def _indented(lines: list[list[TextBox]], start: int, k: int, j: int) -> bool:
    """Line k's box j is a key with its value under it in line k + 1, indented as the first pair
    of column j is."""
    key, value = lines[k][j], lines[k + 1][j]
    if not keyish(key) or sentence(key):
        return False
    if not INDENT_PX[0] <= value.rect.x0 - key.rect.x0 <= INDENT_PX[1]:
        return False
    return (
        abs(key.rect.x0 - lines[start][j].rect.x0) <= 4
        and abs(value.rect.x0 - lines[start + 1][j].rect.x0) <= 4
    )


def colon_cells(cells: list[TextBox]) -> list[tuple[str, str, list[TextBox]]] | None:
    """Cells read left to right as 'Label: value' boxes, or a 'Label:' box followed by its value
    box; (label, value, boxes) for each, or None if any cell is something else."""
    found: list[tuple[str, str, list[TextBox]]] = []
    i = 0
    while i < len(cells):
        cell = cells[i]
        label, sep, value = cell.text.partition(": ")
        if cell.text.endswith(":") and i + 1 < len(cells) and ":" not in cells[i + 1].text[:-1]:
            found.append((cell.text[:-1].strip(), cells[i + 1].text, cells[i : i + 2]))
            i += 2
        elif sep and value.strip() and _names_a_field(label):
            found.append((label.strip(), value.strip(), [cell]))
            i += 1
        else:
            return None
    return found or None


def _names_a_field(label: str) -> bool:
    """A label before ': ': a few words with letters, not starting with a digit (not a time)."""
    return (
        0 < len(label.split()) <= 4 and any(c.isalpha() for c in label) and not label[:1].isdigit()
    )


def settings_values(boxes: list[TextBox]) -> list[tuple[int, int]]:
    """(name, value) index pairs of a settings list's read-only rows: a name first on its row, its
    value far right with nothing between, and another such row whose name starts at the same x
    and whose value ends at the same x (the list's two columns)."""
    rows = []
    for i, a in enumerate(boxes):
        if not keyish(a) or sentence(a):
            continue
        row = [(j, b) for j, b in enumerate(boxes) if j != i and _same_row(a, b)]
        right = [j for j, b in row if b.rect.x0 - a.rect.x1 > FAR_PX]
        near = [j for j, b in row if b.rect.x1 <= a.rect.x0 or 0 <= b.rect.x0 - a.rect.x1 <= FAR_PX]
        if len(right) == 1 and not near:  # nothing left of the name or between it and the value
            rows.append((i, right[0]))
    return [
        (i, j)
        for i, j in rows
        if any(
            abs(boxes[k].rect.x0 - boxes[i].rect.x0) <= 6
            and abs(boxes[m].rect.x1 - boxes[j].rect.x1) <= 6
            for k, m in rows
            if k != i
        )
    ]


def two_line_items(boxes: list[TextBox]) -> list[tuple[int, int]]:
    """(name, value) index pairs of a list whose items are a name over a short value line set
    fainter or smaller, tight under it and apart from the items above and below (the settings
    lists of phone apps: "Sync frequency" over "Every 30 minutes"); at least two such items
    starting at one x. A line that is a sentence is help, not a value; a name is mostly letters."""
    items = []
    for i, a in enumerate(boxes):
        if not keyish(a) or sentence(a) or a.text.endswith(":") or not wordy(a):
            continue
        under = _next_to(boxes, a, below=True)
        if under is None:
            continue
        j, gap = under
        b = boxes[j]
        if sentence(b) or not label_cue(b, a) or b.text.endswith(":"):
            continue
        above = _next_to(boxes, a, below=False)
        after = _next_to(boxes, b, below=True)
        if (above is not None and above[1] <= 2 * gap + 4) or (
            after is not None and after[1] <= 2 * gap + 4
        ):
            continue  # the rows of a block of text, or one of label/value pairs set tight
        items.append((i, j))
    return [
        (i, j)
        for i, j in items
        if sum(abs(boxes[k].rect.x0 - boxes[i].rect.x0) <= 4 for k, _ in items) >= 2
    ]


def wrapped_cell(name: TextBox, value: TextBox, region: list[TextBox]) -> bool:
    """A two-line item with more text of ``region`` starting right of it on the rows it spans:
    a table row's two-line cell (a member's name over their number, a role over its summary),
    no setting and its value."""
    return any(
        other.rect.x0 > max(name.rect.x1, value.rect.x1)
        and name.rect.y0 < other.rect.cy < value.rect.y1
        for other in region
    )


def wordy(box: TextBox) -> bool:
    """Mostly letters: a name, not a date or an amount with a word in it ("Apr 26, 2026")."""
    chars = [c for c in box.text if c.isalnum()]
    return sum(c.isalpha() for c in chars) >= 0.8 * len(chars)


def _next_to(boxes: list[TextBox], a: TextBox, below: bool) -> tuple[int, float] | None:
    """The box starting at a's x right under (or over) it, within 0.6 line heights (OCR's padded
    boxes may overlap by a quarter line), and the gap."""
    near = []
    for j, b in enumerate(boxes):
        gap = b.rect.y0 - a.rect.y1 if below else a.rect.y0 - b.rect.y1
        if (
            b is not a
            and abs(b.rect.x0 - a.rect.x0) <= 4
            and -PADDED_OVERLAP * a.height <= gap <= 0.6 * a.height
        ):
            near.append((j, gap))
    return min(near, key=lambda n: n[1], default=None)


def _same_row(a: TextBox, b: TextBox) -> bool:
    overlap = min(a.rect.y1, b.rect.y1) - max(a.rect.y0, b.rect.y0)
    return overlap >= 0.4 * min(a.height, b.height)
