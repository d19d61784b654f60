"""Ground a model's schema in the screen it read: drop the columns nothing on the screen names,
add the labelled fields it left out.

A small model copies labels badly on screens unlike its training data: on the 76 hand-made
dev-set screens the shipped 270M wrote 403 columns named by no word on the screen (one in three;
the hand-written gold schemas have one in five, mostly keys) and left out most of the 720 gold
columns that are a field label or table header as written. The screen text it was given holds
both answers, so the schema is checked against it after parsing:

- a column is dropped when some word of its name appears nowhere on the screen and it shares
  no distinctive word with a field label (`password_hash` for "Password" stays), unless the
  schema needs it (a primary, foreign or referenced key, an indexed column, one another column's
  CHECK or DEFAULT names) or it is a record's name column (``name``, ``title``: a lookup
  table's, implied by the select that picks from it);
- each block of labelled fields (a form, a details list, a grid's headers) lends its missing
  labels to the table that already holds most of its labels, typed from their values, unless the
  schema has a column of that name or one sharing a distinctive word with it (``email`` for
  "E-mail address").

Measured with v10 (`benchmarks/grounding.py`, benchmarks/results/grounding-*.json): dev set
column F1 0.216 -> 0.261 (+0.045 [+0.021, +0.074] paired; the rules were chosen there), table F1
+0.016; hand-made benchmark, measured once, column F1 0.330 -> 0.351 (+0.021 [+0.011, +0.033]);
60 synthetic screens of unseen domains -0.001 [-0.023, +0.022] (their gold follows the
catalogue's names where a label is a synonym).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ghost_architect.perception.layout import Layout, LayoutBlock
from ghost_architect.schema.model import Column, Schema, Table
from ghost_architect.schema.names import normalise_name, singular
from ghost_architect.schema.value_types import guess_type

RECORD_NAMES = frozenset({"name", "full_name", "title", "code"})
# words a column name may carry without the screen showing them (`is_active`, `created_at`)
GLUE = frozenset({"id", "is", "has", "at", "of", "the"})
# words too common to tell two fields apart (`start_date` and `due_date` are different fields)
COMMON = GLUE | {"name", "date", "number", "no", "code", "type", "on", "by", "to", "a", "and"}
WORD = re.compile(r"[a-z0-9]+")
COMPOUND = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)+")  # e-mail, check-in, city/town
LETTER_HYPHEN = re.compile(r"\b([A-Za-z])-(?=[A-Za-z])")  # E-mail -> Email


@dataclass
class Grounding:
    """What grounding changed: ``table.column`` names dropped and added."""

    dropped: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        out = []
        if self.dropped:
            out.append(f"grounding dropped {len(self.dropped)} column(s) no word on the screen "
                       f"names: {', '.join(self.dropped)}")  # fmt: skip
        if self.added:
            out.append(f"grounding added {len(self.added)} screen field(s) the model left out: "
                       f"{', '.join(self.added)}")  # fmt: skip
        return out


def screen_words(layout: str) -> set[str]:
    """Every word of the layout text, singular, and each hyphen or slash compound joined."""
    text = layout.lower()
    words = set(WORD.findall(text))
    words |= {re.sub(r"[-/]", "", c) for c in COMPOUND.findall(text)}
    return {singular(w) for w in words}


def label_column(label: str) -> str:
    """The column a label names as a person writing the schema would (E-mail address ->
    email_address), or "" for OCR debris: one letter, a number, a sentence."""
    name = normalise_name(LETTER_HYPHEN.sub(r"\1", label))
    parts = name.split("_")
    if len(name) < 2 or len(parts) > 5 or any(p.isdigit() for p in parts) or name[:2] == "t_":
        return ""
    return name


def _distinctive(name: str) -> set[str]:
    return {singular(w) for w in name.split("_")} - COMMON


def _on_screen(name: str, words: set[str]) -> bool:
    return all(singular(w) in words for w in name.split("_") if w not in GLUE)


def _holder(schema: Schema, name: str) -> Table | None:
    """The table with a column ``name`` stands for (itself, its foreign key, its plural)."""
    for table in schema.tables:
        for column in table.columns:
            if column.name in (name, f"{name}_id") or singular(column.name) == singular(name):
                return table
    return None


def _structural(schema: Schema) -> set[tuple[str, str]]:
    """(table, column) of every key, indexed column and column another one's CHECK or DEFAULT
    names: what the schema needs to stay valid, whatever the screen shows."""
    keys = {(t.name, c) for t in schema.tables for c in t.primary_key}
    keys |= {(t.name, c.name) for t in schema.tables for c in t.columns if c.references}
    keys |= {c.references for t in schema.tables for c in t.columns if c.references}
    keys |= {(i.table, c) for i in schema.indexes for c in i.columns}
    for table in schema.tables:
        for column in table.columns:
            others = " ".join(f"{o.check or ''} {o.default or ''}" for o in table.columns
                              if o is not column).lower()  # fmt: skip
            if re.search(rf"\b{re.escape(column.name)}\b", others):
                keys.add((table.name, column.name))
    return keys


def _drop_unseen(schema: Schema, words: set[str], labels: set[str], grounding: Grounding) -> None:
    """Drop the columns the screen shows no sign of: some word of the name is nowhere on it and
    the name shares no distinctive word with a field label (`password_hash` for "Password")."""
    keep = _structural(schema)
    for table in schema.tables:
        kept = []
        for column in table.columns:
            if (
                column.name in RECORD_NAMES
                or (table.name, column.name) in keep
                or _on_screen(column.name, words)
                or _distinctive(column.name) & labels
            ):
                kept.append(column)
            else:
                grounding.dropped.append(f"{table.name}.{column.name}")
        table.columns = kept


def _labelled(block: LayoutBlock) -> list[tuple[str, str, list[str]]]:
    """(column name, label, sample values) of a block's fields and grid headers."""
    found = [(f.label, [f.value]) for f in block.fields]
    found += [(header, [row[k] for row in block.rows if k < len(row)])
              for k, header in enumerate(block.headers)]  # fmt: skip
    return [(name, label, values) for label, values in found if (name := label_column(label))]


def _add_missing(
    schema: Schema, blocks: list[list[tuple[str, str, list[str]]]], grounding: Grounding
) -> None:
    """Lend each block's missing labels to the table holding most of the block's labels."""
    for labels in blocks:
        held: dict[str, int] = {}
        for name, _, _ in labels:
            table = _holder(schema, name)
            if table is not None:
                held[table.name] = held.get(table.name, 0) + 1
        if not held:  # the model wrote nothing of this block: no table to lend its fields to
            continue
        host = next(t for t in schema.tables if t.name == max(held, key=held.__getitem__))
        for name, label, values in labels:
            if _holder(schema, name) is not None or any(
                _distinctive(name) & _distinctive(c.name) for t in schema.tables for c in t.columns
            ):
                continue
            host.columns.append(Column(name, guess_type(values, label)))
            grounding.added.append(f"{host.name}.{name}")


def ground_schema(schema: Schema, layout_text: str) -> Grounding:
    """Check ``schema`` (changed in place) against the layout text the model read."""
    grounding = Grounding()
    blocks = [_labelled(block) for block in Layout.from_text(layout_text).blocks]
    labels = {w for labelled in blocks for name, _, _ in labelled for w in _distinctive(name)}
    _drop_unseen(schema, screen_words(layout_text), labels, grounding)
    _add_missing(schema, blocks, grounding)
    return grounding
