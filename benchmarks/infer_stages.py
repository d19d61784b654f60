"""Benchmark: `ghost infer` end to end on this machine, seconds per screenshot split by stage.

Run: python benchmarks/infer_stages.py [--n 20] [--engine auto]
Warm, in one process (what the app and `ghost infer DIR` see): load, perception (OCR), generation,
validation per screenshot, model load once. Cold: one `ghost infer shot.png` in a fresh process
(interpreter start, imports, OCR and model loads included). Writes
benchmarks/results/infer-stages-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SHOTS = [
    *sorted((ROOT / "data" / "samples" / "images").glob("*.png")),
    *sorted((ROOT / "data" / "generated" / "eval300" / "images").glob("*.png")),
]


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered), 3),
        "p90": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 3),
        "max": round(ordered[-1], 3),
    }


def rounded(row: dict) -> dict:
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in row.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--engine", default="auto")
    args = parser.parse_args()

    from ghost_architect.infer import infer, resolve_engine
    from ghost_architect.plugins import named
    from ghost_architect.serving.engine import default_model

    engine = resolve_engine(args.engine, named("engines"))
    model = default_model(engine, print)
    shots = SHOTS[: args.n]
    started = time.perf_counter()
    cold = subprocess.run(
        [sys.executable, "-m", "ghost_architect.cli", "infer", str(shots[0]), "--engine",
         engine.name, "--model", model],
        capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    cold_seconds = time.perf_counter() - started
    rows = []
    for shot in shots:
        began = time.perf_counter()
        result = infer(shot, engine, model)
        wall = time.perf_counter() - began
        rows.append({"image": shot.name, "wall": wall, "parsed": result.report.parsed,
                     "executes": result.report.executes, **result.timings})  # fmt: skip
    warm = rows[1:] or rows  # the first call pays the OCR and model loads
    stages = [k for k in rows[0] if k not in ("image", "wall", "parsed", "executes")]
    report = {
        "benchmark": f"ghost infer, engine {engine.name}, {len(rows)} screenshots",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "model": model,
        "cold_process_seconds": round(cold_seconds, 2),
        "cold_process_ok": cold.returncode == 0,
        "first_call_seconds": round(rows[0]["wall"], 3),
        "warm_end_to_end_seconds": summary([r["wall"] for r in warm]),
        "warm_stage_seconds": {s: summary([r[s] for r in warm]) for s in stages},
        "parsed_rate": sum(r["parsed"] for r in rows) / len(rows),
        "executes_rate": sum(r["executes"] for r in rows) / len(rows),
        "rows": [rounded(r) for r in rows],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"infer-stages-{engine.name}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "rows"}, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
