"""A catalogue of realistic relational domains for the synthetic screenshot -> schema generator.

The domains live in catalogue.toml. Each table is a compact column spec, one column per
';'-separated item: ``name kind [!] [u] [=default]``: ``!`` NOT NULL, ``u`` UNIQUE, ``=x``
DEFAULT. Kinds are listed in ``KINDS`` (SQL type + how sample values look); ``fk:table``
references ``table(id)``; ``enum:a|b|c`` becomes a VARCHAR with a CHECK ... IN (...). Every table
gets ``id INTEGER PRIMARY KEY`` unless it declares a composite ``pk`` (n-n link tables).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ghost_architect.schema.model import Column, Schema, Table

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# kind -> SQL type. CHECK constraints for numeric kinds are added in `parse_column`.
KINDS: dict[str, str] = {
    "name": "VARCHAR(120)",
    "first": "VARCHAR(60)",
    "last": "VARCHAR(60)",
    "title": "VARCHAR(200)",
    "word": "VARCHAR(80)",
    "company": "VARCHAR(150)",
    "email": "VARCHAR(255)",
    "phone": "VARCHAR(30)",
    "street": "VARCHAR(200)",
    "city": "VARCHAR(100)",
    "country": "VARCHAR(80)",
    "zip": "VARCHAR(12)",
    "url": "VARCHAR(255)",
    "code": "VARCHAR(20)",
    "text": "TEXT",
    "int": "INTEGER",
    "qty": "INTEGER",
    "year": "INTEGER",
    "rating": "INTEGER",
    "money": "DECIMAL(10,2)",
    "pct": "DECIMAL(5,2)",
    "decimal": "DECIMAL(8,2)",
    "date": "DATE",
    "ts": "TIMESTAMP",
    "bool": "BOOLEAN",
    "enum": "VARCHAR(20)",
    "fk": "INTEGER",
    "secret": "VARCHAR(255)",  # a password hash: shown only on sign-in and sign-up forms
}
DISPLAY_KINDS = ("name", "title", "company", "word", "code", "last", "email", "street")


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str
    column: Column
    options: tuple[str, ...] = ()  # enum values


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...]
    lookup: bool = False  # a small reference table (a name to pick) that screens never show alone

    @property
    def display(self) -> ColumnSpec:
        """The column a UI shows when it refers to a row of this table (e.g. in a dropdown)."""
        for kind in DISPLAY_KINDS:
            for spec in self.columns:
                if spec.kind == kind:
                    return spec
        return next(s for s in self.columns if s.kind != "fk")

    @property
    def is_link(self) -> bool:
        return len(self.primary_key) > 1

    def spec(self, name: str) -> ColumnSpec:
        return next(s for s in self.columns if s.name == name)


@dataclass(frozen=True)
class Domain:
    name: str
    app: str  # product-ish name for the app chrome
    tables: tuple[TableSpec, ...]

    def table(self, name: str) -> TableSpec:
        return next(t for t in self.tables if t.name == name)


def parse_column(item: str) -> ColumnSpec:
    tokens = item.split()
    name, kind_arg = tokens[0], tokens[1]
    kind, _, arg = kind_arg.partition(":")
    if kind not in KINDS:
        raise ValueError(f"unknown column kind '{kind}' in '{item}'")
    flags = tokens[2:]
    default = next((f[1:] for f in flags if f.startswith("=")), None)
    options: tuple[str, ...] = ()
    check = None
    references = None
    if kind == "enum":
        options = tuple(arg.split("|"))
        check = f"{name} IN ({', '.join(repr(o) for o in options)})"
        default = f"'{default}'" if default else None
    elif kind == "fk":
        references = (arg, "id")
    elif kind in ("qty", "money", "decimal"):
        check = f"{name} >= 0"
    elif kind == "pct":
        check = f"{name} BETWEEN 0 AND 100"
    elif kind == "rating":
        check = f"{name} BETWEEN 1 AND 5"
    if default == "now":
        default = "CURRENT_TIMESTAMP"
    elif kind == "bool" and default:
        default = default.upper()
    column = Column(
        name=name,
        type=KINDS[kind],
        nullable="!" not in flags,
        unique="u" in flags,
        default=default,
        check=check,
        references=references,
    )
    return ColumnSpec(name, kind, column, options)


def T(name: str, spec: str, pk: str = "") -> TableSpec:
    columns = [parse_column(item.strip()) for item in spec.split(";") if item.strip()]
    if not pk:
        columns.insert(0, ColumnSpec("id", "int", Column("id", "INTEGER", nullable=False)))
        return TableSpec(name, tuple(columns), ("id",))
    key = tuple(pk.split(","))
    for index, spec_ in enumerate(columns):
        if spec_.name in key:  # key columns are NOT NULL
            col = spec_.column
            columns[index] = ColumnSpec(
                spec_.name,
                spec_.kind,
                Column(
                    col.name, col.type, False, col.unique, col.default, col.check, col.references
                ),
                spec_.options,
            )
    return TableSpec(name, tuple(columns), key)


CATALOGUE_FILE = Path(__file__).with_name("catalogue.toml")


def load_domains(path: Path = CATALOGUE_FILE) -> tuple[Domain, ...]:
    """Read the domain catalogue (TOML: one [[domain]] with its tables' column specs)."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    domains = []
    for entry in data["domain"]:
        tables = []
        for name, spec in entry["tables"].items():
            if isinstance(spec, dict):
                tables.append(T(name, spec["columns"], pk=spec["pk"]))
            else:
                tables.append(T(name, spec))
        domains.append(Domain(entry["name"], entry["app"], tuple(tables)))
    return tuple(domains)


DOMAINS: tuple[Domain, ...] = load_domains()


def domain_schema(domain: Domain) -> Schema:
    """The whole schema of a domain (every table and column)."""
    return Schema(
        [Table(t.name, [c.column for c in t.columns], list(t.primary_key)) for t in domain.tables]
    )
