"""Example third-party Ghost Architect plugin.

Adds the ``jetson-agx-orin-64gb`` hardware profile and a ``csv-pairs`` dataset format (rows with
``prompt`` and ``completion`` columns). It is installed as its own distribution and found through
the ``ghost_architect`` entry-point group, exactly like any other third-party plugin.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ghost_architect.data.example import DatasetFormat, Example, require_text
from ghost_architect.hardware import HardwareProfile
from ghost_architect.hookspecs import hookimpl

JETSON = HardwareProfile(
    name="jetson-agx-orin-64gb",
    display_name="NVIDIA Jetson AGX Orin 64 GB (unified memory)",
    kind="cuda",
    vram_gib=61.4,
    bf16=True,
    compute_capability=(8, 7),
    presets=("cpu-270m",),
    match=r"Orin",
    notes="Memory is shared with the CPU: leave ~8 GiB for the OS. No Unsloth wheels for aarch64.",
    overrides={"train.backend": "hf"},
)


class CsvPairs(DatasetFormat):
    """One prompt/completion pair per CSV row (records arrive as dicts of the row)."""

    name = "csv-pairs"
    description = "CSV rows with 'prompt' and 'completion' columns"

    def detect(self, record: dict[str, Any]) -> bool:
        return set(record) >= {"prompt", "completion"}

    def to_example(self, record: dict[str, Any], base_dir: Path) -> Example:
        return Example(
            messages=[
                {"role": "user", "content": require_text(record, "prompt")},
                {"role": "assistant", "content": require_text(record, "completion")},
            ]
        )


def read_csv_records(text: str) -> list[dict[str, str]]:
    """Helper for callers with raw CSV text."""
    return list(csv.DictReader(io.StringIO(text)))


@hookimpl
def register_hardware_profiles(register) -> None:
    register(JETSON)


@hookimpl
def register_datasets(register) -> None:
    register(CsvPairs())
