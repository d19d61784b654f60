"""The CLI surface: help, one-line errors with non-zero exits, --debug tracebacks, doctor."""

from __future__ import annotations

import json

from conftest import run_ghost


def test_help_lists_core_commands():
    result = run_ghost("--help")
    assert result.returncode == 0
    for command in ("plugins", "hardware", "doctor", "config", "presets"):
        assert command in result.stdout


def test_bad_input_is_one_line_and_nonzero():
    result = run_ghost("config", "--set", "adapter.r=-3")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == ["Error: --set: adapter.r = -3 is invalid: expected an integer from 1 to 1024"]


def test_debug_shows_traceback():
    result = run_ghost("--debug", "config", "--config", "does-not-exist")
    assert result.returncode == 2
    assert "Traceback (most recent call last)" in result.stderr
    assert "Error: config preset 'does-not-exist' not found" in result.stderr


def test_unknown_command_is_usage_error():
    result = run_ghost("frobnicate")
    assert result.returncode == 2
    assert "No such command 'frobnicate'" in result.stderr


def test_hardware_detect_says_cpu_here():
    result = run_ghost("hardware", "--detect", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["profile"] == "cpu"


def test_doctor_passes_for_cpu_profile_and_fails_for_gpu_profile():
    cpu = run_ghost("doctor", "--json", "--profile", "cpu")
    checks = {c["name"]: c for c in json.loads(cpu.stdout)["checks"]}
    assert cpu.returncode == 0, cpu.stdout
    assert checks["accelerator"]["status"] == "pass"
    assert checks["python"]["status"] == "pass"
    assert checks["ocr"]["status"] == "pass" and "rec.onnx" in checks["ocr"]["detail"]
    gpu = run_ghost("doctor", "--json", "--profile", "t4-16gb")
    assert gpu.returncode == 1
    accelerator = {c["name"]: c for c in json.loads(gpu.stdout)["checks"]}["accelerator"]
    assert accelerator["status"] == "fail"
    assert "needs CUDA" in accelerator["detail"] and accelerator["fix"]


def test_doctor_table_renders():
    result = run_ghost("doctor", "--profile", "cpu")
    assert "ghost doctor — profile cpu" in result.stdout
    assert "passed" in result.stdout


def test_doctor_reports_ollama_absent_as_warning():
    result = run_ghost("doctor", "--json", "--profile", "cpu", env={"OLLAMA_HOST": "127.0.0.1:9"})
    ollama = {c["name"]: c for c in json.loads(result.stdout)["checks"]}["ollama server"]
    assert ollama["status"] == "warn"
    assert "http://127.0.0.1:9" in ollama["detail"]


def test_config_shows_sources():
    result = run_ghost("config", "--config", "t4-12b", "--set", "adapter.r=32", "--json")
    data = json.loads(result.stdout)
    assert data["adapter"]["r"] == 32 and data["model"]["dtype"] == "fp16"
    assert data["profile"] == "t4-16gb"  # the preset's profile, since none was passed
