"""Consistency checks and repairs on a Schema, then proof by execution in an in-memory SQLite.

Every statement that runs is one the Schema wrote (never the model's text), one at a time, in a
private in-memory database whose authorizer denies all but creating tables and indexes: no
ATTACH, PRAGMA, DROP, INSERT into a user table or function outside a short pure list.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from typing import TypeVar

from ghost_architect.schema.allow import PURE_FUNCTIONS
from ghost_architect.schema.model import Schema, Table
from ghost_architect.schema.names import quote
from ghost_architect.schema.sql import SchemaReport

T = TypeVar("T")
SCHEMA_TABLES = ("sqlite_master", "sqlite_schema")
DDL_ACTIONS = (sqlite3.SQLITE_CREATE_TABLE, sqlite3.SQLITE_CREATE_INDEX, sqlite3.SQLITE_REINDEX)
ROW_ACTIONS = (sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE)


def _authorizer(select: bool) -> Callable[..., int]:
    """SQLite's yes/no for each action: table and index creation (and the schema-table writes
    they make), reads, the pure functions, and SELECT only when ``select``."""

    def decide(action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
        allowed = (
            action in DDL_ACTIONS
            or (action in ROW_ACTIONS and arg1 in SCHEMA_TABLES)
            or action == sqlite3.SQLITE_READ
            or (action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in PURE_FUNCTIONS)
            or (select and action == sqlite3.SQLITE_SELECT)
        )
        return sqlite3.SQLITE_OK if allowed else sqlite3.SQLITE_DENY

    return decide


@contextlib.contextmanager
def guarded(select: bool = False) -> Iterator[sqlite3.Connection]:
    """A private in-memory SQLite, foreign keys on, behind the authorizer."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.set_authorizer(_authorizer(select))
        yield connection
    finally:
        connection.close()


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
    with guarded(select=True) as connection:
        names = ", ".join(quote(c.name) for c in table.columns)
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
    """Run the Schema's own DDL, statement by statement, in the guarded in-memory SQLite."""
    report.executes = True
    with guarded() as connection:
        for statement in schema.statements():
            try:
                connection.execute(statement)
            except sqlite3.Error as exc:
                report.executes = False
                report.sqlite_error = str(exc)
                break
    return report.executes
