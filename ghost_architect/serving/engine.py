"""The Engine protocol: chat messages (+ images) in, text out, with timing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


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


class Engine(Protocol):
    """Engines that can take the screenshot itself also define ``supports_images(model) ->
    bool``; a user turn then carries ``images: [path]`` instead of OCR text."""

    name: str
    description: str

    def unavailable_reason(self) -> str | None: ...

    def chat(
        self,
        model: str,
        messages: list[dict[str, Any]],
        max_tokens: int = 512,
        grammar: str | None = None,
    ) -> Completion: ...
