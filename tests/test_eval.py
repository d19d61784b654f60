"""`ghost eval`: per-case JSONL, summary with bootstrap CIs, zero for unparseable predictions."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, run_ghost

from ghost_architect.evaluate import bootstrap_ci, summarise


def test_bootstrap_interval_brackets_the_mean():
    low, high = bootstrap_ci([0.0, 1.0] * 20)
    assert 0.3 < low < 0.5 < high < 0.7
    assert bootstrap_ci([1.0] * 5) == (1.0, 1.0)


def test_unparseable_cases_count_as_zero():
    rows = [
        {"contender": "m", "parsed": True, "executes": True, "table_f1": 1.0, "column_f1": 1.0,
         "type_accuracy": 1.0, "pk_match": 1.0, "fk_f1": 1.0, "exact": True, "seconds": 1.0},
        {"contender": "m", "parsed": False, "executes": False, "table_f1": 0.0, "column_f1": 0.0,
         "type_accuracy": 0.0, "pk_match": 0.0, "fk_f1": 0.0, "exact": False, "seconds": 1.0},
    ]  # fmt: skip
    summary = summarise(rows, ["m"])["m"]
    assert summary["cases"] == 2 and summary["table_f1"]["mean"] == 0.5
    assert summary["parsed"]["mean"] == 0.5


def test_eval_heuristic_on_the_shipped_test_split(tmp_path):
    out = tmp_path / "eval"
    result = run_ghost("eval", "--data", str(ROOT / "data" / "samples" / "test.jsonl"),
                       "--engine", "heuristic", "--no-baselines", "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    cases = [json.loads(line) for line in (out / "cases.jsonl").read_text().splitlines()]
    summary = json.loads((out / "summary.json").read_text())["heuristic"]
    assert len(cases) == summary["cases"] == 3
    for metric in ("table_f1", "column_f1", "fk_f1"):
        low, high = summary[metric]["ci95"]
        assert 0.0 <= low <= summary[metric]["mean"] <= high <= 1.0
    assert summary["parsed"]["mean"] == pytest.approx(sum(c["parsed"] for c in cases) / 3, abs=1e-4)
    assert "mean [95% CI]" in result.stdout
    missing = run_ghost("eval", "--data", str(tmp_path / "none.jsonl"), "--engine", "heuristic")
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_baselines_join_the_contender_but_never_repeat_it(tmp_path):
    """--baselines adds the model-free heuristic, the untuned 270M and the shipped tuned model;
    the one that is already the contender (here the heuristic engine) is not scored twice."""
    out = tmp_path / "eval"
    result = run_ghost("eval", "--data", str(ROOT / "data" / "samples" / "test.jsonl"),
                       "--engine", "heuristic", "--limit", "1", "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads((out / "summary.json").read_text())
    assert sorted(summary) == ["base-270m", "heuristic", "shipped-270m"]
    assert all(row["cases"] == 1 for row in summary.values())


def test_compare_scores_other_models_side_by_side_once_each(tmp_path):
    out = tmp_path / "eval"
    result = run_ghost("eval", "--data", str(ROOT / "data" / "samples" / "test.jsonl"),
                       "--engine", "heuristic", "--no-baselines", "--limit", "1",
                       "--compare", "runs/a/model.gguf", "--compare", "runs/b/model.gguf",
                       "--compare", "rules", "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads((out / "summary.json").read_text())
    assert sorted(summary) == ["heuristic", "heuristic:model", "heuristic:model1"]
    assert all(row["cases"] == 1 for row in summary.values())
