"""Built-in exporters and engines, registered through the same hooks plugins use."""

from __future__ import annotations

from ghost_architect.export.litert import LITERT
from ghost_architect.export.ollama_stage import OLLAMA, OLLAMA_VISION
from ghost_architect.export.stages import AdapterExporter, GgufExporter, MergedExporter
from ghost_architect.hookspecs import Register, hookimpl
from ghost_architect.serving.heuristic import HeuristicEngine
from ghost_architect.serving.litert_engine import LiteRtEngine
from ghost_architect.serving.llamacpp import LlamaCppEngine
from ghost_architect.serving.ollama_engine import OllamaEngine
from ghost_architect.serving.transformers_engine import TransformersEngine


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


@hookimpl
def register_engines(register: Register) -> None:
    register(LlamaCppEngine())
    register(OllamaEngine())
    register(TransformersEngine())
    register(HeuristicEngine())
    register(LiteRtEngine())
