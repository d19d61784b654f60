"""What a model's schemas get wrong on an eval set: every gold and predicted table and column of a
`ghost eval` report put in one error kind, counted per contender. Not a test.

    python benchmarks/schema_errors.py data/benchmark/benchmark.jsonl out/cases.jsonl
    python benchmarks/schema_errors.py data/benchmark/benchmark.jsonl out/cases.jsonl \
        --contender llamacpp:shipped-v5 --out benchmarks/results/schema-errors.json

Tables are paired as the scorer pairs them (schema/score.py). A gold column of a paired table is
"right", "in another table" (the prediction has it, under another table), "renamed" (the paired
table has an unpaired column sharing a word with it: email for work_email) or "missed"; the
columns of an unpaired gold table are "in a missed table". A predicted column that no gold column
explains is "invented" (or "in an invented table").
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from ghost_architect import atomic
from ghost_architect.evaluate import load_cases
from ghost_architect.schema.model import Schema
from ghost_architect.schema.pipeline import schema_from_text
from ghost_architect.schema.score import foreign_key_edges, match_tables, type_class

GOLD_KINDS = ("right", "in another table", "renamed", "missed", "in a missed table")
PRED_KINDS = ("invented", "in an invented table")
TABLE_KINDS = ("paired, same name", "paired, other name", "table missed", "table invented")
OTHER_KINDS = ("wrong type class", "foreign key missed", "foreign key wrong", "unparsed")


def _words(name: str) -> set[str]:
    return set(name.lower().split("_")) - {"id", "", "is", "at", "on"}


def errors(pred: Schema | None, gold: Schema) -> Counter:
    """The error kinds of one prediction against its gold schema, counted."""
    counts: Counter = Counter()
    if pred is None or not pred.tables:
        counts["unparsed"] += 1
        counts["in a missed table"] += sum(len(t.columns) for t in gold.tables)
        counts["table missed"] += len(gold.tables)
        return counts
    pairs = match_tables(pred, gold)
    paired_pred = {p.name for p, _ in pairs}
    paired_gold = {g.name for _, g in pairs}
    everywhere = {c.name for t in pred.tables for c in t.columns}
    for p, g in pairs:
        counts["paired, same name" if p.name == g.name else "paired, other name"] += 1
        gold_names, pred_names = set(g.column_names()), set(p.column_names())
        spare = pred_names - gold_names
        renamed: set[str] = set()
        for name in g.column_names():
            if name in pred_names:
                counts["right"] += 1
                counts["wrong type class"] += type_class(p.column(name).type) != type_class(
                    g.column(name).type
                )
            elif name in everywhere:
                counts["in another table"] += 1
            elif near := next((s for s in sorted(spare - renamed) if _words(s) & _words(name)), ""):
                counts["renamed"] += 1
                renamed.add(near)
            else:
                counts["missed"] += 1
        counts["invented"] += len(spare - renamed)
    for g in gold.tables:
        if g.name not in paired_gold:
            counts["table missed"] += 1
            counts["in a missed table"] += len(g.columns)
    for p in pred.tables:
        if p.name not in paired_pred:
            counts["table invented"] += 1
            counts["in an invented table"] += len(p.columns)
    pred_edges = foreign_key_edges(pred, {p.name: g.name for p, g in pairs})
    gold_edges = foreign_key_edges(gold, {g.name: g.name for g in gold.tables})
    counts["foreign key missed"] += len(gold_edges - pred_edges)
    counts["foreign key wrong"] += len(pred_edges - gold_edges)
    return counts


def tally(cases: Path, report: Path, contender: str | None) -> dict:
    gold = {case.get("id", Path(case["image"]).stem): schema_from_text(case["sql"])[0]
            for case in load_cases(cases)}  # fmt: skip
    rows = [json.loads(line) for line in report.read_text().splitlines() if line.strip()]
    by_contender: dict[str, Counter] = {}
    for row in rows:
        if contender and row.get("contender") != contender:
            continue
        pred, _ = schema_from_text(row["prediction"]) if row.get("parsed") else (None, None)
        by_contender.setdefault(row.get("contender", "model"), Counter()).update(
            errors(pred, gold[row["id"]])
        )
    if not by_contender:
        wanted = f" of contender {contender!r}" if contender else ""
        raise SystemExit(f"{report}: no cases{wanted}")
    return {name: dict(counts) for name, counts in by_contender.items()}


def render(result: dict) -> str:
    names = list(result)
    lines = ["| error kind | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    groups = (("gold columns", GOLD_KINDS), ("predicted columns", PRED_KINDS),
              ("tables", TABLE_KINDS),
              ("other", OTHER_KINDS))  # fmt: skip
    for title, kinds in groups:
        lines.append(f"| **{title}** |" + " |" * len(names))
        for kind in kinds:
            cells = " | ".join(str(result[n].get(kind, 0)) for n in names)
            lines.append(f"| {kind} | {cells} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path, help="the eval set (ghost-vision .jsonl with sql)")
    parser.add_argument("report", type=Path, help="cases.jsonl written by `ghost eval`")
    parser.add_argument("--contender", help="only this contender of a --compare report")
    parser.add_argument("--out", type=Path, help="also write the counts here as JSON")
    args = parser.parse_args()
    result = tally(args.cases, args.report, args.contender)
    print(render(result))
    if args.out:
        atomic.write_json(args.out, {"cases": str(args.cases), "report": str(args.report),
                                     "counts": result})  # fmt: skip


if __name__ == "__main__":
    main()
