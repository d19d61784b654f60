"""The devset's hand-written gold schemas (data/devset/gold/ID.sql) are valid DDL in the project's
gold conventions, and data/devset/devset.jsonl is an up-to-date `ghost eval` file built from them."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
import sqlglot

from ghost_architect.evaluate import load_cases
from ghost_architect.schema.pipeline import schema_from_text

DEVSET = Path(__file__).resolve().parent.parent / "data" / "devset"
GOLD = DEVSET / "gold"
SCREENS = sorted(p.stem for p in (DEVSET / "pages").glob("*.html"))
GOLDEN = sorted(p.stem for p in GOLD.glob("*.sql"))
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def test_gold_files_belong_to_screens():
    assert GOLDEN, "no gold schemas"
    assert set(GOLDEN) <= set(SCREENS)


@pytest.mark.parametrize("screen", GOLDEN)
def test_gold_schema_parses_and_executes(screen):
    text = (GOLD / f"{screen}.sql").read_text()
    assert all(s is not None for s in sqlglot.parse(text, read="sqlite"))
    schema, report = schema_from_text(text, repair=False)
    assert report.parsed and report.executes, report.sqlite_error
    assert not (report.parse_errors or report.problems or report.dropped or report.repairs)
    assert report.kept == len(schema.tables) == text.count("CREATE TABLE")
    # in dependency order, with foreign keys enforced
    db = sqlite3.connect(":memory:")
    db.execute("PRAGMA foreign_keys=ON")
    db.executescript(text)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    seen: set[str] = set()
    for table in schema.tables:
        assert SNAKE.match(table.name), table.name
        assert table.primary_key == ["id"] and table.column("id").type == "INTEGER"
        for column in table.columns:
            assert SNAKE.match(column.name), f"{table.name}.{column.name}"
            if column.references:
                target, key = column.references
                assert key == "id" and (target in seen or target == table.name), column.name
                assert column.name.endswith("_id"), column.name
        seen.add(table.name)


def test_devset_jsonl_matches_gold():
    path = DEVSET / "devset.jsonl"
    cases = load_cases(path)
    notes = json.loads((GOLD / "notes.json").read_text())
    assert [c["id"] for c in cases] == GOLDEN
    for case in cases:
        screen = case["id"]
        meta = json.loads((DEVSET / "fields" / f"{screen}.json").read_text())
        assert case["image"] == f"images/{screen}.png"
        assert (path.parent / case["image"]).is_file()
        assert case["sql"] == (GOLD / f"{screen}.sql").read_text()
        assert case["notes"] == notes[screen] and case["notes"].strip()
        for key in ("kind", "style", "theme", "dense"):
            assert case[key] == meta[key], (screen, key)
