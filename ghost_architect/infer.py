"""`ghost infer`: screenshot -> perception -> engine -> sqlglot -> Schema, with timings per stage.

Each stage hands a plain value to the next: the image, the Layout (OCR text for text-only
models), the model's text, then the checked Schema and its report.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ghost_architect.errors import GhostError, UsageError
from ghost_architect.grounding import ground_schema
from ghost_architect.plugins import ask, named
from ghost_architect.prompts import text_messages, vision_messages
from ghost_architect.schema.grammar import ddl_grammar
from ghost_architect.schema.model import Schema
from ghost_architect.schema.pipeline import schema_from_text
from ghost_architect.schema.sql import SchemaReport
from ghost_architect.schema.validate import execute
from ghost_architect.serving.engine import auto_engine, default_model

AUTO = "auto"  # --engine auto: the engine the registered engines rank first here


@dataclass
class InferResult:
    image: str
    schema: Schema
    report: SchemaReport
    text: str
    layout: str
    engine: str
    model: str
    attempts: int
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def default_engine_name(engines: dict[str, Any] | None = None) -> str:
    """The engine ``--engine auto`` stands for, as the engines themselves rank it: the embedded
    llama.cpp engine where the shipped tuned model is installed, else the model-free heuristic
    baseline (the untuned 270M loops instead of writing schemas: name its engine to run it)."""
    return auto_engine(named("engines") if engines is None else engines)


def resolve_engine(name: str, engines: dict[str, Any]) -> Any:
    """The engine ``name`` (or ``auto``) names, checked to be usable here."""
    if name == AUTO:
        name = default_engine_name(engines)
    if name not in engines:
        raise UsageError(f"unknown engine '{name}'", f"choose one of: {', '.join(engines)}")
    reason = ask("engines", engines[name], "unavailable_reason", fallback="its check failed")
    if reason:
        raise GhostError(f"engine '{name}' is unavailable: {reason}")
    return engines[name]


@dataclass
class Perceived:
    """The perception stage's output: the screenshot's layout text, and how long it took."""

    path: Path
    layout: str
    timings: dict[str, float]
    notes: list[str]


def perceive_image(path: Path) -> Perceived:
    """Load and check the image, then read it into layout text (exit code 3 when unreadable)."""
    from ghost_architect.perception import read_screen

    screen = read_screen(path)
    return Perceived(path, screen.layout.to_text(), screen.timings, screen.notes)


def _look(path: Path) -> Perceived:
    """The perception stage for a vision model: check the image; the model reads it itself."""
    from ghost_architect.perception.image import load_image

    started = time.perf_counter()
    _, notes = load_image(path)
    notes.append("the screenshot went to the model itself (vision model, no OCR)")
    return Perceived(path, "", {"load": time.perf_counter() - started, "perception": 0.0}, notes)


def infer(
    path: Path | Perceived,
    engine: Any,
    model: str | None = None,
    retries: int = 1,
    max_tokens: int = 1024,
    repair: bool = True,
    ground: bool = True,
) -> InferResult:
    """One screenshot (or its already perceived layout) to a checked Schema; parse failures are
    retried with the error fed back. A vision model gets the image; a text model the OCR text.
    ``max_tokens`` leaves room for dense admin screens (3 of the devset's 76 gold schemas take
    over 512 Gemma tokens, the largest 672); a model that ends its schema stops sooner.
    ``ground`` checks a text model's schema against the screen text it read (grounding.py):
    columns nothing on the screen names are dropped, labelled fields it left out added."""
    from ghost_architect.serving.engine import supports_images, takes_grammar

    model = model or default_model(engine)
    vision = supports_images(engine, model)
    if vision:
        seen = _look(path.path if isinstance(path, Perceived) else path)
        messages: list[dict[str, Any]] = vision_messages(str(seen.path))
    else:
        seen = path if isinstance(path, Perceived) else perceive_image(path)
        messages = text_messages(seen.layout)
    timings = dict(seen.timings)
    notes = list(seen.notes)
    grammar = ddl_grammar() if takes_grammar(engine) else None
    timings["generation"] = 0.0
    timings["model_load"] = 0.0
    for attempt in range(1, retries + 2):
        reply = engine.chat(model, messages, max_tokens=max_tokens, grammar=grammar)
        timings["generation"] += reply.seconds
        timings["model_load"] += reply.load_seconds
        started = time.perf_counter()
        schema, report = schema_from_text(reply.text, repair)
        if report.parsed and ground and seen.layout:
            grounded = ground_schema(schema, seen.layout)
            notes += grounded.notes()
            if grounded.dropped or grounded.added:
                execute(schema, report)
        timings["validation"] = time.perf_counter() - started
        if report.parsed or attempt > retries:
            break
        error = report.parse_errors[0] if report.parse_errors else "no CREATE TABLE statement"
        messages = [
            *messages,
            {"role": "assistant", "content": reply.text},
            {"role": "user", "content": f"That did not parse ({error}). Reply with CREATE TABLE "
             "statements only."},
        ]  # fmt: skip
    if reply.truncated:
        notes.append(f"output stopped at max_tokens {max_tokens}; the last statement may be cut")
    return InferResult(str(seen.path), schema, report, reply.text, seen.layout, engine.name, model,
                       attempt, timings, notes)  # fmt: skip
