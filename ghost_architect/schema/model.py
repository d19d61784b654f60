"""The Schema model: tables, columns, keys and constraints, rendered to DDL."""

from __future__ import annotations

from dataclasses import dataclass, field

from ghost_architect.schema.names import quote


@dataclass
class Column:
    name: str
    type: str  # SQL type as written, e.g. "VARCHAR(120)", "DECIMAL(10,2)"
    nullable: bool = True
    unique: bool = False
    default: str | None = None  # SQL literal or expression, e.g. "'draft'", "CURRENT_TIMESTAMP"
    check: str | None = None  # SQL boolean expression over this column
    references: tuple[str, str] | None = None  # (table, column)


@dataclass
class Table:
    name: str
    columns: list[Column]
    primary_key: list[str] = field(default_factory=list)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass
class Index:
    name: str
    table: str
    columns: list[str]
    unique: bool = False


@dataclass
class Schema:
    tables: list[Table] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    def table_names(self) -> list[str]:
        return [t.name for t in self.tables]

    def ordered(self) -> list[Table]:
        """Tables with every referenced table before the tables that reference it."""
        done: list[Table] = []
        names = set(self.table_names())
        pending = list(self.tables)
        while pending:
            placed = {t.name for t in done}
            ready = [
                t
                for t in pending
                if all(
                    c.references[0] in placed or c.references[0] == t.name
                    for c in t.columns
                    if c.references and c.references[0] in names
                )
            ]
            if not ready:  # a cycle: keep the given order for the rest
                ready = pending
            done.extend(ready)
            pending = [t for t in pending if t not in ready]
        return done

    def statements(self) -> list[str]:
        """One CREATE TABLE per table (referenced tables first), then one CREATE INDEX each."""
        return [table_ddl(t) for t in self.ordered()] + [index_ddl(i) for i in self.indexes]

    def to_sql(self) -> str:
        """CREATE TABLE then CREATE INDEX statements (portable SQL that SQLite executes)."""
        tables = [table_ddl(t) for t in self.ordered()]
        if self.indexes:
            tables.append("\n".join(index_ddl(i) for i in self.indexes))
        return "\n\n".join(tables) + "\n"


def column_ddl(column: Column, inline_pk: bool) -> str:
    parts = [quote(column.name), column.type]
    if inline_pk:
        parts.append("PRIMARY KEY")
    elif not column.nullable:
        parts.append("NOT NULL")
    if column.unique:
        parts.append("UNIQUE")
    if column.default is not None:
        parts.append(f"DEFAULT {column.default}")
    if column.check:
        parts.append(f"CHECK ({column.check})")
    if column.references:
        table, target = column.references
        parts.append(f"REFERENCES {quote(table)}({quote(target)})")
    return " ".join(parts)


def table_ddl(table: Table) -> str:
    single_pk = table.primary_key[0] if len(table.primary_key) == 1 else None
    lines = [f"  {column_ddl(c, c.name == single_pk)}" for c in table.columns]
    if len(table.primary_key) > 1:
        lines.append(f"  PRIMARY KEY ({', '.join(map(quote, table.primary_key))})")
    return f"CREATE TABLE {quote(table.name)} (\n" + ",\n".join(lines) + "\n);"


def index_ddl(index: Index) -> str:
    unique = "UNIQUE " if index.unique else ""
    columns = ", ".join(map(quote, index.columns))
    return f"CREATE {unique}INDEX {quote(index.name)} ON {quote(index.table)} ({columns});"
