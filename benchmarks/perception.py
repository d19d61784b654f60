"""Perception on its own, per screen: field-label recall, label/value pairing accuracy, widget
accuracy, table-header recall and seconds per screenshot. Not a test.

    python benchmarks/perception.py data/benchmark --out benchmarks/results/perception-bench.json
    python benchmarks/perception.py data/generated/synth-v2 --limit 60 --out ...synthetic.json

A folder with `fields/ID.json` (the hand-made benchmark) or `visible/ID.json` (`ghost data synth`)
next to `images/ID.png`.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from datetime import date
from pathlib import Path

from PIL import Image

from ghost_architect import atomic
from ghost_architect.perception import perceive
from ghost_architect.perception.measure import PerceptionScore, score_layout


def gold_files(folder: Path) -> list[Path]:
    for sub in ("fields", "visible"):
        files = sorted((folder / sub).glob("*.json"))
        if files:
            return files
    raise SystemExit(f"{folder}: no fields/*.json or visible/*.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--show", action="store_true", help="print each screen's misses")
    args = parser.parse_args()
    files = gold_files(args.folder)[: args.limit or None]
    perceive(Image.new("RGB", (64, 64), "white"))  # load the OCR models outside the timings
    total, screens, seconds = PerceptionScore(), [], []
    for path in files:
        gold = json.loads(path.read_text())
        image = Image.open(args.folder / "images" / f"{path.stem}.png").convert("RGB")
        started = time.perf_counter()
        layout = perceive(image)
        seconds.append(time.perf_counter() - started)
        got = score_layout(layout, gold.get("fields", []), gold.get("tables", []))
        total.add(got)
        screens.append({"id": path.stem, "seconds": round(seconds[-1], 3), **got.summary(),
                        "misses": got.misses})  # fmt: skip
        if args.show and got.misses:
            print(path.stem, *got.misses, sep="\n  ")
    summary = {"folder": str(args.folder), "screens": len(files), **total.summary(),
               "median_seconds": round(statistics.median(seconds), 3),
               "mean_seconds": round(statistics.fmean(seconds), 3),
               "command": "python benchmarks/perception.py " + str(args.folder),
               "machine": f"{platform.processor() or platform.machine()}, 2 cores",
               "date": date.today().isoformat()}  # fmt: skip
    print(json.dumps(summary, indent=1))
    if args.out:
        atomic.write_json(args.out, {"summary": summary, "screens": screens})


if __name__ == "__main__":
    main()
