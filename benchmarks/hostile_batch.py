"""Benchmark: `ghost infer` on a folder of good screenshots with broken files among them.

Run: python benchmarks/hostile_batch.py [--good 180] [--engine auto] [--source DIR]
Builds a folder of --good screenshots (data engine v2 renders; never the hand-made benchmark)
and 20 broken files of ten kinds, runs one `ghost infer FOLDER --out OUT` process, and checks
that every good file got a schema, every broken file was named with a reason, and the exit code.
Writes benchmarks/results/hostile-batch.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_SOURCE = ROOT / "data" / "generated" / "synth-v2" / "images"


def broken(folder: Path, sample: Path) -> dict[str, str]:
    """Twenty broken files, two of each kind; returns name -> what the reason must say."""
    kinds = {
        "empty": (lambda p: p.write_bytes(b""), "empty file"),
        "text": (lambda p: p.write_text("not an image"), "not an image"),
        "cut": (lambda p: p.write_bytes(sample.read_bytes()[:4000]), "truncated or corrupt"),
        "blank": (lambda p: Image.new("RGB", (900, 700), "white").save(p), "nothing readable"),
        "dark": (lambda p: Image.new("RGB", (900, 700), "black").save(p), "nothing readable"),
        "sliver": (lambda p: Image.new("RGB", (20000, 50), "white").save(p), "is not a screen"),
        "dot": (lambda p: Image.new("RGB", (1, 1), "white").save(p), "too small"),
        "bomb": (lambda p: Image.new("1", (9000, 9000)).save(p), "larger than 60 megapixels"),
        "html": (lambda p: p.write_text("<html><body>hi</body></html>"), "not an image"),
        "zip": (lambda p: p.write_bytes(b"PK\x03\x04" + bytes(200)), "not an image"),
    }
    expected = {}
    for kind, (make, reason) in kinds.items():
        for copy in (1, 2):
            name = f"broken-{kind}-{copy}.png"
            make(folder / name)
            expected[name] = reason
    return expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--good", type=int, default=180)
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    shots = sorted(args.source.glob("*.png"))[-args.good :]  # the end of the list: test split
    if len(shots) < args.good:
        sys.exit(f"{args.source}: {len(shots)} screenshots, need {args.good} (ghost data synth)")
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "shots", Path(tmp) / "out"
        folder.mkdir()
        for shot in shots:
            (folder / shot.name).symlink_to(shot)
        expected = broken(folder, shots[0])
        started = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "ghost_architect.cli", "infer", str(folder), "--out", str(out),
             "--engine", args.engine],
            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "COLUMNS": "400"},
        )  # fmt: skip
        seconds = time.perf_counter() - started
        written = {p.stem for p in out.iterdir()} if out.exists() else set()
    lines = run.stderr.splitlines()
    reported = {name: any(f"{name}: " in ln and why in ln for ln in lines)
                for name, why in expected.items()}  # fmt: skip
    result = {
        "what": "ghost infer on one folder: good screenshots plus 20 broken files (10 kinds)",
        "command": f"python benchmarks/hostile_batch.py --good {args.good} --engine {args.engine}",
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "good": len(shots),
        "good_written": len(written & {s.stem for s in shots}),
        "broken": len(expected),
        "broken_reported_with_reason": sum(reported.values()),
        "broken_written": len(written & {Path(n).stem for n in expected}),
        "exit_code": run.returncode,
        "summary_line": lines[-1] if lines else "",
        "seconds": round(seconds, 1),
        "seconds_per_screenshot": round(seconds / (len(shots) + len(expected)), 3),
        "missed": sorted(n for n, ok in reported.items() if not ok),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "hostile-batch.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
