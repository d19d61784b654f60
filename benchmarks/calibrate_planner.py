"""Fit the memory planner's per-backend coefficients to measured peaks, and report the error.

Run: python benchmarks/calibrate_planner.py
Reads benchmarks/results/planner-measurements.jsonl (ANCHORS.md points + our GPU runs), writes
ghost_architect/training/planner_coefficients.json and benchmarks/results/planner-calibration.md.
Each coefficient multiplies a physical quantity (bytes of saved hidden states, of one layer's MLP
working set, of the logits, of one layer's weights for DoRA), fitted by non-negative least squares
on relative error, so predictions stay physical outside the measured points.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from scipy.optimize import nnls

from ghost_architect.training.planner import BACKENDS, COEFFICIENTS_FILE, components, measured_plan

ROOT = Path(__file__).resolve().parent
MEASUREMENTS = ROOT / "results" / "planner-measurements.jsonl"
REPORT = ROOT / "results" / "planner-calibration.md"
TERMS = ("hidden", "mlp", "logits", "dora")


def design(row: dict) -> tuple[float, np.ndarray]:
    """(exactly counted GiB, GiB per unit of each coefficient)."""
    plan = measured_plan(row)
    zero = dict.fromkeys(TERMS, 0.0)
    fixed = sum(components(plan, zero).values())
    unit = []
    for term in TERMS:
        one = dict(zero, **{term: 1.0})
        unit.append(sum(components(plan, one).values()) - fixed)
    return fixed, np.array(unit)


def fit(rows: list[dict]) -> dict[str, float]:
    a, b = [], []
    for row in rows:
        fixed, unit = design(row)
        a.append(unit / row["peak_alloc_gib"])
        b.append((row["peak_alloc_gib"] - fixed) / row["peak_alloc_gib"])
    coef, _ = nnls(np.array(a), np.array(b))
    return {t: round(float(c), 4) for t, c in zip(TERMS, coef, strict=True)}


def predict(row: dict, coeffs: dict[str, float]) -> float:
    return sum(components(measured_plan(row), coeffs).values())


def main() -> None:
    measured = [json.loads(line) for line in MEASUREMENTS.read_text().splitlines() if line.strip()]
    rows = [r for r in measured if not r.get("superseded")]
    old = [r for r in measured if r.get("superseded")]
    coefficients = {b: fit([r for r in rows if r["backend"] == b]) for b in BACKENDS}
    lines = [
        "# Memory planner calibration",
        "",
        "Measured peak allocated GiB vs the planner's prediction (fit on all points), and the",
        "leave-one-out prediction (fit without that point). Settings a row does not show: batch",
        "1, 4-bit weights, gradient checkpointing, 8-bit AdamW (see the row in",
        "planner-measurements.jsonl).",
        "",
        "| model | backend | seq | r | DoRA | measured | predicted | error | leave-one-out "
        "| source |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    worst = 0.0
    for row in rows:
        same = [r for r in rows if r["backend"] == row["backend"]]
        pred = predict(row, coefficients[row["backend"]])
        err = pred / row["peak_alloc_gib"] - 1
        worst = max(worst, abs(err))
        others = [r for r in same if r is not row]
        loo = predict(row, fit(others)) / row["peak_alloc_gib"] - 1 if len(others) >= 3 else None
        loo_text = f"{loo:+.1%}" if loo is not None else "-"
        lines.append(
            f"| {row['model']} | {row['backend']} | {row['seq']} | {row['r']} | {row['dora']} "
            f"| {row['peak_alloc_gib']:.2f} | {pred:.2f} | {err:+.1%} | {loo_text} "
            f"| {row['source']} |"
        )
    if old:
        lines += ["", "Superseded (not fitted): measured with code that has changed since.", ""]
        lines += [
            f"- {r['model']} {r['backend']} seq {r['seq']} DoRA {r['dora']}: "
            f"{r['peak_alloc_gib']:.2f} GiB ({r['source']}): {r['superseded']}"
            for r in old
        ]
    lines += [
        "",
        f"Worst error (all-points fit): {worst:.1%}.",
        "",
        f"Coefficients: `{json.dumps(coefficients)}`",
    ]
    REPORT.write_text("\n".join(lines) + "\n")
    COEFFICIENTS_FILE.write_text(
        json.dumps(
            {
                "note": "fitted by benchmarks/calibrate_planner.py; "
                "see benchmarks/results/planner-calibration.md",
                "backends": coefficients,
            },
            indent=2,
        )
        + "\n"
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
