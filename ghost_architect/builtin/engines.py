"""Built-in engines, registered through the same hook plugins use (the first registered wins
``--engine auto`` ties)."""

from __future__ import annotations

from ghost_architect.hookspecs import Register, hookimpl
from ghost_architect.serving.heuristic import HeuristicEngine
from ghost_architect.serving.litert_engine import LiteRtEngine
from ghost_architect.serving.llamacpp import LlamaCppEngine
from ghost_architect.serving.ollama_engine import OllamaEngine
from ghost_architect.serving.transformers_engine import TransformersEngine


@hookimpl
def register_engines(register: Register) -> None:
    register(LlamaCppEngine())
    register(OllamaEngine())
    register(TransformersEngine())
    register(HeuristicEngine())
    register(LiteRtEngine())
