"""Model text -> parsed, checked, repaired and executed Schema, in one call."""

from __future__ import annotations

from ghost_architect.schema.model import Schema
from ghost_architect.schema.sql import SchemaReport, parse_schema
from ghost_architect.schema.validate import check_and_repair, execute


def schema_from_text(text: str, repair: bool = True) -> tuple[Schema, SchemaReport]:
    schema, report = parse_schema(text)
    if report.parsed:
        check_and_repair(schema, report, repair)
        execute(schema, report)
    return schema, report
