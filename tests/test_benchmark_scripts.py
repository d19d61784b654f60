"""The GPU benchmark scripts run as dry runs on the CPU, so a change to the training code that
breaks them fails here rather than on the GPU machine, where device time is scarce (a planner
calibration call was lost to a TrinityLoop signature change)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def script(name: str, *args: str, cwd: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CUDA_VISIBLE_DEVICES": ""}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / name), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_gpu_trinity_bench_row_has_what_the_planner_fits(tmp_path):
    script("gpu_trinity.py", "make", "tiny", str(tmp_path / "m"), cwd=tmp_path)
    out = script(
        "gpu_trinity.py", "bench", "hf", str(tmp_path / "m"), "64", "1", "--size", "tiny",
        "--steps", "3", "--batch", "2", "--bf16-weights", "--no-gc", "--optimizer", "adamw_torch",
        cwd=tmp_path,
    )  # fmt: skip
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert len(rows) == 1
    row = rows[0]
    assert (row["seq"], row["batch"], row["dora"]) == (64, 2, True)
    assert (row["load_in_4bit"], row["gradient_checkpointing"]) == (False, False)
    assert len(row["losses"]) == 3 and all(math.isfinite(x) and x > 0 for x in row["losses"])
    assert row["tok_per_s"] > 0 and row["peak_alloc_gib"] > 0 and row["gpu"] == "cpu"


def test_train_speed_smoke_measures_and_compares_dora(tmp_path):
    out = script("train_speed.py", "--smoke", "--stacks", "ghost", cwd=tmp_path)
    assert "rows appended" in out and "parity appended" in out
    scratch = Path(out.split("parity appended to ")[1].strip()).parent
    rows = json.loads((scratch / "train_speed.json").read_text())
    assert {r["dora"] for r in rows if "tok_per_s" in r} == {True, False}
    parity = json.loads((scratch / "train_speed_parity.json").read_text())
    assert parity[-1]["steps"] == 4 and parity[-1]["max_abs_loss_diff"] < 1e-3


def test_gpu_select_scores_adapters_on_perceived_screens(tmp_path):
    """The devset selection decodes perceived prompts in a batch with each adapter merged and
    scores them with the product's scorer (here one screen, the shipped adapter, on the CPU)."""
    devset = ROOT / "data" / "devset" / "devset.jsonl"
    first = json.loads(devset.read_text().splitlines()[1])
    first["image"] = str(devset.parent / first["image"])
    (tmp_path / "one.jsonl").write_text(json.dumps(first) + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "ghost_architect.cli", "data", "perceive", str(tmp_path / "one.jsonl"),
         "--out", str(tmp_path / "text.jsonl")],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    shipped = ROOT / "ghost_architect" / "models" / "shipped" / "ghost-architect-270m" / "adapter"
    os.environ["GHOST_EVAL_DEVICE"] = "cpu"
    try:
        out = script("gpu_select.py", str(tmp_path / "text.jsonl"), str(tmp_path / "s.json"),
                     f"shipped={shipped}", cwd=tmp_path)  # fmt: skip
    finally:
        del os.environ["GHOST_EVAL_DEVICE"]
    (line,) = [json.loads(x) for x in (tmp_path / "s.json").read_text().splitlines()]
    assert line["adapter"] == "shipped" and line["cases"] == 1 and line["parsed"] == 1.0
    assert json.loads(out.splitlines()[-1]) == line
    (case,) = [json.loads(x) for x in (tmp_path / "shipped-cases.jsonl").read_text().splitlines()]
    assert case["id"] == first["id"] and "CREATE TABLE" in case["prediction"]
    assert case["table_f1"] == line["table_f1"] > 0


def test_gpu_screens_packs_chunks_as_the_same_pixels_in_webp(tmp_path):
    """A synthetic chunk travels to the GPU machine as lossless WebP: the screen perception reads
    there must be the PNG rendered here, pixel for pixel, and the chunk's records must point at it."""
    import tarfile

    import numpy as np
    from PIL import Image

    from ghost_architect.perception.image import load_image

    rng = np.random.default_rng(0)
    for name in ("c1", "c2"):
        (tmp_path / name / "images").mkdir(parents=True)
        records = []
        for k in range(2):
            pixels = rng.integers(0, 256, (40, 60, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(tmp_path / name / "images" / f"{name}-{k}.png")
            records.append({"id": f"{name}-{k}", "image": f"images/{name}-{k}.png", "sql": "x"})
        (tmp_path / name / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    out = script("gpu_screens.py", "c1", "c2", "--max-mb", "0.001", "--workers", "1", cwd=tmp_path)
    pieces = sorted((tmp_path / ".gpu-carry").glob("scr[0-9]*"))
    assert [sorted(t.name for t in p.iterdir()) for p in pieces] == [["c1.tar"], ["c2.tar"]], out
    unpacked = tmp_path / "device"
    for piece in pieces:
        for tar in piece.glob("*.tar"):
            with tarfile.open(tar) as handle:
                handle.extractall(unpacked, filter="data")
    for name in ("c1", "c2"):
        records = [json.loads(line) for line in (unpacked / name / "train.jsonl").open()]
        assert [r["image"] for r in records] == [f"images/{name}-0.webp", f"images/{name}-1.webp"]
        for record in records:
            with Image.open(unpacked / name / record["image"]) as shot:
                assert shot.format == "WEBP"
            there, _ = load_image(unpacked / name / record["image"])
            here, _ = load_image(tmp_path / name / record["image"].replace(".webp", ".png"))
            assert np.array_equal(np.asarray(there), np.asarray(here))
