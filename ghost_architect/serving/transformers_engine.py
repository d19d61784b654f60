"""transformers engine: base model + a trained adapter, no export needed. For checking an adapter
right after `ghost train` (slower than llama.cpp; no grammar)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ghost_architect.errors import GhostError
from ghost_architect.serving.engine import Completion


class TransformersEngine:
    name = "transformers"
    description = "base + adapter in transformers/PEFT (a run folder or adapter folder); no export"

    def __init__(self) -> None:
        self._loaded: dict[str, tuple[Any, Any]] = {}
        self._load_seconds: dict[str, float] = {}  # reported once, by the first chat after a load

    def unavailable_reason(self) -> str | None:
        return None

    def load(self, model: str):
        folder = Path(model)
        adapter = folder / "adapter" if (folder / "adapter").is_dir() else folder
        if not (adapter / "adapter_config.json").exists():
            raise GhostError(
                f"{model}: no adapter found", "pass a `ghost train` run or adapter folder"
            )
        key = str(adapter.resolve())
        if key not in self._loaded:
            import json

            import torch
            from peft import PeftModel
            from transformers import AutoModelForCausalLM, AutoTokenizer

            from ghost_architect.training.backends import resolve_model_path

            started = time.perf_counter()
            base_name = json.loads((adapter / "adapter_config.json").read_text())[
                "base_model_name_or_path"
            ]
            if not Path(base_name).is_dir():
                base_name = resolve_model_path(base_name)
            base = AutoModelForCausalLM.from_pretrained(base_name, dtype=torch.float32)
            peft_model = PeftModel.from_pretrained(base, str(adapter)).eval()
            tokenizer = AutoTokenizer.from_pretrained(str(adapter))
            self._loaded[key] = (peft_model, tokenizer)
            self._load_seconds[key] = time.perf_counter() - started
        return key

    def chat(
        self,
        model: str,
        messages: list[dict[str, Any]],
        max_tokens: int = 512,
        grammar: str | None = None,
    ) -> Completion:
        import torch

        key = self.load(model)
        peft_model, tokenizer = self._loaded[key]
        load_seconds = self._load_seconds.pop(key, 0.0)
        text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        ids = tokenizer(text, add_special_tokens=False, return_tensors="pt").input_ids
        started = time.perf_counter()
        with torch.no_grad():
            out = peft_model.generate(ids, max_new_tokens=max_tokens, do_sample=False,
                                      repetition_penalty=1.1)  # fmt: skip
        new = out[0, ids.shape[1] :]
        end_ids = {tokenizer.convert_tokens_to_ids("<end_of_turn>"), tokenizer.eos_token_id}
        truncated = len(new) >= max_tokens and int(new[-1]) not in end_ids
        return Completion(
            text=tokenizer.decode(new, skip_special_tokens=True),
            prompt_tokens=ids.shape[1],
            completion_tokens=len(new),
            seconds=time.perf_counter() - started,
            load_seconds=load_seconds,
            truncated=truncated,
        )
