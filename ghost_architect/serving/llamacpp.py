"""Embedded llama.cpp engine (llama-cpp-python): a GGUF loaded in-process, kept loaded between
calls, greedy decoding, optional GBNF grammar for constrained output (checked token by token with
gated_grammar, which is much faster than the stock sampler on Gemma's 262k vocabulary)."""

from __future__ import annotations

import importlib.util
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ghost_architect.errors import GhostError
from ghost_architect.serving import gated_grammar
from ghost_architect.serving.engine import Completion, decode_threads, fold_system
from ghost_architect.serving.llamacpp_check import ensure_engine_runs


class LlamaCppEngine:
    name = "llamacpp"
    description = "embedded llama.cpp (llama-cpp-python): GGUF in-process, no server needed"
    supports_grammar = True
    supports_vision = False
    needs_server = False

    def __init__(self) -> None:
        self._loaded: dict[tuple[str, int], Any] = {}
        self.last_load_seconds = 0.0

    def unavailable_reason(self) -> str | None:
        if importlib.util.find_spec("llama_cpp") is None:
            return "llama-cpp-python is not installed (pip install llama-cpp-python)"
        return None

    def default_model(self, say: Callable[[str], None]) -> str:
        """The shipped tuned 270M as a GGUF (built once on first use), else the base 270M."""
        from ghost_architect.export.shipped import default_gguf
        from ghost_architect.models import shipped
        from ghost_architect.models.offline import gemma_270m_gguf

        if shipped.shipped_run() is not None:
            return str(default_gguf(say))
        return str(gemma_270m_gguf())

    def auto_preference(self) -> int | None:
        """First for ``--engine auto`` where the shipped tuned model is installed; never
        otherwise (the untuned 270M loops instead of writing schemas)."""
        from ghost_architect.models import shipped

        return 10 if shipped.shipped_run() is not None else None

    def baselines(self) -> list[tuple[str, str | None]]:
        """The untuned base 270M and the shipped tuned model (its default, None): what a
        fine-tune has to beat."""
        from ghost_architect.models import shipped
        from ghost_architect.models.offline import gemma_270m_gguf

        tuned = [("shipped-270m", None)] if shipped.shipped_run() is not None else []
        return [("base-270m", str(gemma_270m_gguf())), *tuned]

    def load(self, model: str, n_ctx: int = 4096, n_threads: int | None = None):
        path = Path(model)
        if not path.is_file():
            raise GhostError(
                f"GGUF model not found: {model}", "export one with `ghost export RUN --to gguf`"
            )
        key = (str(path.resolve()), n_ctx)
        if key not in self._loaded:
            reason = self.unavailable_reason()
            if reason:
                raise GhostError(f"llama.cpp engine unavailable: {reason}")
            ensure_engine_runs(path)  # once per engine build: a crash here is one clear line
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            from llama_cpp import Llama

            started = time.perf_counter()
            try:
                self._loaded[key] = Llama(
                    str(path), n_ctx=n_ctx, n_threads=n_threads or decode_threads(),
                    n_threads_batch=os.cpu_count() or 1, verbose=False,  # prompt: every core
                )  # fmt: skip
            except ValueError as exc:
                raise GhostError(
                    f"{model}: llama.cpp cannot load it ({exc})", "is it a GGUF file?"
                ) from None
            llm = self._loaded[key]
            if "tokenizer.chat_template" not in llm.metadata and llm.metadata.get(
                "general.architecture", ""
            ).startswith("gemma"):
                llm.chat_format = "gemma"  # a base Gemma GGUF has no template: not llama-2's
            self.last_load_seconds = time.perf_counter() - started
        return self._loaded[key]

    def chat(
        self,
        model: str,
        messages: list[dict[str, Any]],
        max_tokens: int = 512,
        grammar: str | None = None,
        repeat_penalty: float = 1.1,
        json_schema: dict[str, Any] | None = None,
    ) -> Completion:
        """Greedy chat completion with the chat template embedded in the GGUF. A mild repeat
        penalty stops small models from looping on one column under the DDL grammar."""
        llm = self.load(model)
        load_seconds, self.last_load_seconds = self.last_load_seconds, 0.0
        if llm.chat_format == "gemma":
            messages = fold_system(messages)
        kwargs: dict[str, Any] = {}
        if grammar:
            prompt = gated_grammar.prompt_ids(llm, messages)
            if prompt is not None:
                return self._gated(llm, prompt, grammar, max_tokens, repeat_penalty, load_seconds)
            from llama_cpp import LlamaGrammar  # a chat format gated_grammar does not know

            kwargs["grammar"] = LlamaGrammar.from_string(grammar, verbose=False)
        elif json_schema is not None:
            kwargs["response_format"] = {"type": "json_object", "schema": json_schema}
        started = time.perf_counter()
        result = llm.create_chat_completion(
            messages=messages, max_tokens=max_tokens, temperature=0.0, top_k=1,
            repeat_penalty=repeat_penalty, **kwargs,
        )  # fmt: skip
        usage = result["usage"]
        choice = result["choices"][0]
        return Completion(
            text=choice["message"]["content"] or "",
            prompt_tokens=usage["prompt_tokens"],
            completion_tokens=usage["completion_tokens"],
            seconds=time.perf_counter() - started,
            load_seconds=load_seconds,
            truncated=choice.get("finish_reason") == "length",
        )

    @staticmethod
    def _gated(
        llm: Any, prompt: list[int], grammar: str, max_tokens: int, penalty: float, load: float
    ) -> Completion:
        """Grammar-constrained greedy decoding that checks the best token first (see
        gated_grammar): the same output as the stock sampler, at near-unconstrained speed."""
        started = time.perf_counter()
        result = gated_grammar.generate(llm, prompt, grammar, max_tokens, penalty)
        return Completion(
            text=llm.detokenize(result.tokens).decode("utf-8", errors="replace"),
            prompt_tokens=result.prompt_tokens,
            completion_tokens=len(result.tokens),
            seconds=time.perf_counter() - started,
            load_seconds=load,
            truncated=result.truncated,
        )

    def close(self) -> None:
        for llm in self._loaded.values():
            llm.close()
        self._loaded.clear()
