"""The example ghost-rocm-like plugin, installed as its own distribution: a device kind the core
has never heard of is detected, checked by `ghost doctor`, planned for, and its packaged preset
resolves for `ghost plan`, `ghost config` and `ghost train --config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, pip_install_target, run_ghost

from ghost_architect.models.random_init import make_random_gemma3

FAKE = {"GHOST_FAKE_ROCM": "1"}


@pytest.fixture(scope="module")
def rocm_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("rocm-site")
    pip_install_target(ROOT / "plugins" / "ghost-rocm-like", site)
    return site


def test_plugins_lists_what_it_contributes(rocm_site):
    result = run_ghost("plugins", "--json", pythonpath=rocm_site)
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    rocm = rows["rocm"]
    assert rocm["source"] == "entry point: ghost-rocm-like 0.1.0" and rocm["problems"] == []
    assert rocm["hooks"] == [
        "register_device_kinds",
        "register_hardware_profiles",
        "register_presets",
    ]
    assert rocm["provides"] == ["hardware:mi210-64gb", "device_kinds:rocm", "presets:rocm-1b"]


def test_the_device_is_detected_only_when_present(rocm_site):
    found = run_ghost("hardware", "--detect", "--json", pythonpath=rocm_site, env=FAKE)
    assert found.returncode == 0, found.stderr
    detection = json.loads(found.stdout)
    assert (detection["profile"], detection["exact"]) == ("mi210-64gb", True)
    assert detection["device"] == {
        "kind": "rocm",
        "name": "AMD Instinct MI210 (fake)",
        "total_gib": 63.98,
        "compute_capability": None,
    }
    absent = run_ghost("hardware", "--detect", "--json", pythonpath=rocm_site)
    assert json.loads(absent.stdout)["profile"] == "cpu"


def test_doctor_checks_the_device(rocm_site):
    result = run_ghost("doctor", "--json", pythonpath=rocm_site, env=FAKE)
    report = json.loads(result.stdout)
    checks = {c["name"]: c for c in report["checks"]}
    assert report["profile"] == "mi210-64gb"  # detected
    assert checks["accelerator"] == {
        "name": "accelerator",
        "status": "pass",
        "detail": "AMD Instinct MI210 (fake), 64.0 GiB",
        "fix": "",
    }
    assert checks["unsloth"]["detail"] == "not used on rocm: the hf backend trains here"
    absent = run_ghost("doctor", "--json", "--profile", "mi210-64gb", pythonpath=rocm_site)
    assert absent.returncode == 1
    accelerator = {c["name"]: c for c in json.loads(absent.stdout)["checks"]}["accelerator"]
    assert accelerator["status"] == "fail"
    assert accelerator["detail"] == "profile mi210-64gb needs ROCm GPU, none is detected here"
    assert "GHOST_FAKE_ROCM=1" in accelerator["fix"]


def test_plan_config_and_train_resolve_the_packaged_preset(rocm_site, tmp_path):
    plan = run_ghost("plan", "--config", "rocm-1b", "--json", pythonpath=rocm_site, cwd=tmp_path)
    assert plan.returncode == 0, plan.stderr
    data = json.loads(plan.stdout)
    assert (data["model"], data["profile"], data["capacity_gib"]) == (
        "gemma-3-1b",
        "mi210-64gb",
        63.9,
    )
    assert data["backend"] == "hf" and data["fits"]  # auto: unsloth trains on cuda only
    config = run_ghost(
        "config", "--config", "rocm-1b", "--json", pythonpath=rocm_site, cwd=tmp_path
    )
    assert config.returncode == 0, config.stderr
    resolved = json.loads(config.stdout)
    assert resolved["profile"] == "mi210-64gb" and resolved["adapter"]["r"] == 32
    # train resolves the preset and its profile, then stops before any work: no data named
    train = run_ghost(
        "train", "--config", "rocm-1b", "--output", str(tmp_path / "run"),
        pythonpath=rocm_site, cwd=tmp_path,
    )  # fmt: skip
    assert train.returncode == 1
    assert train.stderr.strip().splitlines() == [
        "Error: no training data (pass --data FILE or set data.train in the preset)"
    ]
    assert not (tmp_path / "run").exists()


def test_a_run_trains_on_the_plugin_device(rocm_site, tmp_path):
    """`ghost train` on the detected plugin device with its packaged preset and profile (a tiny
    random Gemma 3 in place of the preset's 1B): the planner plans for the plugin's profile, the
    run trains, and run.json names the plugin's profile."""
    model = make_random_gemma3("tiny", tmp_path / "tiny")
    records = (ROOT / "data" / "samples" / "text-train.jsonl").read_text().splitlines()[:2]
    data = tmp_path / "two.jsonl"
    data.write_text("\n".join(records) + "\n")
    run = tmp_path / "run"
    flags = {"model.name": str(model), "model.load_in_4bit": "false", "model.dtype": "fp32",
             "model.max_seq_length": "1024", "adapter.r": "8", "train.save_steps": "1"}  # fmt: skip
    args = [item for key, value in flags.items() for item in ("--set", f"{key}={value}")]
    result = run_ghost(
        "train", "--config", "rocm-1b", "--data", str(data), "--output", str(run),
        "--max-steps", "1", *args, pythonpath=rocm_site, env=FAKE, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    summary = json.loads((run / "run.json").read_text())
    assert summary["steps"] == 1 and summary["backend"] == "hf"
    assert summary["profile"] == "mi210-64gb" and summary["device"] == "cpu"  # pretend GPU
    assert (run / "adapter" / "adapter_model.safetensors").is_file()


def test_without_the_plugin_the_preset_is_unknown(tmp_path):
    result = run_ghost("train", "--config", "rocm-1b", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: config preset 'rocm-1b' not found")
