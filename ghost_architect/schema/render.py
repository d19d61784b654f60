"""Schema renderers: SQL in a dialect (sqlglot), Mermaid ER diagram, JSON."""

from __future__ import annotations

import dataclasses
import json
import re

import sqlglot

from ghost_architect.schema.model import Schema, index_ddl, table_ddl

DIALECTS = ("sqlite", "postgres", "mysql", "duckdb", "tsql", "snowflake", "bigquery")
NO_INDEXES = ("snowflake", "bigquery")  # warehouses without CREATE INDEX


def to_dialect(schema: Schema, dialect: str = "sqlite") -> str:
    """The schema's DDL transpiled by sqlglot, one pretty statement per table, then its
    indexes (plain `CREATE [UNIQUE] INDEX name ON table (columns)`, the same in every dialect
    that has them)."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect '{dialect}' (choose one of {', '.join(DIALECTS)})")
    if dialect == "sqlite":  # the canonical DDL is already what SQLite executes
        return schema.to_sql()
    tables = "\n".join(table_ddl(t) for t in schema.ordered())
    statements = sqlglot.transpile(tables, read="sqlite", write=dialect, pretty=True)
    text = ";\n\n".join(statements) + ";\n"
    if schema.indexes and dialect in NO_INDEXES:
        return (
            text + f"\n-- {len(schema.indexes)} index(es) left out: {dialect} has no CREATE INDEX\n"
        )
    if schema.indexes:
        text += "\n" + "\n".join(index_ddl(i) for i in schema.indexes) + "\n"
    return text


def _word(text: str) -> str:
    """A Mermaid-safe word: anything but letters, digits and _ replaced (names and types that
    came through the allow-lists are unchanged; nothing else can open a string or a block)."""
    return re.sub(r"\W", "_", text, flags=re.ASCII) or "_"


def to_mermaid(schema: Schema) -> str:
    lines = ["erDiagram"]
    for table in schema.ordered():
        lines.append(f"    {_word(table.name)} {{")
        for column in table.columns:
            kind = _word(column.type.split("(")[0].lower())
            keys = []
            if column.name in table.primary_key:
                keys.append("PK")
            if column.references:
                keys.append("FK")
            if column.unique and column.name not in table.primary_key:
                keys.append("UK")
            marks = f" {','.join(keys)}" if keys else ""
            lines.append(f"        {kind} {_word(column.name)}{marks}")
        lines.append("    }")
    for table in schema.tables:
        for column in table.columns:
            if column.references:
                target, name = _word(column.references[0]), _word(column.name)
                lines.append(f'    {target} ||--o{{ {_word(table.name)} : "{name}"')
    return "\n".join(lines) + "\n"


def to_json(schema: Schema) -> str:
    return json.dumps(dataclasses.asdict(schema), indent=2) + "\n"
