"""`ghost eval` on the hand-made benchmark through the transformers engine, on CUDA, in shards.

The transformers engine loads base + adapter on the CPU (it has no device choice); on the GPU
machine this script moves the PEFT model and its inputs to CUDA (same weights, same greedy decoding,
same repetition penalty) and scores shard K of N of the cases, so several processes share the GPU.
`python benchmarks/gpu_eval.py merge OUT/*/cases.jsonl --out DIR` joins the shards' cases and
recomputes the summary (means and bootstrap CIs over all cases) with the product's own summarise.

  python benchmarks/gpu_eval.py run MODEL_DIR LABEL K N OUT_DIR
  python benchmarks/gpu_eval.py merge CASES... --out DIR
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

# GHOST_EVAL_DATA: another set of cases, else the benchmark (choosing among a sweep's snapshots on
# the devset is benchmarks/gpu_select.py's job: it decodes pre-perceived prompts in batches)
BENCH = Path(
    os.environ.get("GHOST_EVAL_DATA")
    or Path(__file__).resolve().parents[1] / "data" / "benchmark" / "benchmark.jsonl"
)
DEVICE = os.environ.get("GHOST_EVAL_DEVICE", "cuda")


class _OnCuda:
    """The PEFT model on DEVICE (default cuda), with generate() fed inputs there. The adapter is
    merged into the (fp32) base first unless GHOST_EVAL_MERGE=0: PEFT's unmerged DoRA recomputes
    its weight norms on every forward (session 8 measured 28 s a case on the GPU), and a merged
    fp32 model decodes the same greedy text."""

    def __init__(self, model):
        if os.environ.get("GHOST_EVAL_MERGE", "1") != "0" and hasattr(model, "merge_and_unload"):
            model = model.merge_and_unload()
        self.model = model.to(DEVICE)

    def generate(self, **kwargs):
        return self.model.generate(
            **{k: v.to(DEVICE) if hasattr(v, "to") else v for k, v in kwargs.items()}
        )

    def __getattr__(self, name):
        return getattr(self.model, name)


def run(model: str, label: str, k: int, n: int, out: Path) -> None:
    from ghost_architect.evaluate import Contender, evaluate
    from ghost_architect.serving.transformers_engine import TransformersEngine

    engine = TransformersEngine()
    original = engine.load

    def load(name: str):
        key = original(name)
        peft_model, reader = engine._loaded[key]
        if not isinstance(peft_model, _OnCuda):
            engine._loaded[key] = (_OnCuda(peft_model), reader)
        return key

    engine.load = load
    cases = [json.loads(line) for line in BENCH.read_text().splitlines() if line.strip()]
    mine = [
        dict(c, image=str(BENCH.parent / c["image"])) for i, c in enumerate(cases) if i % n == k
    ]
    shard = Path(tempfile.mkdtemp()) / "shard.jsonl"
    shard.write_text("".join(json.dumps(c) + "\n" for c in mine))
    summary = evaluate(shard, [Contender(label, engine, model)], out)
    print(json.dumps(summary))


def merge(files: list[Path], out: Path) -> None:
    from ghost_architect import atomic
    from ghost_architect.evaluate import summarise

    rows = [json.loads(line) for f in files for line in f.read_text().splitlines() if line.strip()]
    order = {json.loads(line)["id"]: i for i, line in enumerate(BENCH.read_text().splitlines())}
    rows.sort(key=lambda r: (r["contender"], order.get(r["id"], 1e9)))
    labels = list(dict.fromkeys(r["contender"] for r in rows))
    summary = summarise(rows, labels)
    out.mkdir(parents=True, exist_ok=True)
    atomic.write_text(out / "cases.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    atomic.write_json(out / "summary.json", summary)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), Path(sys.argv[6]))
    else:
        i = sys.argv.index("--out")
        merge([Path(p) for p in sys.argv[2:i]], Path(sys.argv[i + 1]))
