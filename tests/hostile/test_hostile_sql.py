"""Hostile model replies: nothing but CREATE TABLE/INDEX ever runs, and nothing a reply says
reaches SQLite, the printed DDL or a diagram except through the allow-lists."""

from __future__ import annotations

import sqlite3

import pytest

from ghost_architect.schema.model import Column, Schema, Table
from ghost_architect.schema.names import normalise_name, quote
from ghost_architect.schema.pipeline import schema_from_text
from ghost_architect.schema.render import to_dialect, to_mermaid
from ghost_architect.schema.sql import SchemaReport
from ghost_architect.schema.validate import execute, guarded

ATTACH = "INT); ATTACH DATABASE 'pwned.db' AS p; --"


def _only_table(text: str) -> Table:
    schema, report = schema_from_text(text)
    assert report.executes, report.sqlite_error
    assert len(schema.tables) == 1
    return schema.tables[0]


def test_a_quoted_type_that_smuggles_attach_becomes_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    schema, report = schema_from_text(f'CREATE TABLE t (id INTEGER PRIMARY KEY, a "{ATTACH}");')
    assert schema.table("t").column("a").type == "TEXT"
    assert report.executes and report.problems == ["t.a: is not a column type; written as TEXT"]
    assert "ATTACH" not in schema.to_sql() and list(tmp_path.iterdir()) == []


def test_statements_after_a_create_are_dropped_never_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    reply = (
        "CREATE TABLE t (id INTEGER PRIMARY KEY); ATTACH DATABASE 'pwned.db' AS p;"
        " DROP TABLE t; PRAGMA writable_schema = 1; INSERT INTO t VALUES (1);"
        " SELECT load_extension('evil');"
    )
    schema, report = schema_from_text(reply)
    assert [d.split(":")[0] for d in report.dropped] == ["ATTACH", "DROP", "PRAGMA", "INSERT",
                                                         "SELECT"]  # fmt: skip
    assert schema.table_names() == ["t"] and report.executes
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "default",
    ["load_extension('evil')", "(randomblob(8))", "(SELECT 1)", "hex(zeroblob(1000000000))",
     "abs(-1)", "sqlite_version()", "'a' || 'b'", "(1 + 2)"],
)  # fmt: skip
def test_a_default_that_is_not_a_literal_is_left_out(default):
    column = _only_table(f"CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT DEFAULT {default});")
    assert column.column("a").default is None


@pytest.mark.parametrize(
    ("default", "kept"),
    [("'it''s'", "'it''s'"), ("-1", "-1"), ("2.50", "2.50"), ("NULL", "NULL"),
     ("TRUE", "TRUE"), ("CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"), ("('draft')", "'draft'")],
)  # fmt: skip
def test_literal_defaults_are_kept(default, kept):
    table = _only_table(f"CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT DEFAULT {default});")
    assert table.column("a").default == kept


@pytest.mark.parametrize(
    "check",
    ["load_extension('x') IS NULL", "a IN (SELECT name FROM sqlite_master)",
     "other.a > 0", "randomblob(2) > a", "a > (SELECT 1)", "EXISTS (SELECT 1)"],
)  # fmt: skip
def test_a_check_that_calls_or_queries_is_left_out(check):
    table = _only_table(f"CREATE TABLE t (id INTEGER PRIMARY KEY, a INT CHECK ({check}));")
    assert table.column("a").check is None


@pytest.mark.parametrize(
    ("check", "kept"),
    [("a >= 0 AND a < 10", "a >= 0 AND a < 10"), ("Status IN ('a', 'b')", "status IN ('a', 'b')"),
     ("length(a) > 0", "LENGTH(a) > 0"), ("a BETWEEN 1 AND 5", "a BETWEEN 1 AND 5"),
     ("a IS NOT NULL", "NOT a IS NULL"), ('"Unit Price" > 0', "unit_price > 0")],
)  # fmt: skip
def test_comparisons_of_own_columns_are_kept_with_normalised_names(check, kept):
    column = "status" if "Status" in check else "unit_price" if "Unit" in check else "a"
    table = _only_table(f"CREATE TABLE t (id INTEGER PRIMARY KEY, {column} INT CHECK ({check}));")
    assert table.column(column).check == kept


@pytest.mark.parametrize(
    ("declared", "written"),
    [("BIGINT", "INTEGER"), ("DOUBLE PRECISION", "REAL"), ("NVARCHAR(20)", "VARCHAR(20)"),
     ("DATETIME", "TIMESTAMP"), ("NUMERIC(10, 2)", "DECIMAL(10,2)"), ("CHAR(3)", "VARCHAR(3)"),
     ("BOOL", "BOOLEAN"), ("JSONB", "JSON"), ("INT(11)", "INTEGER"), ("FOO_BAR(3)", "TEXT"),
     ("VARCHAR(MAX)", "VARCHAR"), ("DECIMAL(999, 2)", "DECIMAL"), ("VARCHAR(0)", "VARCHAR"),
     ("ENUM('a', 'b')", "TEXT")],
)  # fmt: skip
def test_types_come_from_the_allow_list(declared, written):
    table = _only_table(f"CREATE TABLE t (id INTEGER PRIMARY KEY, a {declared});")
    assert table.column("a").type == written


@pytest.mark.parametrize("depth", [50, 5000])
def test_deep_nesting_is_a_parse_error_not_a_crash(depth):
    nested = "(" * depth + "1" + ")" * depth
    schema, report = schema_from_text(
        f"CREATE TABLE t (id INTEGER PRIMARY KEY, a INT DEFAULT {nested});"
        "\nCREATE TABLE u (id INTEGER PRIMARY KEY);"
    )
    assert report.parse_errors == ["statement 1: nested too deeply to read"]
    assert schema.table_names() == ["u"] and report.executes


def test_keywords_as_names_are_quoted_and_execute():
    schema, report = schema_from_text(
        'CREATE TABLE "order" (id INTEGER PRIMARY KEY, "group" TEXT, "check" INT CHECK '
        '("check" > 0)); CREATE INDEX "index" ON "order" ("group");'
    )
    assert report.executes, report.sqlite_error
    ddl = schema.to_sql()
    assert 'CREATE TABLE "order"' in ddl and '"group" TEXT' in ddl
    assert 'CREATE INDEX "index" ON "order" ("group");' in ddl
    assert "CREATE TABLE `order`" in to_dialect(schema, "mysql")


def test_non_ascii_names_are_transliterated_not_collapsed():
    table = _only_table(
        'CREATE TABLE "Kunden" (id INTEGER PRIMARY KEY, "Prénom" TEXT, "Straße" TEXT,'
        ' "Имя" TEXT, "名前" TEXT);'
    )
    assert table.column_names() == ["id", "prenom", "strasse", "imya", "ming_qian"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("E-mail address", "e_mail_address"), ("2fa", "t_2fa"), ("", "t_"),
     ("firstName", "first_name"), ('x"; DROP TABLE y', "x_drop_table_y")],
)  # fmt: skip
def test_normalise_name_keeps_only_identifier_characters(name, expected):
    assert normalise_name(name) == expected


def test_quote_doubles_quotes_in_names_it_did_not_make():
    assert quote('we"ird') == '"we""ird"' and quote("select") == '"select"' and quote("email")


@pytest.mark.parametrize(
    "statement",
    ["ATTACH DATABASE 'pwned.db' AS p", "PRAGMA writable_schema = 1", "DROP TABLE t",
     "INSERT INTO t VALUES (1)", "DELETE FROM t", "UPDATE t SET a = 1",
     "SELECT load_extension('x')", "CREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT 1; END",
     "CREATE VIEW v AS SELECT * FROM t", "CREATE TEMP TABLE tt (a)", "VACUUM INTO 'copy.db'"],
)  # fmt: skip
def test_the_guarded_database_denies_all_but_create(statement, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with guarded() as connection:
        connection.execute("CREATE TABLE t (a INTEGER)")
        with pytest.raises(sqlite3.DatabaseError, match=r"not authorized|authorization denied"):
            connection.execute(statement)
    assert list(tmp_path.iterdir()) == []


def test_execute_never_runs_text_the_parser_did_not_write(tmp_path, monkeypatch):
    """A Schema built by hand (a plugin engine, a bug) with a poisoned type still runs nothing
    but its CREATE TABLE: one statement at a time, behind the authorizer."""
    monkeypatch.chdir(tmp_path)
    schema = Schema([Table("t", [Column("id", "INTEGER"), Column("a", ATTACH)], ["id"])])
    report = SchemaReport()
    assert not execute(schema, report)
    assert report.sqlite_error and list(tmp_path.iterdir()) == []


def test_mermaid_labels_cannot_break_out():
    schema = Schema([
        Table('t"}\nclassDef x', [Column("id", "INTEGER"), Column('a"}', 'X"} %%{init}%%')],
              ["id"]),
    ])  # fmt: skip
    text = to_mermaid(schema)
    body = text.splitlines()[1:]
    assert all('"' not in line and "%%" not in line for line in body)
    assert [line.strip() for line in body] == ["t___classDef_x {", "integer id PK", "x______init___ a__",
                                               "}"]  # fmt: skip
