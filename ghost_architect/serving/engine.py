"""The Engine protocol: chat messages (+ images) in, text out, with timing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ghost_architect.errors import UsageError


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


def supports_images(engine: object, model: str) -> bool:
    """Whether ``engine`` sends images to ``model`` (False for text-only engines)."""
    check = getattr(engine, "supports_images", None)
    return bool(check and check(model))


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


class Engine(Protocol):
    """What the core asks of an engine; it never branches on an engine's name. Engines that can
    take the screenshot itself also define ``supports_images(model) -> bool``; a user turn then
    carries ``images: [path]`` instead of OCR text."""

    name: str
    description: str
    supports_grammar: bool  # decodes under a GBNF grammar (the CREATE TABLE grammar)

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
