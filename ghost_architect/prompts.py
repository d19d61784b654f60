"""The prompts shared by training data and inference, so both see the same words."""

from __future__ import annotations

from typing import Any

SYSTEM_PROMPT = (
    "You are Ghost Architect. You read a UI screenshot and write the SQL schema behind it: "
    "CREATE TABLE statements only, with primary keys, foreign keys, types and constraints."
)
VISION_INSTRUCTION = "Write the SQL schema (CREATE TABLE statements) behind this screen."
TEXT_INSTRUCTION = (
    "Here is the text of a UI screenshot in reading order, grouped by section. "
    "Write the SQL schema (CREATE TABLE statements) behind this screen.\n\n{layout}"
)


def text_messages(layout_text: str, sql: str | None = None) -> list[dict[str, str]]:
    """Chat messages for a text-only model: the layout text in, the DDL out."""
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": TEXT_INSTRUCTION.format(layout=layout_text)},
    ]
    if sql is not None:
        messages.append({"role": "assistant", "content": sql.strip()})
    return messages


def layout_of(messages: list[dict[str, Any]]) -> str:
    """The layout text of ``text_messages`` (the last user turn's part after the instruction)."""
    user = next(m["content"] for m in reversed(messages) if m["role"] == "user")
    head = TEXT_INSTRUCTION.partition("{layout}")[0]
    return user[len(head) :] if user.startswith(head) else user


def vision_messages(image_path: str) -> list[dict]:
    """Chat messages for a vision model: the screenshot itself (Ollama's `images` field; the
    transformers engine turns it into a Gemma 3 image part)."""
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": VISION_INSTRUCTION, "images": [image_path]},
    ]
