"""Built-in hardware profiles, registered through the same hook a third-party plugin uses.

VRAM is what the driver reports as total (GiB), not the marketing number.
"""

from __future__ import annotations

from ghost_architect.hardware import HardwareProfile
from ghost_architect.hookspecs import Register, hookimpl

PROFILES: tuple[HardwareProfile, ...] = (
    HardwareProfile(
        name="cpu",
        display_name="CPU only",
        kind="cpu",
        vram_gib=0.0,
        bf16=True,
        presets=("cpu-270m",),
        notes="Small models only (270M): ~50-100 tokens/s of training on 2 cores.",
        overrides={"train.backend": "hf"},
    ),
    HardwareProfile(
        name="t4-16gb",
        display_name="NVIDIA Tesla T4 16 GB (Colab free)",
        kind="cuda",
        vram_gib=14.7,
        bf16=False,
        compute_capability=(7, 5),
        presets=("t4-12b", "t4-vision"),
        match=r"\bT4\b",
        notes="No bf16: fp16 compute. 12B at seq 4096 fits only with Unsloth.",
        overrides={"model.dtype": "fp16"},
    ),
    HardwareProfile(
        name="rtx3060-12gb",
        display_name="NVIDIA GeForce RTX 3060 12 GB",
        kind="cuda",
        vram_gib=11.8,
        bf16=True,
        compute_capability=(8, 6),
        presets=("rtx3060-1b",),
        match=r"RTX 3060",
    ),
    HardwareProfile(
        name="rtx3080-laptop-8gb",
        display_name="NVIDIA GeForce RTX 3080 Laptop GPU 8 GB",
        kind="cuda",
        vram_gib=7.8,
        bf16=True,
        compute_capability=(8, 6),
        presets=("rtx3080-laptop",),
        match=r"RTX 3080 Laptop",
        notes="Shares power and cooling with the laptop: expect throttling on long runs.",
    ),
    HardwareProfile(
        name="rtx3080-laptop-16gb",
        display_name="NVIDIA GeForce RTX 3080 Laptop GPU 16 GB",
        kind="cuda",
        vram_gib=15.7,
        bf16=True,
        compute_capability=(8, 6),
        presets=("rtx3080-laptop",),
        match=r"RTX 3080 Laptop",
    ),
    HardwareProfile(
        name="a10g-24gb",
        display_name="NVIDIA A10G 24 GB (AWS g5)",
        kind="cuda",
        vram_gib=22.0,
        bf16=True,
        compute_capability=(8, 6),
        presets=("a10g-vision",),
        match=r"A10G",
    ),
    HardwareProfile(
        name="l4-24gb",
        display_name="NVIDIA L4 24 GB",
        kind="cuda",
        vram_gib=22.0,
        bf16=True,
        compute_capability=(8, 9),
        match=r"\bL4\b",
    ),
    HardwareProfile(
        name="a100-40gb",
        display_name="NVIDIA A100 40 GB",
        kind="cuda",
        vram_gib=39.4,
        bf16=True,
        compute_capability=(8, 0),
        match=r"A100",
    ),
    HardwareProfile(
        name="a100-80gb",
        display_name="NVIDIA A100 80 GB",
        kind="cuda",
        vram_gib=79.2,
        bf16=True,
        compute_capability=(8, 0),
        match=r"A100",
    ),
    HardwareProfile(
        name="h100-80gb",
        display_name="NVIDIA H100 80 GB",
        kind="cuda",
        vram_gib=79.6,
        bf16=True,
        compute_capability=(9, 0),
        match=r"H100",
    ),
    HardwareProfile(
        name="h200-141gb",
        display_name="NVIDIA H200 141 GB",
        kind="cuda",
        vram_gib=140.4,
        bf16=True,
        compute_capability=(9, 0),
        match=r"H200",
    ),
)


@hookimpl
def register_hardware_profiles(register: Register) -> None:
    for profile in PROFILES:
        register(profile)
