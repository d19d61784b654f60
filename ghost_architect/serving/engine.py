"""The Engine protocol: chat messages (+ images) in, text out, with timing."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ghost_architect.errors import UsageError
from ghost_architect.plugins import ask


@dataclass
class Completion:
    text: str
    prompt_tokens: int
    completion_tokens: int
    seconds: float
    load_seconds: float = 0.0
    truncated: bool = False  # stopped by max_tokens, not by the model

    @property
    def tokens_per_s(self) -> float:
        return self.completion_tokens / self.seconds if self.seconds > 0 else 0.0


def decode_threads() -> int:
    """Threads for token-by-token generation on CPU: on 2 cores one is fastest (two run at half
    the speed, measured with llama.cpp and litert-lm); else half the cores."""
    cores = os.cpu_count() or 1
    return 1 if cores <= 2 else max(1, cores // 2)


def fold_system(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gemma has no system role: put a system prompt in front of the first user turn."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    rest = [dict(m) for m in messages if m["role"] != "system"]
    if system and rest and rest[0]["role"] == "user":
        rest[0]["content"] = f"{system}\n\n{rest[0]['content']}"
    return rest


def supports_vision(engine: object) -> bool:
    """Whether ``engine`` can take the screenshot itself for some models: its declared
    ``supports_vision``, else (an engine written before the flag) whether it has
    ``supports_images``."""
    declared = getattr(engine, "supports_vision", None)
    if declared is not None:
        return bool(declared)
    return callable(getattr(engine, "supports_images", None))


def supports_images(engine: object, model: str) -> bool:
    """Whether ``engine`` sends images to ``model`` (False for text-only engines)."""
    check = getattr(engine, "supports_images", None)
    return bool(supports_vision(engine) and check and check(model))


def default_model(engine: object, say: Callable[[str], None] = lambda _: None) -> str:
    """The model ``engine`` runs when none is named, as the engine itself declares it."""
    declare = getattr(engine, "default_model", None)
    model = declare(say) if declare else None
    if not model:
        name = getattr(engine, "name", type(engine).__name__)
        raise UsageError(f"engine '{name}' has no default model", "pass --model")
    return model


def takes_grammar(engine: object) -> bool:
    """Whether ``engine`` constrains decoding with a GBNF grammar (off unless it says so)."""
    return bool(getattr(engine, "supports_grammar", False))


def needs_server(engine: object) -> bool:
    """Whether ``engine`` talks to a server that must be running (off unless it says so)."""
    return bool(getattr(engine, "needs_server", False))


def auto_preference(engine: object) -> int | None:
    """How strongly ``--engine auto`` wants ``engine`` on this install, or None: never picked.
    An engine that needs a server is never picked (offline first)."""
    declare = getattr(engine, "auto_preference", None)
    if declare is None or needs_server(engine):
        return None
    return ask("engines", engine, "auto_preference")  # a failing plugin is never picked


def auto_engine(engines: dict[str, Any]) -> str:
    """The name ``--engine auto`` stands for: the engine with the highest ``auto_preference``
    (the first registered on ties)."""
    ranked = [
        (rank, name) for name, e in engines.items() if (rank := auto_preference(e)) is not None
    ]
    if not ranked:
        raise UsageError("no engine offers itself for --engine auto", "pass --engine NAME")
    best = max(rank for rank, _ in ranked)
    return next(name for rank, name in ranked if rank == best)


def baselines(engine: object) -> list[tuple[str, str | None]]:
    """The (label, model) pairs ``ghost eval --baselines`` scores with ``engine`` (model None:
    the engine's default); none unless the engine declares them."""
    declare = getattr(engine, "baselines", None)
    return list(declare()) if declare else []


class Engine(Protocol):
    """What the core asks of an engine; it never branches on an engine's name. Engines that can
    take the screenshot itself (``supports_vision``) also define ``supports_images(model) ->
    bool``; a user turn then carries ``images: [path]`` instead of OCR text. Optional, the
    helpers above giving their defaults: ``auto_preference() -> int | None`` (how strongly
    ``--engine auto`` wants it here, highest wins; None: never) and ``baselines() -> [(label,
    model)]`` (what ``ghost eval --baselines`` scores it with; model None: its default)."""

    name: str
    description: str
    supports_grammar: bool  # decodes under a GBNF grammar (the CREATE TABLE grammar)
    supports_vision: bool  # some of its models take the screenshot itself
    needs_server: bool  # answers through a server that must be running (never picked by auto)

    def unavailable_reason(self) -> str | None: ...

    def default_model(self, say: Callable[[str], None]) -> str | None:
        """The model to run when none is named (``say`` reports slow first-use work), or None."""
        ...

    def chat(
        self,
        model: str,
        messages: list[dict[str, Any]],
        max_tokens: int = 512,
        grammar: str | None = None,
    ) -> Completion: ...
