"""register_device_kinds: cuda and cpu register like a plugin's kind; detection, compute dtypes,
the planner's capacity and bf16 fallback all ask the registered kinds."""

from __future__ import annotations

import pytest

from ghost_architect import plugins
from ghost_architect.builtin.hardware import PROFILES
from ghost_architect.config import load_config
from ghost_architect.errors import GhostError
from ghost_architect.hardware import (
    DeviceInfo,
    DeviceKind,
    HardwareProfile,
    detect_profile,
    device_kind,
    this_device,
)
from ghost_architect.hookspecs import hookimpl
from ghost_architect.training import run as run_module
from ghost_architect.training.backends import choose_backend

NPU = HardwareProfile("npu-32gb", "Test NPU 32 GB", "npu", 31.5, False, match=r"NPU-9")
NPU_SMALL = HardwareProfile("npu-16gb", "Test NPU 16 GB", "npu", 15.5, False)


class Npu(DeviceKind):
    name = "npu"
    description = "a test accelerator"
    label = "NPU"
    fallback_dtype = "fp16"

    def __init__(self, present: bool = True) -> None:
        self.present = present

    def detect(self) -> DeviceInfo | None:
        return DeviceInfo("npu", "Test NPU-9", 31.6) if self.present else None

    def supports_dtype(self, dtype: str) -> bool:
        return dtype != "bf16"


def swap_in(monkeypatch, kind: DeviceKind) -> None:
    """The process-wide plugin manager: the built-ins plus the npu kind and its profiles."""

    class Plugin:
        @hookimpl
        def register_device_kinds(self, register):
            register(kind)

        @hookimpl
        def register_hardware_profiles(self, register):
            register(NPU)
            register(NPU_SMALL)

    pm = plugins.build_plugin_manager(load_entry_points=False)
    pm.register(Plugin(), name="npu")
    monkeypatch.setattr(plugins, "_pm", pm)


def test_builtin_kinds_register_through_the_hook_and_this_machine_is_a_cpu():
    kinds = plugins.build_plugin_manager(load_entry_points=False).registry("device_kinds")
    assert list(kinds) == ["cuda", "cpu"]
    assert set(kinds.owners.values()) == {"ghost_architect.builtin.devices"}
    found, kind = this_device()
    assert (found.kind, kind.torch_device, kind.accelerator) == ("cpu", "cpu", False)


def test_a_plugin_accelerator_is_probed_before_the_cpu(monkeypatch):
    swap_in(monkeypatch, Npu())
    found = detect_profile(plugins.named("hardware"))
    assert (found.profile.name, found.exact, found.device.kind) == ("npu-32gb", True, "npu")
    assert NPU.compute_dtype == "fp16"  # no bf16: the kind's fallback
    assert device_kind("npu").capacity_gib(NPU) == 31.5


def test_bf16_falls_back_to_the_kinds_dtype_with_one_warning(monkeypatch, capsys):
    swap_in(monkeypatch, Npu())
    config = load_config(flags={"model.dtype": "bf16"})
    run_module.fit_dtype(config, NPU)
    assert (config.model.dtype, config.sources["model.dtype"]) == ("fp16", "no bf16 on this NPU")
    assert "this NPU has no native bf16, training in fp16" in capsys.readouterr().err


def test_a_missing_device_is_not_detected_and_backends_see_the_machines_kind(monkeypatch):
    swap_in(monkeypatch, Npu(present=False))
    assert detect_profile(plugins.named("hardware")).profile.name == "cpu"
    # hf trains on any kind; unsloth on cuda only, so planning for an NPU takes hf
    assert choose_backend("auto", NPU, here=False).name == "hf"


def test_a_profile_of_an_unregistered_kind_is_one_clear_error():
    ghost = HardwareProfile("tpu-v9", "TPU", "tpu", 16.0, False)
    with pytest.raises(GhostError, match=r"no device kind 'tpu' is registered \(known: cuda, cpu"):
        ghost.compute_dtype  # noqa: B018


def test_builtin_cuda_profiles_keep_their_detection():
    found = detect_profile({p.name: p for p in PROFILES}, DeviceInfo("cuda", "Tesla T4", 14.74))
    assert (found.profile.name, found.exact) == ("t4-16gb", True)
