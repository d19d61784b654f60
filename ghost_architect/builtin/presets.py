"""Built-in Trinity presets (ghost_architect/configs/, package data), registered through the
same hook a third-party plugin uses to ship presets in its package."""

from __future__ import annotations

from ghost_architect.hookspecs import Register, hookimpl
from ghost_architect.presets import BUILTIN_PRESETS, Preset


@hookimpl
def register_presets(register: Register) -> None:
    for path in sorted(BUILTIN_PRESETS.glob("*.toml")):
        register(Preset(path))
