"""Score a predicted schema against the gold one, the way text-to-SQL and Design2Code are scored.

Tables are matched one-to-one (Hungarian assignment) on normalised names and column overlap;
columns are compared within matched tables; types by equivalence class; primary keys exactly;
foreign keys as edges through the table matching. A prediction that does not parse scores 0.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from ghost_architect.schema.model import Schema, Table
from ghost_architect.schema.names import singular

TYPE_CLASSES = {
    "INTEGER": "integer", "REAL": "number", "DECIMAL": "number", "VARCHAR": "text",
    "TEXT": "text", "DATE": "date", "TIMESTAMP": "datetime", "TIME": "datetime",
    "BOOLEAN": "boolean",
}  # fmt: skip
MATCH_THRESHOLD = 0.3


@dataclass
class Score:
    parsed: bool
    executes: bool
    table_precision: float = 0.0
    table_recall: float = 0.0
    table_f1: float = 0.0
    column_precision: float = 0.0
    column_recall: float = 0.0
    column_f1: float = 0.0
    type_accuracy: float = 0.0
    pk_match: float = 0.0
    fk_f1: float = 0.0
    exact: bool = False

    def as_dict(self) -> dict[str, float | bool]:
        return asdict(self)


def type_class(sql_type: str) -> str:
    return TYPE_CLASSES.get(sql_type.split("(")[0].upper(), sql_type.lower())


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _similarity(pred: Table, gold: Table) -> float:
    name = 1.0 if singular(pred.name) == singular(gold.name) else 0.0
    a, b = set(pred.column_names()), set(gold.column_names())
    overlap = len(a & b) / len(a | b) if a | b else 0.0
    return 0.5 * name + 0.5 * overlap


def match_tables(pred: Schema, gold: Schema) -> list[tuple[Table, Table]]:
    if not pred.tables or not gold.tables:
        return []
    sim = np.array([[_similarity(p, g) for g in gold.tables] for p in pred.tables])
    rows, cols = linear_sum_assignment(-sim)
    return [(pred.tables[r], gold.tables[c]) for r, c in zip(rows, cols, strict=True)
            if sim[r, c] >= MATCH_THRESHOLD]  # fmt: skip


def foreign_key_edges(
    schema: Schema, rename: dict[str, str] | None = None
) -> set[tuple[str, str, str]]:
    """(table, column, referenced table) of every foreign key, table names through ``rename``
    (a name it lacks becomes "?name", which matches nothing)."""
    rename = rename or {}
    return {
        (
            rename.get(t.name, f"?{t.name}"),
            c.name,
            rename.get(c.references[0], f"?{c.references[0]}"),
        )
        for t in schema.tables
        for c in t.columns
        if c.references
    }


def score(pred: Schema | None, gold: Schema, executes: bool = False) -> Score:
    """All metrics for one prediction; ``pred`` None (nothing parsed) scores zero."""
    if pred is None or not pred.tables:
        return Score(parsed=False, executes=False)
    pairs = match_tables(pred, gold)
    tp = len(pairs)
    table_p, table_r = tp / len(pred.tables), tp / len(gold.tables)
    col_tp = col_pred = col_gold = type_ok = pk_ok = 0
    for p, g in pairs:
        shared = set(p.column_names()) & set(g.column_names())
        col_tp += len(shared)
        type_ok += sum(type_class(p.column(n).type) == type_class(g.column(n).type) for n in shared)
        pk_ok += set(p.primary_key) == set(g.primary_key)
    col_pred = sum(len(t.columns) for t in pred.tables)
    col_gold = sum(len(t.columns) for t in gold.tables)
    col_p, col_r = col_tp / col_pred if col_pred else 0.0, col_tp / col_gold if col_gold else 0.0
    to_gold = {p.name: g.name for p, g in pairs}
    pred_edges = foreign_key_edges(pred, to_gold)
    gold_edges = foreign_key_edges(gold, {g.name: g.name for g in gold.tables})
    hits = len(pred_edges & gold_edges)
    fk_p = hits / len(pred_edges) if pred_edges else float(not gold_edges)
    fk_r = hits / len(gold_edges) if gold_edges else float(not pred_edges)
    result = Score(
        parsed=True,
        executes=executes,
        table_precision=table_p,
        table_recall=table_r,
        table_f1=_f1(table_p, table_r),
        column_precision=col_p,
        column_recall=col_r,
        column_f1=_f1(col_p, col_r),
        type_accuracy=type_ok / col_tp if col_tp else 0.0,
        pk_match=pk_ok / len(gold.tables),
        fk_f1=_f1(fk_p, fk_r),
    )
    result.exact = (
        table_p == table_r == col_p == col_r == result.type_accuracy == result.pk_match == 1.0
        and result.fk_f1 == 1.0
    )
    return result
