"""Benchmark: the cpu-270m preset on this machine (real Gemma 3 270M, DoRA + rsLoRA r64, bf16).

Run: python benchmarks/cpu_train.py   (about 2-3 minutes on 2 cores)
Writes benchmarks/results/cpu-train-270m.json with s/step, tokens/s, peak RSS and the losses.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    run = Path(tempfile.mkdtemp()) / "run"
    command = [
        sys.executable,
        "-m",
        "ghost_architect.cli",
        "train",
        "--config",
        "cpu-270m",
        "--output",
        str(run),
    ]
    subprocess.run(command, check=True, env={**os.environ, "OMP_WAIT_POLICY": "PASSIVE"})
    summary = json.loads((run / "run.json").read_text())
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    report = {
        "benchmark": "ghost train --config cpu-270m (12 steps, batch 2, seq <= 512)",
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "seconds_per_step": summary["seconds_per_step"],
        "tokens_per_s": summary["tokens_per_s"],
        "peak_rss_gib": summary["peak_memory_gib"],
        "losses": [r["loss"] for r in rows if "loss" in r],
        "eval_loss": summary["eval_loss"],
        "versions": json.loads((run / "versions.json").read_text()),
    }
    (RESULTS / "cpu-train-270m.json").write_text(json.dumps(report, indent=2) + "\n")
    shutil.copy(run / "loss.png", RESULTS / "cpu-train-270m-loss.png")
    shutil.copy(run / "samples.jsonl", RESULTS / "cpu-train-270m-samples.jsonl")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
