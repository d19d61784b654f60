"""The accelerator a run trains on, through torch's device-generic API (torch.accelerator,
torch.get_device_module): CUDA, ROCm (which torch calls cuda), XPU or MPS alike, so a device kind
a plugin adds gets the accelerator's behaviour (peak memory, cache, RNG, collectives) without the
core naming it. ``device`` is a torch device type, as a device kind's ``torch_device`` says."""

from __future__ import annotations

import resource
from typing import Any

import torch


def device_type() -> str:
    """This machine's accelerator as a torch device type ('cuda', 'xpu', 'mps'...), else 'cpu'."""
    current = torch.accelerator.current_accelerator()
    return current.type if current is not None else "cpu"


def on_accelerator(device: str) -> bool:
    """Whether ``device`` is this machine's accelerator (not the CPU)."""
    return device != "cpu" and device_type() == device


def peak_memory_gib(device: str) -> float:
    """Peak memory the run allocated on its accelerator, else the process's peak RSS."""
    if on_accelerator(device):
        return torch.accelerator.max_memory_allocated() / 2**30
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB -> GiB (Linux)


def reset_peak_memory(device: str) -> None:
    if on_accelerator(device):
        torch.accelerator.reset_peak_memory_stats()


def empty_cache() -> None:
    """Hand the caching allocator's free blocks back (after an out-of-memory error)."""
    if torch.accelerator.is_available():
        torch.accelerator.empty_cache()


def device_count() -> int:
    """Accelerators visible to this process (0 on a CPU-only machine)."""
    return torch.accelerator.device_count() if torch.accelerator.is_available() else 0


def use_first(device: str) -> None:
    """Make the first visible device of ``device``'s type current (each rank sees its own one)."""
    if on_accelerator(device):
        torch.accelerator.set_device_index(0)


def current(device_type: str) -> torch.device:
    """The device a collective of this process runs on: its accelerator's current one, or the
    CPU."""
    if on_accelerator(device_type):
        return torch.device(device_type, torch.accelerator.current_device_index())
    return torch.device("cpu")


def rng_state() -> dict[str, Any]:
    """The accelerator's RNG states by device type ({'cuda': [...]} on CUDA; none on a CPU)."""
    found = torch.accelerator.current_accelerator()
    module = torch.get_device_module(found) if found is not None else None
    if module is None or not hasattr(module, "get_rng_state_all"):
        return {}
    return {found.type: module.get_rng_state_all()}


def restore_rng(states: dict[str, Any]) -> None:
    """Set the RNG states of ``rng_state`` back where the same accelerator type is present."""
    found = torch.accelerator.current_accelerator()
    if found is None or states.get(found.type) is None:
        return
    torch.get_device_module(found).set_rng_state_all(states[found.type])
