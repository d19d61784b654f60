"""Example Ghost Architect plugin: read ``.parquet`` datasets and train on text-to-SQL rows.

Two hooks: ``register_readers`` adds a reader chosen by the ``.parquet`` suffix (each row is a
record), and ``register_datasets`` adds ``sql-context`` (question + CREATE TABLE context ->
SQL answer, the columns of b-mc2/sql-create-context). Records of any other format read too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ghost_architect.data.example import DatasetFormat, Example, require_text
from ghost_architect.data.records import Problem, RawRecord
from ghost_architect.hookspecs import Register, hookimpl


class ParquetReader:
    name = "parquet"
    description = "Apache Parquet, one record per row (pyarrow)"
    suffixes = (".parquet", ".pq")

    def read(self, path: Path) -> tuple[list[RawRecord], list[Problem]]:
        import pyarrow.parquet as pq  # here, so `ghost` starts without loading pyarrow

        rows = pq.read_table(path).to_pylist()
        return [RawRecord(number, row) for number, row in enumerate(rows, 1)], []


class SqlContext(DatasetFormat):
    name = "sql-context"
    description = "question + context (CREATE TABLE ...) -> answer (a SQL query)"

    def detect(self, record: dict[str, Any]) -> bool:
        return {"question", "context", "answer"} <= set(record)

    def to_example(self, record: dict[str, Any], base_dir: Path) -> Example:
        prompt = f"{require_text(record, 'context')}\n\n{require_text(record, 'question')}"
        return Example(
            [
                {"role": "user", "content": prompt},
                {"role": "assistant", "content": require_text(record, "answer")},
            ]
        )


@hookimpl
def register_readers(register: Register) -> None:
    register(ParquetReader())


@hookimpl
def register_datasets(register: Register) -> None:
    register(SqlContext())
