"""Profile detection from what the device reports."""

from __future__ import annotations

import pytest

from ghost_architect.builtin.hardware import PROFILES
from ghost_architect.errors import GhostError
from ghost_architect.hardware import DeviceInfo, detect_profile, resolve_profile

BUILTIN = {p.name: p for p in PROFILES}


@pytest.mark.parametrize(
    ("name", "gib", "expected", "exact"),
    [
        ("Tesla T4", 14.74, "t4-16gb", True),
        ("NVIDIA GeForce RTX 3060", 11.76, "rtx3060-12gb", True),
        ("NVIDIA GeForce RTX 3080 Laptop GPU", 7.79, "rtx3080-laptop-8gb", True),
        ("NVIDIA GeForce RTX 3080 Laptop GPU", 15.74, "rtx3080-laptop-16gb", True),
        ("NVIDIA A10G", 22.49, "a10g-24gb", True),
        ("NVIDIA L4", 22.48, "l4-24gb", True),
        ("NVIDIA A100-SXM4-40GB", 39.39, "a100-40gb", True),
        ("NVIDIA A100-SXM4-80GB", 79.15, "a100-80gb", True),
        ("NVIDIA H100 80GB HBM3", 79.65, "h100-80gb", True),
        ("NVIDIA H200", 140.4, "h200-141gb", True),
    ],
)
def test_detects_gpu_profiles(name, gib, expected, exact):
    found = detect_profile(BUILTIN, DeviceInfo("cuda", name, gib, (8, 0)))
    assert (found.profile.name, found.exact) == (expected, exact)


@pytest.mark.parametrize(
    ("name", "gib", "cc", "expected"),
    [
        ("NVIDIA GeForce RTX 4090", 23.99, (8, 9), "l4-24gb"),  # Ada: same size, closest CC
        ("NVIDIA GeForce RTX 3090", 23.69, (8, 6), "a10g-24gb"),  # Ampere
    ],
)
def test_unknown_gpu_gets_nearest_profile_flagged_as_inexact(name, gib, cc, expected):
    found = detect_profile(BUILTIN, DeviceInfo("cuda", name, gib, cc))
    assert (found.profile.name, found.exact) == (expected, False)


def test_small_unknown_gpu_never_gets_a_bigger_profile():
    found = detect_profile(BUILTIN, DeviceInfo("cuda", "Quadro P1000", 3.9, (6, 1)))
    assert found.profile.name == "rtx3080-laptop-8gb"  # smallest known; nothing fits below
    assert not found.exact


def test_cpu_machine_detects_cpu():
    assert detect_profile(BUILTIN, DeviceInfo("cpu", "x86_64")).profile.name == "cpu"


def test_this_machine_probes_to_cpu():
    # CI and dev machines have no GPU: detection must say cpu.
    assert detect_profile(BUILTIN).profile.name == "cpu"


def test_no_profile_of_that_kind_is_a_clear_error():
    only_gpu = {k: v for k, v in BUILTIN.items() if v.kind == "cuda"}
    with pytest.raises(GhostError, match="no hardware profile for a cpu device"):
        detect_profile(only_gpu, DeviceInfo("cpu", "x86_64"))


def test_resolve_unknown_profile_lists_choices():
    with pytest.raises(
        GhostError, match=r"unknown hardware profile 'tpu'.*choose one of: a100-40gb"
    ):
        resolve_profile(BUILTIN, "tpu")


def test_t4_computes_in_fp16_others_in_bf16():
    assert BUILTIN["t4-16gb"].compute_dtype == "fp16"
    assert BUILTIN["a10g-24gb"].compute_dtype == "bf16"
