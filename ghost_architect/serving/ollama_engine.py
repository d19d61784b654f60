"""Ollama engine through the official `ollama` client: chat (with images for vision models),
greedy options, JSON-schema `format`; clear one-line errors for a missing server or model."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from ghost_architect.endpoints import ollama_host
from ghost_architect.errors import GhostError, UsageError
from ghost_architect.serving.engine import Completion

TIMEOUT_ENV = "GHOST_OLLAMA_TIMEOUT"
DEFAULT_TIMEOUT_S = 600.0


def reply_timeout() -> float:
    """Seconds to wait for one reply: GHOST_OLLAMA_TIMEOUT, else 600 (a large model's cold load)."""
    raw = os.environ.get(TIMEOUT_ENV, "")
    try:
        value = float(raw) if raw else DEFAULT_TIMEOUT_S
    except ValueError:
        value = -1.0
    if not (0 < value < float("inf")):
        raise UsageError(f"{TIMEOUT_ENV}={raw} is not a positive number of seconds", "e.g. 600")
    return value


MODEL_NAME = "ghost-architect"  # the name `ghost export --to ollama` registers by default


class OllamaEngine:
    name = "ollama"
    description = "an Ollama server at OLLAMA_HOST (official client); images for vision models"
    supports_grammar = False  # Ollama takes a JSON schema, not a GBNF grammar
    supports_vision = True  # for models whose capabilities list "vision"
    needs_server = True

    def default_model(self, say: Callable[[str], None]) -> str:
        return MODEL_NAME

    def unavailable_reason(self) -> str | None:
        import ollama

        try:
            ollama.Client(host=ollama_host(), timeout=2).list()
        except Exception:
            return f"no Ollama server at {ollama_host()} (start `ollama serve` or set OLLAMA_HOST)"
        return None

    def supports_images(self, model: str) -> bool:
        """Whether the server lists ``vision`` among the model's capabilities."""
        import ollama

        try:
            shown = ollama.Client(host=ollama_host(), timeout=10).show(model)
        except Exception:  # no server or no model: chat() reports it in one clear line
            return False
        return "vision" in (getattr(shown, "capabilities", None) or [])

    def chat(
        self,
        model: str,
        messages: list[dict[str, Any]],
        max_tokens: int = 512,
        grammar: str | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> Completion:
        """Greedy chat. Ollama has no GBNF grammars: ``grammar`` is not used; ``json_schema``
        goes to Ollama's structured-output ``format``."""
        import httpx
        import ollama

        host = ollama_host()
        timeout = reply_timeout()
        client = ollama.Client(host=host, timeout=timeout)
        options = {"temperature": 0, "top_k": 1, "num_predict": max_tokens, "repeat_penalty": 1.1}
        started = time.perf_counter()
        try:
            response = client.chat(model=model, messages=messages, options=options,
                                   format=json_schema, stream=False)  # fmt: skip
        except ollama.ResponseError as exc:
            if exc.status_code == 404:
                raise GhostError(
                    f"model '{model}' is not on the Ollama server at {host}",
                    f"create it: ollama create {model} -f Modelfile",
                ) from None
            raise GhostError(f"Ollama at {host} answered {exc.status_code}: {exc.error}") from None
        except httpx.TimeoutException:
            raise GhostError(
                f"the Ollama server at {host} did not answer within {timeout:g} s",
                f"check the server, or allow longer with {TIMEOUT_ENV}=SECONDS",
            ) from None
        except (httpx.ConnectError, ConnectionError):
            raise GhostError(
                f"no Ollama server at {host}",
                "start `ollama serve`, set OLLAMA_HOST, or use --engine llamacpp",
            ) from None
        seconds = time.perf_counter() - started
        load = (response.load_duration or 0) / 1e9
        return Completion(
            text=response.message.content or "",
            prompt_tokens=response.prompt_eval_count or 0,
            completion_tokens=response.eval_count or 0,
            seconds=max(seconds - load, 1e-9),
            load_seconds=load,
            truncated=response.done_reason == "length",
        )
