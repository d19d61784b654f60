"""Built-in exporters, registered through the same hook plugins use."""

from __future__ import annotations

from ghost_architect.export.litert import LITERT
from ghost_architect.export.ollama_stage import OLLAMA, OLLAMA_VISION
from ghost_architect.export.stages import AdapterExporter, GgufExporter, MergedExporter
from ghost_architect.hookspecs import Register, hookimpl


@hookimpl
def register_exporters(register: Register) -> None:
    for exporter in (
        AdapterExporter(),
        MergedExporter(),
        GgufExporter(),
        OLLAMA,
        OLLAMA_VISION,
        LITERT,
    ):
        register(exporter)
