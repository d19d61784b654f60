"""Hardware profiles and detection of the profile that fits this machine."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ghost_architect.errors import GhostError


@dataclass(frozen=True)
class HardwareProfile:
    """What a training device offers. ``vram_gib`` is the memory the driver reports as usable."""

    name: str
    display_name: str
    kind: str  # "cuda" or "cpu" (plugins may add others)
    vram_gib: float
    bf16: bool
    compute_capability: tuple[int, int] | None = None
    presets: tuple[str, ...] = ()
    match: str = ""  # regex tested against the device name during detection
    notes: str = ""
    overrides: dict[str, Any] = field(default_factory=dict)  # dotted config keys

    @property
    def default_preset(self) -> str | None:
        return self.presets[0] if self.presets else None

    @property
    def compute_dtype(self) -> str:
        """bf16 where the device has it, else fp16 on GPUs and fp32 on CPUs."""
        if self.bf16:
            return "bf16"
        return "fp16" if self.kind == "cuda" else "fp32"


@dataclass(frozen=True)
class DeviceInfo:
    """What detection saw: the accelerator (or the CPU) of this machine."""

    kind: str
    name: str
    total_gib: float = 0.0
    compute_capability: tuple[int, int] | None = None

    @classmethod
    def probe(cls) -> DeviceInfo:
        import torch

        if torch.cuda.is_available():
            props = torch.cuda.get_device_properties(0)
            return cls(
                kind="cuda",
                name=props.name,
                total_gib=props.total_memory / 2**30,
                compute_capability=(props.major, props.minor),
            )
        import platform

        return cls(kind="cpu", name=platform.processor() or platform.machine())


@dataclass(frozen=True)
class Detection:
    profile: HardwareProfile
    device: DeviceInfo
    exact: bool  # False when no profile names this device and the nearest one was chosen


def detect_profile(
    profiles: dict[str, HardwareProfile], device: DeviceInfo | None = None
) -> Detection:
    """Name the profile for ``device`` (probed when omitted)."""
    device = device or DeviceInfo.probe()
    same_kind = [p for p in profiles.values() if p.kind == device.kind]
    if not same_kind:
        raise GhostError(
            f"no hardware profile for a {device.kind} device '{device.name}'",
            "install a plugin that registers one, or pass --profile",
        )
    if device.kind == "cpu":
        return Detection(min(same_kind, key=lambda p: p.name != "cpu"), device, True)
    named = [p for p in same_kind if p.match and re.search(p.match, device.name, re.IGNORECASE)]
    pool = named or [p for p in same_kind if p.vram_gib <= device.total_gib * 1.02] or same_kind
    best = min(pool, key=lambda p: (abs(p.vram_gib - device.total_gib), _cc_distance(p, device)))
    return Detection(best, device, exact=bool(named))


def _cc_distance(profile: HardwareProfile, device: DeviceInfo) -> float:
    """Tie-break between equally sized profiles: the closest compute capability."""
    if not (profile.compute_capability and device.compute_capability):
        return 0.0
    (a, b), (c, d) = profile.compute_capability, device.compute_capability
    return abs((a + b / 10) - (c + d / 10))


def resolve_profile(profiles: dict[str, HardwareProfile], name: str | None) -> HardwareProfile:
    """The profile called ``name``, or the detected one when ``name`` is None or 'auto'."""
    if name in (None, "auto"):
        return detect_profile(profiles).profile
    if name not in profiles:
        known = ", ".join(sorted(profiles))
        raise GhostError(f"unknown hardware profile '{name}'", f"choose one of: {known}")
    return profiles[name]


def cpu_has_bf16() -> bool:
    """Native bf16 on this CPU (AVX512-BF16 or AMX); without it bf16 is emulated and slow."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags
