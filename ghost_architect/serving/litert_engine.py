"""LiteRT-LM engine (the ``litert-lm-api`` wheel, the ``[edge]`` extra): a ``.litertlm`` model
(written by ``ghost export --to litert``) run in-process on CPU, greedy, with the same mild repeat
penalty as the llama.cpp engine. It has no GBNF grammar: litert-lm constrains decoding only by
regex or JSON schema, so replies are validated and retried like any unconstrained engine's."""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ghost_architect.errors import GhostError
from ghost_architect.serving.engine import Completion, decode_threads, fold_system

INSTALL = "pip install 'ghost-architect[edge]'"


def reply_text(message: Any) -> str:
    """The text of a litert-lm reply (a message mapping whose content is text or parts)."""
    content = message.get("content", "") if isinstance(message, dict) else message
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


class LiteRtEngine:
    name = "litert"
    description = "LiteRT-LM (litert-lm-api): a .litertlm model in-process on CPU, no server"
    supports_grammar = False
    supports_vision = False
    needs_server = False

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads or decode_threads()
        self._loaded: dict[str, Any] = {}
        self.last_load_seconds = 0.0

    def unavailable_reason(self) -> str | None:
        if importlib.util.find_spec("litert_lm") is None:
            return f"litert-lm-api is not installed ({INSTALL})"
        return None

    def default_model(self, say: Callable[[str], None]) -> str | None:
        """None: a .litertlm comes from `ghost export RUN --to litert`, named by --model."""
        return None

    def load(self, model: str) -> Any:
        path = Path(model)
        if not path.is_file():
            raise GhostError(
                f"LiteRT model not found: {model}",
                "export one with `ghost export RUN --to litert`",
            )
        key = str(path.resolve())
        if key not in self._loaded:
            reason = self.unavailable_reason()
            if reason:
                raise GhostError(f"LiteRT engine unavailable: {reason}")
            import litert_lm

            litert_lm.set_min_log_severity(litert_lm.LogSeverity.ERROR)  # no native INFO chatter
            started = time.perf_counter()
            try:
                self._loaded[key] = litert_lm.Engine(
                    key,
                    backend=litert_lm.Backend.CPU(thread_count=self.threads),
                    enable_benchmark=True,
                )
            except (RuntimeError, ValueError) as exc:
                raise GhostError(
                    f"{model}: litert-lm cannot load it ({str(exc).splitlines()[0]})",
                    "is it a .litertlm file written by `ghost export --to litert`?",
                ) from None
            self.last_load_seconds = time.perf_counter() - started
        return self._loaded[key]

    def chat(
        self,
        model: str,
        messages: list[dict[str, Any]],
        max_tokens: int = 512,
        grammar: str | None = None,
        repeat_penalty: float = 1.1,
    ) -> Completion:
        """Greedy chat completion; earlier turns go into the conversation, the last user turn
        is sent. ``grammar`` is refused: this engine declares none."""
        if grammar:
            raise GhostError("the LiteRT engine decodes without a grammar", "pass grammar=None")
        import litert_lm

        engine = self.load(model)
        load_seconds, self.last_load_seconds = self.last_load_seconds, 0.0
        turns = fold_system(messages)
        history, last = turns[:-1], turns[-1]
        conversation = engine.create_conversation(
            messages=history or None,
            sampler_config=litert_lm.SamplerConfig(top_k=1, temperature=0.0),
        )
        started = time.perf_counter()
        try:
            reply = conversation.send_message(
                last,
                repetition_penalty_config=litert_lm.RepetitionPenaltyConfig(
                    repetition_penalty=repeat_penalty, window_size=64
                ),
                max_output_tokens=max_tokens,
            )
            info = conversation.get_benchmark_info()
        finally:
            conversation.close()
        produced = info.last_decode_token_count
        return Completion(
            text=reply_text(reply),
            prompt_tokens=info.last_prefill_token_count,
            completion_tokens=produced,
            seconds=time.perf_counter() - started,
            load_seconds=load_seconds,
            truncated=produced >= max_tokens,
        )

    def close(self) -> None:
        for engine in self._loaded.values():
            engine.close()
        self._loaded.clear()
