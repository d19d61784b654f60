"""The worked examples of docs/plugins.md for the hardware and training hooks (device kinds,
backends, presets, doctor checks) do their job when registered like any plugin."""

from __future__ import annotations

import json
import re
import shutil
import types
from collections import namedtuple

import pytest
from click.testing import CliRunner
from test_plugin_docs import DOC, snippets

from ghost_architect import plugins
from ghost_architect.cli import build_cli
from ghost_architect.config import load_config
from ghost_architect.doctor import run_checks
from ghost_architect.hardware import DeviceInfo, detect_profile
from ghost_architect.training.backends import choose_backend, load_model

TOML = re.compile(r"```toml\n# (ghost_\w+)/([\w.-]+\.toml)\n(.*?)```", re.DOTALL)


@pytest.fixture(scope="module")
def docs() -> dict[str, types.ModuleType]:
    return snippets()


def swap_in(monkeypatch, module: types.ModuleType) -> plugins.GhostPluginManager:
    """The process-wide plugin manager becomes the built-ins plus ``module``."""
    pm = plugins.build_plugin_manager(load_entry_points=False)
    pm.register(module, name=module.__name__)
    monkeypatch.setattr(plugins, "_pm", pm)
    return pm


@pytest.mark.parametrize(
    ("module", "kind", "name"),
    [
        ("ghost_xpu", "device_kinds", "xpu"),
        ("ghost_xpu", "hardware", "arc-a770-16gb"),
        ("ghost_plainlora", "backends", "plain-lora"),
        ("ghost_hfcache", "doctor_checks", "hf cache"),
    ],
)
def test_each_snippet_registers_cleanly(docs, module, kind, name):
    pm = plugins.build_plugin_manager(load_entry_points=False)
    pm.register(docs[module], name=module)
    assert pm.registry(kind).owners[name] == module
    assert not pm.warnings


def test_the_device_kind_is_detected_through_torch_xpu(docs, monkeypatch):
    torch = pytest.importorskip("torch")
    swap_in(monkeypatch, docs["ghost_xpu"])
    props = namedtuple("Props", "name total_memory")("Intel(R) Arc(TM) A770 Graphics", 16 * 2**30)
    monkeypatch.setattr(torch.xpu, "is_available", lambda: True)
    monkeypatch.setattr(torch.xpu, "get_device_properties", lambda index: props)
    found = detect_profile(plugins.named("hardware"))
    assert (found.profile.name, found.exact) == ("arc-a770-16gb", True)
    assert found.device == DeviceInfo("xpu", props.name, 16.0)


def test_the_backend_loads_a_plain_lora_when_named(docs, monkeypatch, tmp_path):
    from ghost_architect.models.random_init import make_random_gemma3

    swap_in(monkeypatch, docs["ghost_plainlora"])
    cpu = plugins.named("hardware")["cpu"]
    assert choose_backend("auto", cpu).name == "hf"  # preference -1: never picked by auto
    model = make_random_gemma3("tiny", tmp_path / "model")
    flags = {
        "model.name": str(model),
        "model.dtype": "fp32",
        "model.load_in_4bit": False,
        "adapter.r": 4,
        "train.backend": "plain-lora",
    }
    loaded = load_model(load_config(profile=cpu, flags=flags), cpu, vision=False)
    assert (loaded.backend, loaded.device, loaded.dtype) == ("plain-lora", "cpu", "fp32")
    assert sum(p.numel() for p in loaded.model.parameters() if p.requires_grad) > 0


def test_the_packaged_preset_is_planned_by_name(docs, monkeypatch, tmp_path):
    [(package, name, text)] = TOML.findall(DOC.read_text())
    folder = tmp_path / package
    folder.mkdir()
    (folder / name).write_text(text)
    module = docs[package]
    module.__file__ = str(folder / "__init__.py")
    swap_in(monkeypatch, module)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(build_cli(), ["plan", "--config", "a100-12b-8k", "--json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert (plan["model"], plan["profile"]) == ("gemma-3-12b", "a100-80gb")
    assert plan["predictions"][0]["seq"] == 8192


def test_the_doctor_check_passes_or_fails_by_the_profile(docs, monkeypatch, tmp_path):
    swap_in(monkeypatch, docs["ghost_hfcache"])
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    hardware = plugins.named("hardware")
    usage = namedtuple("Usage", "total used free")(0, 0, 5 * 2**30)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage)  # not this machine's disk
    check = {c.name: c for c in run_checks(hardware["cpu"])}["hf cache"]
    assert check.status == "pass" and str(tmp_path) in check.detail
    check = docs["ghost_hfcache"].check_hf_cache(hardware["t4-16gb"])
    assert (check.status, check.detail) == (
        "fail",
        f"5.0 GiB free for model downloads at {tmp_path}",
    )
    assert check.fix == "free 30 GiB there, or point HF_HOME at a larger disk"
