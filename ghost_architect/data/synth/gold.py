"""The gold schema a screen implies, collected while the screen is sampled.

Each entity shown becomes a table with its key and the columns shown; a column that refers to
another entity implies a foreign key and the referenced table with its key and display column.
Types and constraints are the catalogue's.
"""

from __future__ import annotations

from ghost_architect.data.synth.catalogue import Domain, TableSpec
from ghost_architect.schema.model import Schema, Table


class GoldBuilder:
    """Collects the tables and columns a screen implies, in catalogue order."""

    def __init__(self, domain: Domain) -> None:
        self.domain = domain
        self.used: dict[str, set[str]] = {}

    def add(self, table: TableSpec, columns: list[str]) -> None:
        used = self.used.setdefault(table.name, set())
        used.update(table.primary_key)
        used.update(columns)
        for name in columns:
            ref = table.spec(name).column.references
            if ref:
                target = self.domain.table(ref[0])
                self.used.setdefault(target.name, set()).update(
                    {*target.primary_key, target.display.name}
                )

    def schema(self) -> Schema:
        tables = []
        for spec in self.domain.tables:
            if spec.name in self.used:
                keep = self.used[spec.name]
                columns = [c.column for c in spec.columns if c.name in keep]
                tables.append(Table(spec.name, columns, list(spec.primary_key)))
        return Schema(tables)
