"""Hardware profiles, device kinds, and detection of the profile that fits this machine.

A profile is data (VRAM, bf16, presets); its ``kind`` names a ``DeviceKind`` registered through
``register_device_kinds``, which knows how to find such a device, how much memory a profile of
that kind trains in and which compute dtypes it runs natively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ghost_architect import plugins
from ghost_architect.errors import GhostError


@dataclass(frozen=True)
class HardwareProfile:
    """What a training device offers. ``vram_gib`` is the memory the driver reports as usable."""

    name: str
    display_name: str
    kind: str  # a registered device kind: "cuda", "cpu", or one a plugin adds
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
        """bf16 where the device has it, else its kind's fallback (fp16 on GPUs, fp32 on CPUs)."""
        return "bf16" if self.bf16 else device_kind(self.kind).fallback_dtype


@dataclass(frozen=True)
class DeviceInfo:
    """What detection saw: the accelerator (or the CPU) of this machine."""

    kind: str
    name: str
    total_gib: float = 0.0
    compute_capability: tuple[int, int] | None = None

    @classmethod
    def probe(cls) -> DeviceInfo:
        """This machine's device: the first accelerator kind that detects one, else the rest."""
        kinds = sorted(device_kinds().values(), key=lambda k: not k.accelerator)
        for kind in kinds:
            found = plugins.ask("device_kinds", kind, "detect")
            if found is not None:
                return found
        raise GhostError(
            "no device kind detects a device on this machine",
            "reinstall ghost-architect (its cpu device kind is built in)",
        )


class DeviceKind:
    """A kind of training device; subclass it and register an instance (``register_device_kinds``).

    ``detect`` is the one method to write; the rest has defaults that suit a GPU."""

    name: str = ""  # what ``HardwareProfile.kind`` names
    description: str = ""
    label: str = "GPU"  # said in messages: "this {label} has no native bf16"
    accelerator: bool = True  # its own memory (planned before training); probed before the CPU
    torch_device: str = "cuda"  # torch's device type for it (ROCm builds of torch use "cuda")
    fallback_dtype: str = "fp16"  # the compute dtype where bf16 is missing
    default_profile: str | None = None  # detection's pick when no profile's ``match`` names it
    fix: str = ""  # what to do when a profile needs this kind and none is detected

    def detect(self) -> DeviceInfo | None:
        """This machine's device of this kind, or None."""
        raise NotImplementedError

    def capacity_gib(self, profile: HardwareProfile) -> float:
        """The memory a profile of this kind trains in (GiB)."""
        return profile.vram_gib

    def supports_dtype(self, dtype: str) -> bool:
        """Whether this machine's device computes in ``dtype`` (bf16, fp16, fp32) natively."""
        return True


def device_kinds() -> dict[str, DeviceKind]:
    """Every registered device kind, by name (built-ins first)."""
    return plugins.named("device_kinds")


def device_kind(name: str) -> DeviceKind:
    """The registered device kind ``name``; a profile of an unknown kind is one clear error."""
    kinds = device_kinds()
    if name not in kinds:
        raise GhostError(
            f"no device kind '{name}' is registered (known: {', '.join(kinds)})",
            "install the plugin that registers it, or choose another --profile",
        )
    return kinds[name]


def this_device() -> tuple[DeviceInfo, DeviceKind]:
    """The device training runs on here, and its kind."""
    found = DeviceInfo.probe()
    return found, device_kind(found.kind)


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
    named = [p for p in same_kind if p.match and re.search(p.match, device.name, re.IGNORECASE)]
    default = device_kind(device.kind).default_profile
    if not named and any(p.name == default for p in same_kind):
        return Detection(next(p for p in same_kind if p.name == default), device, True)
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
