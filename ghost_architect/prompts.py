"""The prompts shared by training data and inference, so both see the same words."""

from __future__ import annotations

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
