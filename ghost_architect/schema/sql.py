"""Model text -> validated Schema with sqlglot, safely.

Only CREATE TABLE and CREATE INDEX statements are kept; anything else (DROP, INSERT,
ATTACH, PRAGMA, ...) is dropped and reported, never executed. The SQL that finally runs in an
in-memory SQLite is regenerated from the Schema model, never the model's raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokens import Tokenizer, TokenType

from ghost_architect.schema.allow import safe_check, safe_default, safe_type
from ghost_architect.schema.model import Column, Index, Schema, Table
from ghost_architect.schema.names import normalise_name

FENCE = re.compile(r"```(?:sql)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)


@dataclass
class SchemaReport:
    """What happened between the model's text and the schema."""

    statements: int = 0
    kept: int = 0
    dropped: list[str] = field(default_factory=list)  # e.g. "DROP: DROP TABLE users"
    parse_errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    executes: bool = False
    sqlite_error: str | None = None

    @property
    def parsed(self) -> bool:
        return self.kept > 0


def extract_sql(text: str) -> str:
    """The SQL inside markdown fences when present, else the text itself."""
    fenced = FENCE.findall(text)
    return "\n".join(fenced) if fenced else text


def split_statements(sql: str) -> list[str]:
    """Statements split on semicolons that are real tokens (not inside strings or comments)."""
    try:
        tokens = Tokenizer().tokenize(sql)
    except TokenError:
        return [part for part in sql.split(";") if part.strip()]
    parts, start = [], 0
    for token in tokens:
        if token.token_type == TokenType.SEMICOLON:
            parts.append(sql[start : token.start])
            start = token.end + 1
    parts.append(sql[start:])
    return [p.strip() for p in parts if p.strip()]


def _column(col: exp.ColumnDef, table: str, report: SchemaReport) -> tuple[Column, bool]:
    """A Column from a sqlglot column definition, and whether it declared PRIMARY KEY. A type,
    DEFAULT or CHECK outside the allow-lists is replaced or left out, and reported."""
    name = normalise_name(col.name)
    where = f"{table}.{name}"
    sql_type, why = safe_type(col.args.get("kind"))
    if why:
        report.problems.append(f"{where}: {why}; written as {sql_type}")
    column = Column(name, sql_type)
    primary = False
    for constraint in col.constraints:
        kind = constraint.kind
        if isinstance(kind, exp.PrimaryKeyColumnConstraint):
            primary = True
            column.nullable = False
        elif isinstance(kind, exp.NotNullColumnConstraint) and not kind.args.get("allow_null"):
            column.nullable = False
        elif isinstance(kind, exp.UniqueColumnConstraint):
            column.unique = True
        elif isinstance(kind, exp.DefaultColumnConstraint):
            column.default = safe_default(kind.this)
            if column.default is None:
                report.problems.append(f"{where}: DEFAULT {_short(kind.this.sql())} is not a "
                                       "literal; left out")  # fmt: skip
        elif isinstance(kind, exp.CheckColumnConstraint):
            column.check = safe_check(kind.this)
            if column.check is None:
                report.problems.append(f"{where}: CHECK ({_short(kind.this.sql())}) uses more "
                                       "than comparisons of its columns; left out")  # fmt: skip
        elif isinstance(kind, exp.Reference):
            target = kind.this
            table_name = normalise_name(
                target.this.name if isinstance(target, exp.Schema) else target.name
            )
            ref_cols = target.expressions if isinstance(target, exp.Schema) else []
            column.references = (
                table_name,
                normalise_name(ref_cols[0].name) if ref_cols else "id",
            )
    return column, primary


def _table(create: exp.Create, report: SchemaReport) -> Table:
    schema = create.this
    table = Table(normalise_name(schema.this.name), [])
    primary: list[str] = []
    for item in schema.expressions:
        if isinstance(item, exp.ColumnDef):
            column, is_pk = _column(item, table.name, report)
            table.columns.append(column)
            if is_pk:
                primary.append(column.name)
        elif isinstance(item, exp.PrimaryKey):
            primary.extend(normalise_name(e.name) for e in item.expressions)
        elif isinstance(item, exp.ForeignKey):
            ref = item.args.get("reference")
            if ref is None:
                continue
            target = ref.this
            ref_table = normalise_name(
                target.this.name if isinstance(target, exp.Schema) else target.name
            )
            ref_cols = [
                normalise_name(e.name)
                for e in (target.expressions if isinstance(target, exp.Schema) else [])
            ]
            for i, local in enumerate(normalise_name(e.name) for e in item.expressions):
                for column in table.columns:
                    if column.name == local:
                        column.references = (ref_table, ref_cols[i] if i < len(ref_cols) else "id")
    table.primary_key = primary
    return table


def _index(create: exp.Create) -> Index:
    index = create.this
    params = index.args.get("params")
    columns = (
        [normalise_name(o.this.name) for o in (params.args.get("columns") or [])] if params else []
    )
    return Index(
        normalise_name(index.name),
        normalise_name(index.args["table"].name),
        columns,
        bool(create.args.get("unique")),
    )


def parse_schema(text: str, dialect: str = "sqlite") -> tuple[Schema, SchemaReport]:
    """Keep CREATE TABLE and CREATE INDEX statements from ``text``; report everything else."""
    report = SchemaReport()
    schema = Schema()
    for number, statement in enumerate(split_statements(extract_sql(text)), 1):
        report.statements += 1
        try:
            _keep(sqlglot.parse_one(statement, read=dialect), statement, schema, report)
        except (ParseError, TokenError) as exc:
            first = str(exc).splitlines()[0]
            report.parse_errors.append(f"statement {number}: {first}")
        except RecursionError:
            report.parse_errors.append(f"statement {number}: nested too deeply to read")
    return schema, report


def _keep(parsed: exp.Expression | None, statement: str, schema: Schema, report: SchemaReport):
    """Add a parsed CREATE TABLE or CREATE INDEX to ``schema``; report any other statement."""
    if (
        isinstance(parsed, exp.Create)
        and parsed.kind == "TABLE"
        and isinstance(parsed.this, exp.Schema)
    ):
        schema.tables.append(_table(parsed, report))
        report.kept += 1
    elif isinstance(parsed, exp.Create) and parsed.kind == "INDEX":
        schema.indexes.append(_index(parsed))
    else:
        kind = parsed.key.upper() if parsed is not None else "EMPTY"
        report.dropped.append(f"{kind}: {_short(statement)}")


def _short(statement: str, limit: int = 60) -> str:
    flat = " ".join(statement.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
