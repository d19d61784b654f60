"""ER diagram as a PNG, drawn with Pillow: one box per table, an arrow per foreign key.

Tables are placed in columns by dependency depth (a table sits right of every table it
references), so foreign-key arrows run right to left. Drawn with Pillow rather than Graphviz
because Graphviz is a system package a `pip install` cannot bring.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

from ghost_architect.errors import GhostError
from ghost_architect.fonts import font
from ghost_architect.schema.model import Schema, Table

PAD, ROW, GAP_X, GAP_Y, MARGIN, LANE = 10, 24, 90, 28, 24, 12
INK, MUTED, HEAD, EDGE, KEY = "#1f2330", "#6b7080", "#dde6f7", "#3a6fd8", "#b5651d"


@dataclass
class Box:
    table: Table
    depth: int = 0  # dependency column: 0 for tables that reference no other table
    x: int = 0
    y: int = 0
    width: int = 0

    @property
    def height(self) -> int:
        return ROW * (len(self.table.columns) + 1) + PAD

    def row_y(self, column: str) -> int:
        names = self.table.column_names()
        index = names.index(column) if column in names else 0
        return self.y + ROW * (index + 1) + ROW // 2


def depths(ordered: list[Table]) -> dict[str, int]:
    """0 for tables that reference no other table, else one more than their deepest target
    (``ordered``: referenced tables first, as Schema.ordered gives them)."""
    result: dict[str, int] = {}
    for table in ordered:
        targets = [c.references[0] for c in table.columns if c.references]
        result[table.name] = 1 + max(
            (result[t] for t in targets if t in result and t != table.name), default=-1
        )
    return result


def _labels(table: Table) -> list[tuple[str, str, str]]:
    rows = []
    for column in table.columns:
        flags = {"PK": column.name in table.primary_key, "FK": column.references,
                 "UQ": column.unique}  # fmt: skip
        keys = [k for k, on in flags.items() if on]
        rows.append((column.name, column.type, " ".join(keys)))
    return rows


def _layout(schema: Schema) -> tuple[list[Box], int, int]:
    bold, regular = font("sans", 14, True), font("sans", 13)
    ordered = schema.ordered()
    level = depths(ordered)
    boxes = {t.name: Box(t, level[t.name]) for t in ordered}
    for box in boxes.values():
        widths = [bold.getlength(box.table.name)]
        for name, kind, keys in _labels(box.table):
            widths.append(regular.getlength(f"{name}  {kind}  {keys}") + 12)
        box.width = int(max(widths)) + 2 * PAD
    x = MARGIN
    height = 0
    for depth in sorted(set(level.values())):
        column = [box for box in boxes.values() if box.depth == depth]
        y = MARGIN
        for box in column:
            box.x, box.y = x, y
            y += box.height + GAP_Y
        height = max(height, y)
        x += max(b.width for b in column) + GAP_X
    return list(boxes.values()), x - GAP_X + MARGIN, height - GAP_Y + MARGIN


def _draw_box(draw: ImageDraw.ImageDraw, box: Box) -> None:
    bold, regular = font("sans", 14, True), font("sans", 13)
    right, bottom = box.x + box.width, box.y + box.height
    draw.rectangle((box.x, box.y, right, bottom), fill="white", outline=INK, width=1)
    draw.rectangle((box.x, box.y, right, box.y + ROW), fill=HEAD, outline=INK, width=1)
    draw.text((box.x + PAD, box.y + 4), box.table.name, font=bold, fill=INK)
    for i, (name, kind, keys) in enumerate(_labels(box.table)):
        y = box.y + ROW * (i + 1) + 5
        draw.text((box.x + PAD, y), name, font=regular, fill=INK)
        name_end = box.x + PAD + regular.getlength(name)
        draw.text((name_end + 8, y), kind, font=regular, fill=MUTED)
        if keys:
            draw.text((right - PAD, y), keys, font=regular, fill=KEY, anchor="ra")


def _arrow(draw: ImageDraw.ImageDraw, start: tuple[int, int], end: tuple[int, int]) -> None:
    """An elbow from the referencing column to the referenced key, arrowhead at the target."""
    (x0, y0), (x1, y1) = start, end
    mid = (x0 + x1) // 2
    draw.line([(x0, y0), (mid, y0), (mid, y1), (x1, y1)], fill=EDGE, width=2)
    tip = 1 if x1 > mid else -1
    draw.polygon([(x1, y1), (x1 - 8 * tip, y1 - 5), (x1 - 8 * tip, y1 + 5)], fill=EDGE)


def _edges(boxes: dict[str, Box]) -> list[tuple[Box, str, Box, str]]:
    return [
        (box, column.name, boxes[column.references[0]], column.references[1])
        for box in boxes.values()
        for column in box.table.columns
        if column.references and column.references[0] in boxes
    ]


def _far(source: Box, target: Box) -> bool:
    """An edge that skips a column of tables (or points right, in a cycle) takes a lane."""
    return source is not target and source.depth - target.depth != 1


def render_erd(schema: Schema) -> bytes:
    """PNG bytes of the schema's ER diagram. An arrow to the next column over is an elbow; one
    that would cross other tables runs along its own lane under the diagram."""
    if not schema.tables:
        raise GhostError("the schema has no tables to draw", "check the validation report above")
    placed, width, height = _layout(schema)
    edges = _edges({b.table.name: b for b in placed})
    lanes = sum(1 for source, _, target, _ in edges if _far(source, target))
    image = Image.new("RGB", (width, height + LANE * lanes), "#f7f8fa")
    draw = ImageDraw.Draw(image)
    lane = 0
    for source, column, target, key in edges:
        start_y, end_y = source.row_y(column), target.row_y(key)
        right = target.x + target.width
        if target is source:  # self-reference: a loop on the right edge
            draw.line([(right, start_y), (right + 16, start_y), (right + 16, end_y),
                       (right, end_y)], fill=EDGE, width=2)  # fmt: skip
        elif _far(source, target):
            y = height - MARGIN // 2 + LANE * lane
            x0, x1 = source.x - 10 - 4 * lane, right + 10 + 4 * lane
            draw.line([(source.x, start_y), (x0, start_y), (x0, y), (x1, y), (x1, end_y)],
                      fill=EDGE, width=2)  # fmt: skip
            _arrow(draw, (x1, end_y), (right, end_y))
            lane += 1
        else:
            _arrow(draw, (source.x, start_y), (right, end_y))
    for box in placed:
        _draw_box(draw, box)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
