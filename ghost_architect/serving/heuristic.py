"""A model-free baseline engine: reads the layout text (OCR labels, values, table headers and
rows) and writes one table per entity with rule-based column types. It is the honest floor a
tuned model has to beat, and an instant offline fallback."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from ghost_architect.schema.names import normalise_name
from ghost_architect.serving.engine import Completion

DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}$|^\d{2}/\d{2}/\d{4}$"  # 2025-03-14, 14/03/2025
    r"|^[A-Z][a-z]{2} \d{1,2}, \d{4}$|^\d{1,2} [A-Z][a-z]{2} \d{4}$"  # Mar 14, 2025; 14 Mar 2025
)
TIMESTAMP = re.compile(r"\d{1,2}:\d{2}")
# A field line as LayoutField.to_text writes it: `Label * [widget, placeholder "x"]: value`;
# the required mark and the widget tags are not part of the label, an empty field has no value.
FIELD_LINE = re.compile(
    r"^(?P<label>[^#|\s][^:]{0,39}?)(?: \*)?(?: \[[^\]]*\])?:(?: (?P<value>.*))?$"
)
HELP_SUFFIX = re.compile(r" \(help: .*\)$")
MONEY = re.compile(r"^[$€£]?\s?-?[\d,]+\.\d{2}\s?[$€£]?$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?%?$")
SKIP_TITLE = re.compile(r"^(new|edit|add|create|all|recent|latest|overview)\s+|#?\s*\d+$", re.I)


def guess_type(values: list[str], label: str) -> str:
    """SQL type from sample values (and the label when values are empty)."""
    seen = [v.strip() for v in values if v.strip() and v.strip() not in ("—", "-")]
    name = label.lower()
    if not seen:
        return "DATE" if "date" in name or name.endswith(" on") else "VARCHAR(255)"
    if all(v in ("Yes", "No", "✓") for v in seen):  # dashes were dropped above
        return "BOOLEAN"
    if all(DATE.match(v) for v in seen):
        return "DATE"
    if all(TIMESTAMP.search(v) and re.search(r"\d{4}|\d{2}/", v) for v in seen):
        return "TIMESTAMP"
    if all(MONEY.match(v) for v in seen):
        return "DECIMAL(10,2)"
    if all(NUMBER.match(v) for v in seen):
        return "DECIMAL(8,2)" if any("." in v or "%" in v for v in seen) else "INTEGER"
    if max(len(v) for v in seen) > 60:
        return "TEXT"
    return "VARCHAR(255)"


def table_name(title: str) -> str:
    cleaned = SKIP_TITLE.sub("", title.strip()).strip(" #:")
    words = re.findall(r"[A-Za-z]+", cleaned)[:2]
    name = normalise_name("_".join(words)) if words else "records"
    return name if name.endswith("s") else f"{name}s"


def layout_tables(layout: str) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(table name, [(column label, sample values)]) from the layout text format."""
    lines = layout.splitlines()
    title = next((line[2:] for line in lines if line.startswith("# ")), "records")
    tables: list[tuple[str, list[tuple[str, list[str]]]]] = []
    fields: list[tuple[str, list[str]]] = []
    i = 0
    block_title = title
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            heading = line[3:].split(":", 1)
            previous = lines[i - 1].strip() if i else ""
            if len(heading) > 1 and heading[1].strip():
                block_title = heading[1].strip()
            elif (
                previous
                and len(previous) <= 30
                and ":" not in previous
                and not previous.startswith("#")
            ):
                block_title = previous  # OCR: a short line right above the block is its title
            else:
                block_title = title
        elif line.startswith("| "):
            headers = [c.strip() for c in line.strip("| ").split(" | ")]
            rows = []
            while i + 1 < len(lines) and lines[i + 1].startswith("| "):
                i += 1
                rows.append([c.strip() for c in lines[i].strip("| ").split(" | ")])
            columns = [(h, [r[k] for r in rows if k < len(r)]) for k, h in enumerate(headers)]
            tables.append((table_name(block_title), columns))
        elif field := FIELD_LINE.match(line):
            value = HELP_SUFFIX.sub("", field["value"] or "")
            fields.append((field["label"], [value]))
        i += 1
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
        user = next(m["content"] for m in reversed(messages) if m["role"] == "user")
        layout = user.split("\n\n", 1)[1] if "\n\n" in user else user
        text = heuristic_sql(layout)
        return Completion(text, 0, len(text.split()), time.perf_counter() - started)
