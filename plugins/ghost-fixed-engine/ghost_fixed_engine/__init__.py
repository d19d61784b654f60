"""Example Ghost Architect plugin: the ``fixed`` engine answers from a table, not a model.

The "model" is a JSON file mapping a screenshot's SHA-256 (or its file name) to the DDL to
answer; ``GHOST_FIXED_TABLE`` names the default one. It declares what the core asks of an
engine: no grammar, and it takes the screenshot itself (so no OCR runs).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ghost_architect.errors import UsageError
from ghost_architect.hookspecs import Register, hookimpl
from ghost_architect.serving.engine import Completion


class FixedEngine:
    name = "fixed"
    description = "answers from a JSON table: screenshot SHA-256 or file name -> DDL"
    supports_grammar = False
    supports_vision = True  # reads the screenshot itself: no OCR runs
    needs_server = False

    def unavailable_reason(self) -> str | None:
        return None

    def default_model(self, say: Callable[[str], None]) -> str | None:
        return os.environ.get("GHOST_FIXED_TABLE")

    def supports_images(self, model: str) -> bool:
        return True

    def chat(self, model: str, messages: list[dict[str, Any]], max_tokens: int = 512,
             grammar: str | None = None) -> Completion:  # fmt: skip
        started = time.perf_counter()
        if not Path(model).is_file():
            raise UsageError(f"{model}: no such table", "pass --model TABLE.json")
        table = json.loads(Path(model).read_text())
        image = Path(next(path for m in messages for path in m.get("images", [])))
        text = table.get(hashlib.sha256(image.read_bytes()).hexdigest(), table.get(image.name, ""))
        return Completion(text, 0, len(text.split()), time.perf_counter() - started)


@hookimpl
def register_engines(register: Register) -> None:
    register(FixedEngine())
