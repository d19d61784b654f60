"""Examples -> token ids with labels on assistant tokens only, and the batch collator.

The chat template is applied by the tokenizer (or processor). Assistant spans are found by rendering
the conversation up to each assistant turn: the tokens between "prompt so far" and "prompt through
this answer" are the answer (its <end_of_turn> included, so the model learns to stop).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch

from ghost_architect.data.example import Example

IGNORE = -100


@dataclass
class Features:
    input_ids: list[int]
    labels: list[int]
    images: list[str]
    truncated: bool = False

    @property
    def trained_tokens(self) -> int:
        return sum(label != IGNORE for label in self.labels)


def _render(tokenizer: Any, messages: list[dict[str, str]], generation_prompt: bool) -> str:
    return tokenizer.apply_chat_template(
        messages, tokenize=False, add_generation_prompt=generation_prompt
    )


def encode_example(example: Example, tokenizer: Any, max_length: int) -> Features:
    """Token ids and assistant-only labels for a text example (image markers stay in the text)."""
    messages = _with_image_markers(example)
    ids: list[int] = []
    labels: list[int] = []
    done_text = ""
    for index, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        prompt = _render(tokenizer, messages[:index], generation_prompt=True)
        through = _render(tokenizer, messages[: index + 1], generation_prompt=False)
        prompt_ids = tokenizer(prompt[len(done_text) :], add_special_tokens=False)["input_ids"]
        answer_ids = tokenizer(through[len(prompt) :], add_special_tokens=False)["input_ids"]
        ids += prompt_ids + answer_ids
        labels += [IGNORE] * len(prompt_ids) + answer_ids
        done_text = through
    truncated = len(ids) > max_length
    return Features(ids[:max_length], labels[:max_length], list(example.images), truncated)


def _with_image_markers(example: Example) -> list[dict[str, Any]]:
    """Put one image part per image into the first user turn (Gemma 3 content parts)."""
    if not example.images:
        return example.messages
    messages: list[dict[str, Any]] = []
    placed = False
    for message in example.messages:
        if message["role"] == "user" and not placed:
            parts = [{"type": "image"} for _ in example.images]
            parts.append({"type": "text", "text": message["content"]})
            messages.append({"role": "user", "content": parts})
            placed = True
        else:
            messages.append(message)
    return messages


def collate_text(batch: list[Features], pad_id: int) -> dict[str, torch.Tensor]:
    """Right-pad a batch; padding is masked out of attention and loss."""
    width = max(len(f.input_ids) for f in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, f in enumerate(batch):
        n = len(f.input_ids)
        ids[row, :n] = torch.tensor(f.input_ids)
        labels[row, :n] = torch.tensor(f.labels)
        mask[row, :n] = 1
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}


@dataclass
class VisionFeatures(Features):
    token_type_ids: list[int] | None = None
    pixel_values: torch.Tensor | None = None


def encode_vision_example(example: Example, processor: Any, max_length: int) -> VisionFeatures:
    """Gemma 3 image+text example: the processor expands each image into its soft tokens and
    marks them in token_type_ids; labels cover assistant tokens only (never image tokens)."""
    from ghost_architect.perception.image import screen_rgb

    messages = _with_image_markers(example)
    images = [screen_rgb(path) for path in example.images]  # as ghost infer sees them
    last = max(i for i, m in enumerate(messages) if m["role"] == "assistant")
    prompt = processor.apply_chat_template(messages[:last], add_generation_prompt=True)
    full = processor.apply_chat_template(messages[: last + 1], add_generation_prompt=False)
    prompt_len = len(
        processor(text=prompt, images=images, add_special_tokens=False)["input_ids"][0]
    )
    encoded = processor(text=full, images=images, return_tensors="pt", add_special_tokens=False)
    ids = encoded["input_ids"][0].tolist()
    labels = [IGNORE] * prompt_len + ids[prompt_len:]
    token_types = encoded["token_type_ids"][0].tolist()
    if prompt_len >= max_length:
        raise ValueError(
            f"prompt with images is {prompt_len} tokens, over max_seq_length {max_length}"
        )
    return VisionFeatures(
        ids[:max_length],
        labels[:max_length],
        list(example.images),
        len(ids) > max_length,
        token_types[:max_length],
        encoded["pixel_values"],
    )


def collate_vision(batch: list[VisionFeatures], pad_id: int) -> dict[str, torch.Tensor]:
    out = collate_text(batch, pad_id)
    types = torch.zeros_like(out["input_ids"])
    for row, f in enumerate(batch):
        types[row, : len(f.token_type_ids or [])] = torch.tensor(f.token_type_ids or [])
    out["token_type_ids"] = types
    out["pixel_values"] = torch.cat([f.pixel_values for f in batch], dim=0)
    return out
