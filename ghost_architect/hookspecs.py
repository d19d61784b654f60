"""The only place Ghost Architect's plugin hooks are declared.

A plugin is a module (or object) with functions decorated by ``hookimpl``. Each ``register_*`` hook
receives a ``register`` callable; call it once per object you contribute. Names must be unique
across all plugins: a duplicate is reported and the first registration is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pluggy

PROJECT = "ghost_architect"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

Register = Callable[[Any], None]


@hookspec
def register_datasets(register: Register) -> None:
    """Register ``DatasetFormat`` objects that turn raw records into chat ``Example``s."""


@hookspec
def register_readers(register: Register) -> None:
    """Register ``Reader`` objects that read a dataset file (chosen by its suffix) into records."""


@hookspec
def register_hardware_profiles(register: Register) -> None:
    """Register ``HardwareProfile`` objects: VRAM, bf16 support, presets and notes of a device."""


@hookspec
def register_device_kinds(register: Register) -> None:
    """Register ``DeviceKind`` objects: detect a device, its memory and its dtypes (cuda, cpu)."""


@hookspec
def register_backends(register: Register) -> None:
    """Register training ``Backend`` objects (hf, unsloth): whether usable here, how auto ranks."""


@hookspec
def register_presets(register: Register) -> None:
    """Register ``Preset`` objects: named Trinity TOML files for ``ghost train --config NAME``."""


@hookspec
def register_doctor_checks(register: Register) -> None:
    """Register ``DoctorCheck`` objects that ``ghost doctor`` runs and reports."""


@hookspec
def register_exporters(register: Register) -> None:
    """Register ``Exporter`` objects (adapter, merged, gguf, ollama, ...)."""


@hookspec
def register_engines(register: Register) -> None:
    """Register inference ``Engine`` objects (ollama, llamacpp, transformers, ...)."""


@hookspec
def register_renderers(register: Register) -> None:
    """Register screenshot ``Renderer`` objects used by the synthetic data generator."""


@hookspec
def register_perceivers(register: Register) -> None:
    """Register ``Perceiver`` objects: the OCR text boxes (and UI elements) of a screenshot."""


@hookspec
def register_annotators(register: Register) -> None:
    """Register ``Annotator`` objects that label a screenshot with gold CREATE TABLE DDL."""


@hookspec
def register_commands(cli: Any) -> None:
    """Add subcommands to the ``ghost`` click group passed as ``cli``."""
