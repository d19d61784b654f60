"""The one shape the trainer sees: ``Example`` (chat messages + optional images), and the
``DatasetFormat`` base class plugins subclass to turn their raw records into it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

ROLES = ("system", "user", "assistant")


class RecordError(ValueError):
    """A problem with one field of one record; the caller adds the record number."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass
class Example:
    """Chat messages ({role, content}) plus image paths, ready for a chat template."""

    messages: list[dict[str, str]]
    images: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"messages": self.messages}
        if self.images:
            record["images"] = self.images
        return record

    @property
    def text(self) -> str:
        return "\n".join(m["content"] for m in self.messages)


def require_text(record: dict[str, Any], key: str, *, allow_empty: bool = False) -> str:
    """record[key] as a string, or a RecordError naming the field."""
    if key not in record:
        raise RecordError(key, "missing")
    value = record[key]
    if not isinstance(value, str):
        raise RecordError(key, f"expected text, got {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise RecordError(key, "empty")
    return value


def check_turns(messages: list[dict[str, str]], where: str = "messages") -> None:
    """Roles are known, an optional system turn comes first, then user/assistant alternate,
    and the last turn is the assistant's."""
    if not messages:
        raise RecordError(where, "no turns")
    start = 1 if messages[0]["role"] == "system" else 0
    for index, message in enumerate(messages):
        role = message["role"]
        if role not in ROLES:
            raise RecordError(f"{where}[{index}].role", f"unknown role '{role}'")
        if not message["content"].strip():
            raise RecordError(f"{where}[{index}].content", "empty")
        if index >= start:
            expected = "user" if (index - start) % 2 == 0 else "assistant"
            if role != expected:
                raise RecordError(
                    f"{where}[{index}].role", f"expected '{expected}' here, got '{role}'"
                )
    if messages[-1]["role"] != "assistant":
        raise RecordError(where, "last turn must be the assistant's (nothing to learn otherwise)")


class DatasetFormat:
    """Base class for dataset formats. Subclasses set ``name``/``description`` and implement
    ``detect`` (does this record look like mine?) and ``to_example``."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def detect(self, record: dict[str, Any]) -> bool:
        raise NotImplementedError

    def to_example(self, record: dict[str, Any], base_dir: Path) -> Example:
        """Convert one record; raise RecordError naming the bad field."""
        raise NotImplementedError
