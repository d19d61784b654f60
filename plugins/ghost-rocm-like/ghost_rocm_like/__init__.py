"""Example plugin: a ROCm-like device kind, a profile for its GPU and a preset in the package.
The device is pretend: ``detect`` finds one only while ``GHOST_FAKE_ROCM=1`` is set, and it
computes on the CPU (a real ROCm plugin keeps ``torch_device = "cuda"``, as ROCm's torch says)."""

from __future__ import annotations

import os
from pathlib import Path

from ghost_architect.hardware import DeviceInfo, DeviceKind, HardwareProfile
from ghost_architect.hookspecs import hookimpl
from ghost_architect.presets import Preset


class FakeRocm(DeviceKind):
    name = "rocm"
    description = "AMD GPU through a ROCm build of torch (pretend: GHOST_FAKE_ROCM=1)"
    label = "ROCm GPU"
    fix = "set GHOST_FAKE_ROCM=1 (this example only pretends to find a GPU)"
    torch_device = "cpu"  # pretend: trains on the CPU so the example runs anywhere

    def detect(self) -> DeviceInfo | None:
        if os.environ.get("GHOST_FAKE_ROCM") != "1":
            return None
        return DeviceInfo("rocm", "AMD Instinct MI210 (fake)", 63.98)


MI210 = HardwareProfile(
    name="mi210-64gb",
    display_name="AMD Instinct MI210 64 GB",
    kind="rocm",
    vram_gib=63.9,
    bf16=True,
    match=r"MI210",
    presets=("rocm-1b",),
    overrides={"train.backend": "hf"},  # no Unsloth wheels for ROCm
)


@hookimpl
def register_device_kinds(register) -> None:
    register(FakeRocm())


@hookimpl
def register_hardware_profiles(register) -> None:
    register(MI210)


@hookimpl
def register_presets(register) -> None:
    register(Preset(Path(__file__).with_name("rocm-1b.toml"), "Gemma 3 1B on an MI210"))
