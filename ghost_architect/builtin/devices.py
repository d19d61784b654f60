"""Built-in device kinds, cuda and cpu, registered through the hook a third-party plugin uses."""

from __future__ import annotations

import importlib.util
import platform
from pathlib import Path

from ghost_architect.hardware import DeviceInfo, DeviceKind, HardwareProfile
from ghost_architect.hookspecs import Register, hookimpl


def cpu_has_bf16() -> bool:
    """Native bf16 on this CPU (AVX512-BF16 or AMX); without it bf16 is emulated and slow."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def ram_gib() -> float:
    """This machine's memory (GiB); 8 where /proc/meminfo cannot say."""
    try:
        lines = Path("/proc/meminfo").read_text().splitlines()
    except OSError:
        return 8.0
    for line in lines:
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 2**20
    return 8.0


class CudaDevice(DeviceKind):
    """An NVIDIA GPU through a CUDA build of torch."""

    name = "cuda"
    description = "NVIDIA GPU (CUDA build of torch)"
    label = "CUDA GPU"
    fix = "install a CUDA build of torch and the NVIDIA driver, or use --profile cpu"

    def detect(self) -> DeviceInfo | None:
        if importlib.util.find_spec("torch") is None:
            return None
        import torch

        if getattr(torch.version, "hip", None) or not torch.cuda.is_available():
            return None  # a ROCm build answers torch.cuda too: that device is not this kind's
        props = torch.cuda.get_device_properties(0)
        return DeviceInfo(
            "cuda", props.name, props.total_memory / 2**30, (props.major, props.minor)
        )

    def supports_dtype(self, dtype: str) -> bool:
        if dtype != "bf16":
            return True
        import torch

        return torch.cuda.is_available() and torch.cuda.is_bf16_supported(including_emulation=False)


class CpuDevice(DeviceKind):
    """The CPU: always there, trains small models in system memory."""

    name = "cpu"
    description = "the CPU, in system memory"
    label = "CPU"
    accelerator = False
    torch_device = "cpu"
    fallback_dtype = "fp32"
    default_profile = "cpu"

    def detect(self) -> DeviceInfo:
        return DeviceInfo("cpu", platform.processor() or platform.machine())

    def capacity_gib(self, profile: HardwareProfile) -> float:
        return ram_gib()

    def supports_dtype(self, dtype: str) -> bool:
        return {"bf16": cpu_has_bf16(), "fp16": False}.get(dtype, True)


@hookimpl
def register_device_kinds(register: Register) -> None:
    register(CudaDevice())
    register(CpuDevice())
