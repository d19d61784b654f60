"""The memory planner: calibrated against every measured peak, the ladder, `ghost plan`."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, run_ghost

from ghost_architect.config import load_config
from ghost_architect.models.catalog import MODELS, TARGET_SHAPES, model_spec
from ghost_architect.training.planner import (
    PlanInput,
    components,
    load_coefficients,
    make_plan,
    measured_plan,
)

MEASURED = ROOT / "benchmarks" / "results" / "planner-measurements.jsonl"


def test_published_sizes():
    assert round(MODELS["gemma-3-12b"].text_params / 1e9, 2) == 11.77
    assert round(MODELS["gemma-3-270m"].text_params / 1e6) == 268
    assert MODELS["gemma-3-12b"].lora_params(64, list(TARGET_SHAPES), True) == 264_118_272
    assert model_spec("google/gemma-3-4b-it") is MODELS["gemma-3-4b"]


def test_within_15_percent_of_every_measured_peak():
    coeffs = load_coefficients()
    rows = [json.loads(line) for line in MEASURED.read_text().splitlines() if line.strip()]
    rows = [row for row in rows if not row.get("superseded")]
    assert len(rows) >= 8 and {r["backend"] for r in rows} == {"hf", "unsloth"}
    for row in rows:
        predicted = sum(components(measured_plan(row), coeffs[row["backend"]]).values())
        assert abs(predicted / row["peak_alloc_gib"] - 1) <= 0.15, (row, predicted)


def test_t4_12b_4096_fits_with_unsloth_not_plain_peft():
    plan = PlanInput(model_spec("gemma-3-12b"), 4096, 64, True, TARGET_SHAPES)
    result = make_plan(plan, "t4-16gb", 14.7, "unsloth")
    by_backend = {p.backend: p for p in result.predictions[:2]}
    assert by_backend["unsloth"].fits and not by_backend["hf"].fits
    assert result.ladder == [] and result.fits
    peft = make_plan(plan, "t4-16gb", 14.7, "hf")
    assert peft.ladder[0].startswith("seq 4096 -> 2048") and not peft.fits


def test_ladder_order_and_stop_when_it_fits():
    plan = PlanInput(model_spec("gemma-3-12b"), 4096, 64, True, TARGET_SHAPES)
    result = make_plan(plan, "rtx3060-12gb", 11.8, "unsloth")
    steps = [s.split(":")[0] for s in result.ladder]
    assert steps == ["seq 4096 -> 2048", "r 64 -> 32", "DoRA off"][: len(steps)]
    assert result.fits and result.final.seq == 2048


@pytest.mark.parametrize("backend", ["hf", "unsloth"])
def test_plan_json_shape(backend):
    result = run_ghost(
        "plan",
        "--model",
        "gemma-3-12b",
        "--profile",
        "t4-16gb",
        "--seq",
        "4096",
        "--r",
        "64",
        "--dora",
        "--json",
        "--backend",
        backend,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["model"] == "gemma-3-12b" and data["profile"] == "t4-16gb"
    assert {p["backend"] for p in data["predictions"][:2]} == {"unsloth", "hf"}
    for p in data["predictions"]:
        assert {"backend", "dora", "seq", "r", "peak_gib", "fits"} <= set(p)
    assert isinstance(data["ladder"], list)


def test_plan_table_and_errors():
    table = run_ghost(
        "plan", "--model", "gemma-3-12b", "--profile", "t4-16gb", "--seq", "4096", "--dora"
    )
    assert "unsloth: fits as asked" in table.stdout
    bad = run_ghost("plan", "--model", "gemma-3-9b", "--profile", "t4-16gb")
    assert bad.returncode == 1 and "unknown model size 'gemma-3-9b'" in bad.stderr
    cpu = run_ghost("plan", "--model", "gemma-3-270m", "--profile", "cpu", "--json")
    assert json.loads(cpu.stdout)["backend"] == "hf"


def test_the_live_ladder_walks_the_planned_rungs():
    """ghost train's OOM ladder (a config) and ghost plan's (a plan) are one ladder: the rungs
    that keep the recipe first, the global batch kept when the batch is split."""
    from ghost_architect.config import load_config
    from ghost_architect.training.ladder import next_step

    flags = {
        "model.name": "gemma-3-4b",
        "model.max_seq_length": "4096",
        "adapter.r": "64",
        "adapter.use_dora": "true",
        "train.per_device_train_batch_size": "6",
        "train.gradient_accumulation_steps": "2",
        "train.gradient_checkpointing": "false",
    }
    live = []
    while (step := next_step(load_config(flags=flags))) is not None:
        live.append(step[0])
        flags |= {key: str(value).lower() if isinstance(value, bool) else
                  (",".join(value) if isinstance(value, list) else str(value))
                  for key, value in step[1].items()}  # fmt: skip
    assert live == [
        "gradient checkpointing on",
        "batch 6 x 2 -> 3 x 4",
        "batch 3 x 4 -> 1 x 12",
        "seq 4096 -> 2048",
        "r 64 -> 32",
        "DoRA off",
        "targets -> q_proj,v_proj",
    ]
    plan = PlanInput(model_spec("gemma-3-4b"), 4096, 64, True, TARGET_SHAPES, batch=6,
                     gradient_checkpointing=False, accumulation=2)  # fmt: skip
    planned = make_plan(plan, "nothing", 0.1, "hf")
    assert [s.split(":")[0] for s in planned.ladder] == live and not planned.fits
    assert planned.final.batch * planned.final.accumulation == 12


def test_the_shipped_recipe_fits_a_t4_keeping_dora_and_rank():
    """configs/gpu-270m-schema.toml promises any CUDA GPU with 16 GB: on a T4 the ladder only
    turns on checkpointing and splits the batch, the recipe (DoRA, r, global batch) stays."""
    result = run_ghost(
        "plan", "--config", "gpu-270m-schema", "--profile", "t4-16gb", "--backend", "hf", "--json"
    )
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["fits"], plan["ladder"]
    recipe = load_config("gpu-270m-schema")
    final = plan["predictions"][-1]
    assert final["dora"] and final["r"] == recipe.adapter.r and final["seq"] == 2048
    assert all(step.startswith(("gradient checkpointing on", "batch ")) for step in plan["ladder"])
    global_batch = (
        recipe.train.per_device_train_batch_size * recipe.train.gradient_accumulation_steps
    )
    for split in re.findall(r"batch (\d+) x (\d+) -> (\d+) x (\d+)", " ".join(plan["ladder"])):
        batch, accumulation, new_batch, new_accumulation = map(int, split)
        assert batch * accumulation == new_batch * new_accumulation == global_batch
