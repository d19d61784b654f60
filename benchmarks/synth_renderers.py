"""Benchmark: synthetic screens per second for each renderer on this machine.

Run: python benchmarks/synth_renderers.py [--n 60]
Writes benchmarks/results/synth-renderers.json and a contact sheet per renderer.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from ghost_architect.data.synth.generate import generate
from ghost_architect.plugins import registry

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=60)
    args = parser.parse_args()
    rows = []
    for name, renderer in registry("renderers").items.items():
        reason = renderer.unavailable_reason()
        if reason:
            rows.append({"renderer": name, "skipped": reason})
            continue
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "set"
            start = time.perf_counter()
            generate(args.n, 1, out, renderer)
            seconds = time.perf_counter() - start
            shutil.copy(out / "contact-sheet.png", RESULTS / f"synth-contact-sheet-{name}.png")
        rows.append(
            {
                "renderer": name,
                "screens": args.n,
                "seconds": round(seconds, 2),
                "screens_per_s": round(args.n / seconds, 2),
            }
        )
        print(rows[-1])
    report = {
        "benchmark": "ghost data synth, seed 1, all screen kinds",
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "results": rows,
    }
    (RESULTS / "synth-renderers.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
