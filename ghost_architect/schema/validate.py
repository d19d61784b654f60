"""Consistency checks and repairs on a Schema, then proof by execution in an in-memory SQLite."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

from ghost_architect.schema.model import Schema, Table
from ghost_architect.schema.sql import SchemaReport

T = TypeVar("T")


def _first_declarations(
    items: list[T], where: Callable[[T], str], report: SchemaReport, repair: bool
) -> list[T]:
    """Every item whose ``where`` was seen before is reported; on repair only the first stays."""
    seen: set[str] = set()
    kept = []
    for item in items:
        key = where(item)
        if key in seen:
            report.problems.append(f"{key}: declared twice")
            if repair:
                report.repairs.append(f"{key}: kept the first declaration")
                continue
        seen.add(key)
        kept.append(item)
    return kept


def _check_constraints(table: Table, report: SchemaReport, repair: bool) -> None:
    """A CHECK must name only the table's columns and functions SQLite knows: each is prepared
    against a bare copy of the table (columns only), which nothing can execute."""
    checked = [c for c in table.columns if c.check]
    if not checked:
        return
    connection = sqlite3.connect(":memory:")
    try:
        names = ", ".join(f'"{c.name}"' for c in table.columns)
        connection.execute(f"CREATE TABLE t ({names})")
        for column in checked:
            try:
                connection.execute(f"SELECT ({column.check}) FROM t LIMIT 0")
            except sqlite3.Error as exc:
                where = f"{table.name}.{column.name}: CHECK ({column.check})"
                report.problems.append(f"{where}: {exc}")
                if repair:
                    column.check = None
                    report.repairs.append(f"{where}: dropped")
    finally:
        connection.close()


def check_and_repair(schema: Schema, report: SchemaReport, repair: bool = True) -> Schema:
    """Duplicate tables/columns, primary keys, foreign keys to missing tables or columns."""
    schema.tables = _first_declarations(schema.tables, lambda t: f"table {t.name}", report, repair)
    tables: dict[str, Table] = {}
    for table in schema.tables:
        tables.setdefault(table.name, table)
    for table in schema.tables:
        table.columns = _first_declarations(
            table.columns, lambda c, t=table: f"{t.name}.{c.name}", report, repair
        )
        names = set(table.column_names())
        missing_pk = [c for c in table.primary_key if c not in names]
        if missing_pk:
            report.problems.append(
                f"{table.name}: primary key names unknown column {missing_pk[0]}"
            )
            table.primary_key = [c for c in table.primary_key if c in names]
        if len(set(table.primary_key)) != len(table.primary_key):
            table.primary_key = list(dict.fromkeys(table.primary_key))
        if not table.primary_key:
            report.problems.append(f"{table.name}: no primary key")
        _check_constraints(table, report, repair)
        for column in table.columns:
            if not column.references:
                continue
            target, target_column = column.references
            where = f"{table.name}.{column.name} -> {target}({target_column})"
            if target not in tables:
                report.problems.append(f"{where}: table {target} does not exist")
                if repair:
                    column.references = None
                    report.repairs.append(f"{where}: foreign key dropped")
            elif target_column not in tables[target].column_names():
                report.problems.append(f"{where}: column {target_column} does not exist")
                pk = tables[target].primary_key
                if repair and len(pk) == 1:
                    column.references = (target, pk[0])
                    report.repairs.append(f"{where}: now references {target}({pk[0]})")
                elif repair:
                    column.references = None
                    report.repairs.append(f"{where}: foreign key dropped")
    _check_indexes(schema, tables, report, repair)
    return schema


def _check_indexes(
    schema: Schema, tables: dict[str, Table], report: SchemaReport, repair: bool
) -> None:
    """An index must name an existing table and columns, and a name of its own."""
    kept, names = [], set(tables)
    for index in schema.indexes:
        where = f"index {index.name}"
        table = tables.get(index.table)
        missing = [c for c in index.columns if table and c not in table.column_names()]
        problem = (
            f"{where}: table {index.table} does not exist" if table is None
            else f"{where}: {index.table} has no column {missing[0]}" if missing
            else f"{where}: lists no columns" if not index.columns
            else f"{where}: name already used" if index.name in names
            else None
        )  # fmt: skip
        if problem:
            report.problems.append(problem)
            if repair:
                report.repairs.append(f"{where}: dropped")
                continue
        names.add(index.name)
        kept.append(index)
    schema.indexes = kept


def execute(schema: Schema, report: SchemaReport) -> bool:
    """Run the regenerated DDL in a private in-memory SQLite with foreign keys on."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.executescript(schema.to_sql())
        report.executes = True
    except sqlite3.Error as exc:
        report.executes = False
        report.sqlite_error = str(exc)
    finally:
        connection.close()
    return report.executes
