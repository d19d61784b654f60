"""A model-free baseline engine: reads the layout text (OCR labels, values, table headers and
rows) and writes one table per entity with rule-based column types. It is the honest floor a
tuned model has to beat, and an instant offline fallback."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from ghost_architect.perception.layout import Layout
from ghost_architect.prompts import layout_of
from ghost_architect.schema.names import normalise_name
from ghost_architect.schema.value_types import guess_type
from ghost_architect.serving.engine import Completion

SKIP_TITLE = re.compile(r"^(new|edit|add|create|all|recent|latest|overview)\s+|#?\s*\d+$", re.I)


def table_name(title: str) -> str:
    cleaned = SKIP_TITLE.sub("", title.strip()).strip(" #:")
    words = re.findall(r"[A-Za-z]+", cleaned)[:2]
    name = normalise_name("_".join(words)) if words else "records"
    return name if name.endswith("s") else f"{name}s"


def layout_tables(layout: str) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(table name, [(column label, sample values)]) from the layout text format: every labelled
    field in one table named after the page, each grid its own table named after its block (or,
    OCR's way, a short line of text right above it)."""
    read = Layout.from_text(layout)
    title = read.title or "records"
    tables: list[tuple[str, list[tuple[str, list[str]]]]] = []
    fields: list[tuple[str, list[str]]] = []
    above = ""
    for block in read.blocks:
        named = above if above and len(above) <= 30 and ":" not in above else title
        if block.headers:
            columns = [(header, [row[k] for row in block.rows if k < len(row)])
                       for k, header in enumerate(block.headers)]  # fmt: skip
            tables.append((table_name(block.title or named), columns))
        fields += [(f.label, [f.value]) for f in block.fields]
        above = block.lines[-1].strip() if block.lines else ""
    if fields:
        tables.insert(0, (table_name(title), fields))
    return tables


def heuristic_sql(layout: str) -> str:
    statements = []
    used: set[str] = set()
    for name, columns in layout_tables(layout):
        while name in used:
            name += "_2"
        used.add(name)
        defs = ["  id INTEGER PRIMARY KEY"]
        seen = {"id"}
        for label, values in columns:
            column = normalise_name(label)
            if column in seen or not column:
                continue
            seen.add(column)
            defs.append(f"  {column} {guess_type(values, label)}")
        statements.append(f"CREATE TABLE {name} (\n" + ",\n".join(defs) + "\n);")
    return "\n\n".join(statements) + "\n"


class HeuristicEngine:
    name = "heuristic"
    description = "no model: OCR labels -> columns with rule-based types (a baseline, instant)"
    supports_grammar = False
    supports_vision = False
    needs_server = False

    def unavailable_reason(self) -> str | None:
        return None

    def default_model(self, say: Callable[[str], None]) -> str:
        return "rules"

    def auto_preference(self) -> int | None:
        """The fallback of ``--engine auto``: needs no model, so it always runs."""
        return 0

    def baselines(self) -> list[tuple[str, str | None]]:
        """The model-free floor every model has to beat."""
        return [("heuristic", None)]

    def chat(self, model: str, messages: list[dict[str, Any]], max_tokens: int = 512,
             grammar: str | None = None) -> Completion:  # fmt: skip
        started = time.perf_counter()
        text = heuristic_sql(layout_of(messages))
        return Completion(text, 0, len(text.split()), time.perf_counter() - started)
