"""Built-in dataset formats: alpaca, sharegpt, messages and ghost-vision (image + gold SQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlglot
from sqlglot.errors import ParseError

from ghost_architect.data.example import (
    DatasetFormat,
    Example,
    RecordError,
    check_turns,
    require_text,
)
from ghost_architect.hookspecs import Register, hookimpl
from ghost_architect.prompts import SYSTEM_PROMPT, VISION_INSTRUCTION

SHAREGPT_ROLES = {
    "human": "user",
    "user": "user",
    "gpt": "assistant",
    "assistant": "assistant",
    "model": "assistant",
    "bot": "assistant",
    "system": "system",
}


class Alpaca(DatasetFormat):
    name = "alpaca"
    description = "instruction / input / output (optional system)"

    def detect(self, record: dict[str, Any]) -> bool:
        return "instruction" in record and "output" in record

    def to_example(self, record: dict[str, Any], base_dir: Path) -> Example:
        instruction = require_text(record, "instruction")
        extra = record.get("input") or ""
        if not isinstance(extra, str):
            raise RecordError("input", f"expected text, got {type(extra).__name__}")
        messages = []
        if record.get("system"):
            messages.append({"role": "system", "content": require_text(record, "system")})
        user = instruction + (f"\n\n{extra}" if extra.strip() else "")
        messages.append({"role": "user", "content": user})
        messages.append({"role": "assistant", "content": require_text(record, "output")})
        return Example(messages)


def _turns(record: dict[str, Any], key: str) -> list[dict[str, str]]:
    turns = record.get(key)
    if turns is None:
        raise RecordError(key, "missing")
    if not isinstance(turns, list) or not turns:
        raise RecordError(key, "expected a non-empty list of turns")
    messages = []
    for i, turn in enumerate(turns):
        if not isinstance(turn, dict):
            raise RecordError(f"{key}[{i}]", "expected an object")
        if "from" in turn or "value" in turn:
            role_key, text_key = "from", "value"
        else:
            role_key, text_key = "role", "content"
        role = turn.get(role_key)
        if not isinstance(role, str):
            raise RecordError(f"{key}[{i}].{role_key}", "missing")
        mapped = SHAREGPT_ROLES.get(role.lower()) if key == "conversations" else role
        if mapped is None:
            raise RecordError(f"{key}[{i}].{role_key}", f"unknown role '{role}'")
        content = turn.get(text_key)
        if not isinstance(content, str):
            raise RecordError(
                f"{key}[{i}].{text_key}", "missing" if content is None else "expected text"
            )
        messages.append({"role": mapped, "content": content})
    check_turns(messages, key)
    return messages


class ShareGPT(DatasetFormat):
    name = "sharegpt"
    description = "conversations: [{from, value}] or [{role, content}]"

    def detect(self, record: dict[str, Any]) -> bool:
        return "conversations" in record

    def to_example(self, record: dict[str, Any], base_dir: Path) -> Example:
        return Example(_turns(record, "conversations"))


class Messages(DatasetFormat):
    name = "messages"
    description = "chat messages: [{role: system|user|assistant, content}] (+ optional images)"

    def detect(self, record: dict[str, Any]) -> bool:
        return "messages" in record

    def to_example(self, record: dict[str, Any], base_dir: Path) -> Example:
        images = record.get("images") or []
        if not isinstance(images, list) or not all(isinstance(i, str) for i in images):
            raise RecordError("images", "expected a list of image paths")
        return Example(_turns(record, "messages"), [str(base_dir / i) for i in images])


def parse_sql(sql: str, field_name: str = "sql") -> None:
    """Raise RecordError unless sqlglot parses ``sql`` into at least one statement."""
    try:
        statements = [s for s in sqlglot.parse(sql, read="sqlite") if s is not None]
    except ParseError as exc:
        first = exc.errors[0] if exc.errors else {}
        where = f" (line {first.get('line')}, col {first.get('col')})" if first else ""
        raise RecordError(
            field_name, f"sqlglot cannot parse it{where}: {first.get('description', exc)}"
        ) from None
    if not statements:
        raise RecordError(field_name, "no SQL statement")


class GhostVision(DatasetFormat):
    name = "ghost-vision"
    description = "screenshot pairs: image path + gold sql (+ notes, layout text)"

    def detect(self, record: dict[str, Any]) -> bool:
        return "image" in record and "sql" in record

    def to_example(self, record: dict[str, Any], base_dir: Path) -> Example:
        image = require_text(record, "image")
        image_path = Path(image) if Path(image).is_absolute() else base_dir / image
        if not image_path.is_file():
            raise RecordError("image", f"file not found: {image_path}")
        sql = require_text(record, "sql")
        parse_sql(sql)
        messages = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": VISION_INSTRUCTION},
            {"role": "assistant", "content": sql.strip()},
        ]
        meta = {k: record[k] for k in ("id", "notes", "domain", "kind", "layout") if k in record}
        return Example(messages, [str(image_path)], meta)


@hookimpl
def register_datasets(register: Register) -> None:
    for fmt in (Alpaca(), ShareGPT(), Messages(), GhostVision()):
        register(fmt)
