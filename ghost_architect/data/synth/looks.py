"""How read-only content is presented: detail panes (label/value grids, rows, definition lists,
key/value tables) and data tables (header style, ruling, stripes), as real admin screens draw them.

These choices come from their own seeded random source (``look_rng``), so adding a look never
shifts the values, columns or themes a seed gave before; only the text a look changes on purpose
(small uppercase labels and headers) differs from a screen drawn without it.
"""

from __future__ import annotations

import random

from ghost_architect.data.synth.model import Block, Theme

# label above value: stack (grid), ruled (grid with borders between cells);
# label left of value: rows (ruled rows), dl (definition list, no rules), kv (shaded key cells),
# spread (label at the left edge, value at the right edge of a narrow pane)
DETAIL_LOOKS = ("stack", "ruled", "rows", "dl", "kv", "spread")
DETAIL_WEIGHTS = (0.25, 0.15, 0.2, 0.15, 0.13, 0.12)
LEFT_LOOKS = ("rows", "dl", "kv", "spread")
# muted-small (the classic dt), upper (small uppercase, letter-spaced), strong (bold, full
# colour), muted (muted, full size), faint-value (dark label, the value in muted colour)
LABEL_STYLES = ("muted-small", "upper", "strong", "muted", "faint-value")
LABEL_WEIGHTS = (0.3, 0.25, 0.2, 0.15, 0.1)
TABLE_HEADS = ("", "upper", "shaded", "plain")
TABLE_HEAD_WEIGHTS = (0.4, 0.25, 0.15, 0.2)
TABLE_RULES = ("", "none", "grid")
TABLE_RULE_WEIGHTS = (0.55, 0.25, 0.2)
PEOPLE = ("name", "first", "last", "person")


def look_rng(seed: int) -> random.Random:
    """The random source for presentation looks, apart from the one that picks the content."""
    return random.Random(f"looks:{seed}")


def details_look(rng: random.Random, theme: Theme, block: Block, kinds: list[str]) -> None:
    """Choose how a details block draws its pairs; ``kinds`` are the columns' catalogue kinds."""
    look = rng.choices(DETAIL_LOOKS, DETAIL_WEIGHTS)[0]
    n = len(block.widgets)
    block.look = look
    block.labels = "left" if look in LEFT_LOOKS else "above"
    if look in LEFT_LOOKS:
        wide = look == "kv" and n >= 4 and theme.width >= 1152 and rng.random() < 0.5
        block.grid = 2 if wide else 1
    else:
        most = 4 if theme.width >= 1280 and n >= 6 else 3 if theme.width >= 1152 else 2
        block.grid = max(1, min(n, rng.randint(2, most)))
    block.label_style = rng.choices(LABEL_STYLES, LABEL_WEIGHTS)[0]
    colon = look in ("dl", "spread") and rng.random() < 0.35
    for w in block.widgets:
        if block.label_style == "upper":
            w.label = w.label.upper()
        if colon:
            w.label += ":"
    block.icons = look in ("rows", "dl", "spread") and rng.random() < 0.3
    people = [i for i, k in enumerate(kinds) if k in PEOPLE]
    block.avatar = people[0] if people and rng.random() < 0.5 else -1


def table_look(rng: random.Random, theme: Theme, block: Block) -> None:
    """Choose a data table's header style, ruling and stripes."""
    block.head = rng.choices(TABLE_HEADS, TABLE_HEAD_WEIGHTS)[0]
    block.look = rng.choices(TABLE_RULES, TABLE_RULE_WEIGHTS)[0]
    block.striped = rng.random() < (0.25 if theme.style in ("bootstrap", "legacy") else 0.4)
    if block.head == "upper":
        block.headers = [h.upper() for h in block.headers]


def kpi_look(rng: random.Random, block: Block) -> None:
    """KPI cards: small uppercase labels on some dashboards."""
    if rng.random() < 0.3:
        block.label_style = "upper"
        block.kpis = [(label.upper(), number) for label, number in block.kpis]
