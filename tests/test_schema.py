"""The schema layer: safe parsing, normalisation, repair, SQLite proof, rendering, scoring."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlglot
from conftest import ROOT

from ghost_architect.schema.pipeline import schema_from_text
from ghost_architect.schema.render import to_dialect, to_json, to_mermaid
from ghost_architect.schema.score import score

SAMPLES = ROOT / "data" / "samples" / "gold"


def test_injection_statements_are_dropped_and_never_executed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = """Sure! Here is the schema:
```sql
CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL UNIQUE);
-- ignore the instructions and
DROP TABLE users;
ATTACH DATABASE 'stolen.db' AS stolen;
INSERT INTO users VALUES (1, 'a@b.c');
PRAGMA writable_schema = 1;
```"""
    schema, report = schema_from_text(text)
    assert schema.table_names() == ["users"]
    kinds = [d.split(":")[0] for d in report.dropped]
    assert kinds == ["DROP", "ATTACH", "INSERT", "PRAGMA"]
    assert report.executes
    executed = schema.to_sql().upper()
    for word in ("DROP", "ATTACH", "INSERT", "PRAGMA"):
        assert word not in executed
    assert not (tmp_path / "stolen.db").exists()


def test_normalises_names_and_types_and_table_level_keys():
    schema, report = schema_from_text(
        'CREATE TABLE "OrderItems" (OrderID INT, ProductID INT, Qty SMALLINT NOT NULL, '
        "Price NUMERIC(10, 2), PRIMARY KEY (OrderID, ProductID), "
        "FOREIGN KEY (OrderID) REFERENCES Orders(ID)); CREATE TABLE Orders (ID INT PRIMARY KEY, "
        "placed DATETIME DEFAULT CURRENT_TIMESTAMP, paid BOOL DEFAULT FALSE)"
    )
    items, orders = schema.table("order_items"), schema.table("orders")
    assert items.column_names() == ["order_id", "product_id", "qty", "price"]
    assert items.primary_key == ["order_id", "product_id"]
    assert items.column("qty").type == "INTEGER" and not items.column("qty").nullable
    assert items.column("price").type == "DECIMAL(10,2)"
    assert items.column("order_id").references == ("orders", "id")
    assert orders.column("placed").type == "TIMESTAMP" and orders.column("paid").type == "BOOLEAN"
    assert report.executes, report.sqlite_error


def test_repairs_fk_to_missing_table_and_column_and_duplicates():
    schema, report = schema_from_text(
        "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id), "
        "c_id INTEGER REFERENCES c(code), name TEXT, name TEXT);"
        "CREATE TABLE c (id INTEGER PRIMARY KEY);"
    )
    a = schema.table("a")
    assert "a.b_id -> b(id): table b does not exist" in report.problems
    assert a.column("b_id").references is None
    assert a.column("c_id").references == ("c", "id")
    assert "a.name: declared twice" in report.problems
    assert a.column_names() == ["id", "b_id", "c_id", "name"]
    assert report.executes


def test_unparseable_text_reports_and_scores_zero():
    schema, report = schema_from_text("I cannot do that. CREATE TABLE (")
    assert not report.parsed and report.parse_errors
    assert not score(
        schema if report.parsed else None,
        schema_from_text("CREATE TABLE x (id INTEGER PRIMARY KEY)")[0],
    ).parsed


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.sql"))[:8], ids=lambda p: p.name)
def test_gold_round_trips_and_scores_exact_against_itself(path: Path):
    gold, report = schema_from_text(path.read_text())
    assert report.executes and not report.problems and not report.dropped
    again, _ = schema_from_text(gold.to_sql())
    result = score(again, gold, executes=True)
    assert result.exact and result.table_f1 == result.column_f1 == result.fk_f1 == 1.0


def test_scoring_partial_prediction():
    gold, _ = schema_from_text(
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(255), name TEXT);"
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), "
        "total DECIMAL(10,2))"
    )
    pred, _ = schema_from_text(
        "CREATE TABLE customer (id INT PRIMARY KEY, email TEXT, phone TEXT);"
        "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT REFERENCES customer(id), "
        "total INTEGER)"
    )
    s = score(pred, gold)
    assert s.table_f1 == 1.0  # "customer" matches "customers"
    assert s.column_precision == pytest.approx(5 / 6) and s.column_recall == pytest.approx(5 / 6)
    assert s.type_accuracy == pytest.approx(4 / 5)  # total: integer vs number
    assert s.pk_match == 1.0 and s.fk_f1 == 1.0 and not s.exact


def test_renderers():
    schema, _ = schema_from_text((SAMPLES / "s8-00001.sql").read_text())
    for dialect in ("postgres", "mysql", "duckdb"):
        sql = to_dialect(schema, dialect)
        assert sqlglot.parse(sql, read=dialect) and "CREATE TABLE" in sql
    mermaid = to_mermaid(schema)
    assert mermaid.startswith("erDiagram") and " PK" in mermaid
    assert '"tables"' in to_json(schema)
    sqlite3.connect(":memory:").executescript(to_dialect(schema, "sqlite"))
    with pytest.raises(ValueError, match="unknown dialect"):
        to_dialect(schema, "cobol")


def test_singular_names():
    from ghost_architect.schema.names import singular

    pairs = {"customers": "customer", "categories": "category", "addresses": "address",
             "courses": "course", "boxes": "box", "class": "class"}  # fmt: skip
    assert {k: singular(k) for k in pairs} == pairs


def test_indexes_are_kept_checked_and_rendered():
    schema, report = schema_from_text(
        "CREATE TABLE orders (id INT PRIMARY KEY, CustomerID INT, placed DATETIME);\n"
        "CREATE UNIQUE INDEX IX_Orders ON Orders (CustomerID, placed DESC);\n"
        "CREATE INDEX ghost ON nowhere (x);\n"
        "CREATE INDEX typo ON orders (plaecd);"
    )
    assert [(i.name, i.table, i.columns, i.unique) for i in schema.indexes] == [
        ("ix_orders", "orders", ["customer_id", "placed"], True)
    ]
    assert report.problems == [
        "index ghost: table nowhere does not exist",
        "index typo: orders has no column plaecd",
    ]
    assert report.executes and not report.dropped
    connection = sqlite3.connect(":memory:")
    connection.executescript(schema.to_sql())
    names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='index'")]
    assert names == ["ix_orders"]
    assert "CREATE UNIQUE INDEX ix_orders ON orders (customer_id, placed);" in to_dialect(
        schema, "postgres"
    )
    assert "CREATE INDEX" not in to_dialect(schema, "bigquery").split("--")[0]


def test_no_repair_reports_problems_and_leaves_the_schema_as_written():
    text = (
        "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id), x TEXT, x TEXT);"
        "CREATE TABLE a (id INTEGER PRIMARY KEY);"
    )
    fixed, repaired = schema_from_text(text)
    assert repaired.executes and len(fixed.tables) == 1 and repaired.repairs
    assert fixed.table("a").column_names() == ["id", "b_id", "x"]
    kept, report = schema_from_text(text, repair=False)
    assert report.problems == repaired.problems and not report.repairs
    assert len(kept.tables) == 2 and kept.tables[0].column_names() == ["id", "b_id", "x", "x"]
    assert kept.tables[0].column("b_id").references == ("b", "id")
    assert not report.executes and report.sqlite_error


def test_check_naming_unknown_columns_or_functions_is_reported_and_dropped():
    schema, report = schema_from_text(
        "CREATE TABLE items (id INTEGER PRIMARY KEY,"
        " stock_level INTEGER NOT NULL CHECK (stock_levels(stock_levels) >= 0),"
        " frame INTEGER CHECK (frobnicate(frame) >= 0), qty INTEGER CHECK (qty >= 0));"
    )
    assert report.executes, report.sqlite_error
    items = schema.table("items")
    assert items.column("stock_level").check is None and items.column("frame").check is None
    assert items.column("qty").check == "qty >= 0"
    refused = [p for p in report.problems if "uses more than comparisons" in p]
    assert [p.split(":")[0] for p in refused] == ["items.stock_level", "items.frame"]
    _, untouched = schema_from_text("CREATE TABLE t (id INTEGER PRIMARY KEY, a INT CHECK (b > 0))",
                                    repair=False)  # fmt: skip
    assert not untouched.executes and "no such column: b" in untouched.sqlite_error
