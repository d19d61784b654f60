"""Paired comparison of two `ghost eval` runs on the same cases: per metric, the mean of the
per-case differences (A - B) and its 95% bootstrap interval. Not a test.

    python benchmarks/paired.py output/eval-v5/cases.jsonl output/eval-shipped/cases.jsonl
    python benchmarks/paired.py out/cases.jsonl@llamacpp out/cases.jsonl@llamacpp:shipped-v5

A report of several contenders (`ghost eval --compare`) names the one to take after '@'.

Differences taken case by case are far tighter than comparing two separate intervals: both
models see the same screens, so the screens' own difficulty cancels out.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ghost_architect.evaluate import bootstrap_ci

METRICS = ("table_f1", "column_f1", "type_accuracy", "pk_match", "fk_f1", "parsed")


def per_case(source: str) -> dict[str, dict]:
    """The cases of one contender of an eval report by id: FILE, or FILE@CONTENDER where the
    report holds several."""
    path, _, wanted = source.partition("@")
    rows = [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]
    contenders = {row.get("contender") for row in rows}
    if wanted:
        if wanted not in contenders:
            raise SystemExit(f"{path}: no contender {wanted!r} (it holds {sorted(contenders)})")
        rows = [row for row in rows if row.get("contender") == wanted]
    elif len(contenders) > 1:
        raise SystemExit(f"{path}: holds several contenders {sorted(contenders)}; name one: @NAME")
    return {row["id"]: row for row in rows}


def compare(a: dict[str, dict], b: dict[str, dict]) -> dict:
    shared = sorted(set(a) & set(b))
    if not shared:
        raise SystemExit("the two reports share no case id")
    out = {}
    for metric in METRICS:
        diffs = [float(a[k][metric]) - float(b[k][metric]) for k in shared]
        low, high = bootstrap_ci(diffs)
        out[metric] = {
            "a": round(sum(float(a[k][metric]) for k in shared) / len(shared), 4),
            "b": round(sum(float(b[k][metric]) for k in shared) / len(shared), 4),
            "a_minus_b": round(sum(diffs) / len(diffs), 4),
            "ci95": [round(low, 4), round(high, 4)],
        }
    return {"cases": len(shared), "metrics": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", help="cases.jsonl of model A (FILE@CONTENDER for one of several)")
    parser.add_argument("b", help="cases.jsonl of model B (FILE@CONTENDER for one of several)")
    args = parser.parse_args()
    result = compare(per_case(args.a), per_case(args.b))
    print(f"{result['cases']} shared cases: A = {args.a}, B = {args.b}")
    for metric, row in result["metrics"].items():
        low, high = row["ci95"]
        print(f"{metric:14s} A {row['a']:.3f}  B {row['b']:.3f}  A-B {row['a_minus_b']:+.3f}"
              f"  95% CI [{low:+.3f}, {high:+.3f}]")  # fmt: skip


if __name__ == "__main__":
    main()
