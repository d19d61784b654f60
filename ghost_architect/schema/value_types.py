"""The SQL type a screen's sample values (and a field's label) suggest, by rule: what the
model-free heuristic engine writes and what grounding gives a field the model left out."""

from __future__ import annotations

import re

DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}$|^\d{2}/\d{2}/\d{4}$"  # 2025-03-14, 14/03/2025
    r"|^[A-Z][a-z]{2} \d{1,2}, \d{4}$|^\d{1,2} [A-Z][a-z]{2} \d{4}$"  # Mar 14, 2025; 14 Mar 2025
)
TIMESTAMP = re.compile(r"\d{1,2}:\d{2}")
MONEY = re.compile(r"^[$€£]?\s?-?[\d,]+\.\d{2}\s?[$€£]?$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?%?$")


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
