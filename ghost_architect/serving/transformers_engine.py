"""transformers engine: base model + a trained adapter, no export needed. For checking an adapter
right after `ghost train` (slower than llama.cpp; no grammar). An adapter on a Gemma 3 vision
base gets the screenshot itself through the model's processor."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ghost_architect.errors import GhostError
from ghost_architect.models.artefacts import load_adapted
from ghost_architect.models.paths import (
    adapter_dir,
    is_vision_checkpoint,
    resolve_model_path,
    tokenizer_source,
)
from ghost_architect.serving.engine import Completion


class TransformersEngine:
    name = "transformers"
    description = "base + adapter in transformers/PEFT (a run folder or adapter folder); no export"
    supports_grammar = False
    supports_vision = True  # for an adapter on a Gemma 3 vision base
    needs_server = False

    def __init__(self) -> None:
        self._loaded: dict[str, tuple[Any, Any]] = {}
        self._load_seconds: dict[str, float] = {}  # reported once, by the first chat after a load

    def unavailable_reason(self) -> str | None:
        return None

    def default_model(self, say: Callable[[str], None]) -> str | None:
        """The shipped tuned 270M's run folder (base + adapter), if this install has it."""
        from ghost_architect.models import shipped

        run = shipped.shipped_run()
        return str(run) if run is not None else None

    @staticmethod
    def _adapter(model: str) -> Path:
        folder = Path(model)
        adapter = adapter_dir(folder) if adapter_dir(folder).is_dir() else folder
        if not (adapter / "adapter_config.json").exists():
            raise GhostError(
                f"{model}: no adapter found", "pass a `ghost train` run or adapter folder"
            )
        return adapter

    @staticmethod
    def _base(adapter: Path) -> str:
        import json

        config = json.loads((adapter / "adapter_config.json").read_text())
        base = config["base_model_name_or_path"]
        return base if Path(base).is_dir() else resolve_model_path(base)

    def supports_images(self, model: str) -> bool:
        return is_vision_checkpoint(self._base(self._adapter(model)))

    def load(self, model: str):
        adapter = self._adapter(model)
        key = str(adapter.resolve())
        if key not in self._loaded:
            from transformers import AutoProcessor, AutoTokenizer

            started = time.perf_counter()
            base_name = self._base(adapter)
            peft_model, vision = load_adapted(adapter, base_name)
            peft_model.eval()
            reader = (AutoProcessor if vision else AutoTokenizer).from_pretrained(
                tokenizer_source(adapter, base_name)
            )
            self._loaded[key] = (peft_model, reader)
            self._load_seconds[key] = time.perf_counter() - started
        return key

    @staticmethod
    def _vision_inputs(processor: Any, messages: list[dict[str, Any]]) -> dict[str, Any]:
        """Gemma 3 content parts (one image part per image), expanded by the processor."""
        from ghost_architect.perception.image import screen_rgb

        images, turns = [], []
        for message in messages:
            paths = message.get("images") or []
            images += [screen_rgb(path) for path in paths]  # as the model saw them in training
            content = message["content"]
            if paths:
                content = [{"type": "image"} for _ in paths] + [{"type": "text", "text": content}]
            turns.append({"role": message["role"], "content": content})
        prompt = processor.apply_chat_template(turns, add_generation_prompt=True)
        return processor(
            text=prompt, images=images or None, return_tensors="pt", add_special_tokens=False
        )

    def chat(
        self,
        model: str,
        messages: list[dict[str, Any]],
        max_tokens: int = 512,
        grammar: str | None = None,
    ) -> Completion:
        import torch

        key = self.load(model)
        peft_model, reader = self._loaded[key]
        load_seconds = self._load_seconds.pop(key, 0.0)
        if hasattr(reader, "image_processor"):
            inputs = self._vision_inputs(reader, messages)
            tokenizer = reader.tokenizer
        else:
            tokenizer = reader
            text = tokenizer.apply_chat_template(
                messages, tokenize=False, add_generation_prompt=True
            )
            inputs = tokenizer(text, add_special_tokens=False, return_tensors="pt")
        ids = inputs["input_ids"]
        end_ids = {tokenizer.convert_tokens_to_ids("<end_of_turn>"), tokenizer.eos_token_id}
        started = time.perf_counter()
        with torch.no_grad():
            out = peft_model.generate(**inputs, max_new_tokens=max_tokens, do_sample=False,
                                      repetition_penalty=1.1,
                                      eos_token_id=sorted(end_ids))  # fmt: skip
        new = out[0, ids.shape[1] :]
        truncated = len(new) >= max_tokens and int(new[-1]) not in end_ids
        return Completion(
            text=tokenizer.decode(new, skip_special_tokens=True),
            prompt_tokens=ids.shape[1],
            completion_tokens=len(new),
            seconds=time.perf_counter() - started,
            load_seconds=load_seconds,
            truncated=truncated,
        )
