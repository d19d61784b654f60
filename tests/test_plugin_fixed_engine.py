"""The example ghost-fixed-engine plugin, installed as its own distribution: `ghost infer
--engine fixed` runs end to end through the Engine protocol, with no change to the core."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import ROOT, pip_install_target, run_ghost
from PIL import Image

USERS = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);"
ORDERS = "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL);"


@pytest.fixture(scope="module")
def engine_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("fixed-engine-site")
    pip_install_target(ROOT / "plugins" / "ghost-fixed-engine", site)
    return site


@pytest.fixture
def shots(tmp_path) -> tuple[Path, Path, Path]:
    """Two screenshots and the table: one keyed by its SHA-256, one by its file name."""
    login, cart = tmp_path / "login.png", tmp_path / "cart.png"
    Image.new("RGB", (64, 48), "white").save(login)
    Image.new("RGB", (64, 48), "gray").save(cart)
    table = tmp_path / "table.json"
    digest = hashlib.sha256(login.read_bytes()).hexdigest()
    table.write_text(json.dumps({digest: USERS, "cart.png": ORDERS}))
    return login, cart, table


def test_infer_answers_from_the_table_by_hash_and_by_name(engine_site, shots):
    login, cart, table = shots
    args = ("--engine", "fixed", "--model", str(table), "--format", "json")
    result = run_ghost("infer", str(login), *args, pythonpath=engine_site)
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert [t["name"] for t in schema["tables"]] == ["users"]
    assert [c["name"] for c in schema["tables"][0]["columns"]] == ["id", "email"]
    result = run_ghost("infer", str(cart), *args, pythonpath=engine_site)
    assert result.returncode == 0, result.stderr
    assert [t["name"] for t in json.loads(result.stdout)["tables"]] == ["orders"]


def test_the_engine_declares_its_default_model(engine_site, shots):
    login, _, table = shots
    result = run_ghost(
        "infer", str(login), "--engine", "fixed", pythonpath=engine_site,
        env={"GHOST_FIXED_TABLE": str(table)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "CREATE TABLE users (" in result.stdout
    result = run_ghost("infer", str(login), "--engine", "fixed", pythonpath=engine_site,
                       env={"GHOST_FIXED_TABLE": ""})  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: engine 'fixed' has no default model (pass --model)"


def test_a_screenshot_missing_from_the_table_has_no_schema(engine_site, shots, tmp_path):
    _, _, table = shots
    other = tmp_path / "other.png"
    Image.new("RGB", (64, 48), "black").save(other)
    result = run_ghost(
        "infer", str(other), "--engine", "fixed", "--model", str(table), pythonpath=engine_site
    )
    assert result.returncode == 4


def test_a_folder_of_screenshots(engine_site, shots, tmp_path):
    login, _, table = shots
    out = tmp_path / "out"
    result = run_ghost("infer", str(login.parent), "--engine", "fixed", "--model", str(table),
                       "--out", str(out), pythonpath=engine_site)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "CREATE TABLE orders (" in (out / "cart.sql").read_text()
    assert "CREATE TABLE users (" in (out / "login.sql").read_text()


def test_plugins_lists_the_engine(engine_site):
    result = run_ghost("plugins", "--json", pythonpath=engine_site)
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["fixed"]["hooks"] == ["register_engines"]
    assert rows["fixed"]["provides"] == ["engines:fixed"]


def test_without_the_plugin_the_engine_is_unknown(shots):
    login, _, table = shots
    result = run_ghost("infer", str(login), "--engine", "fixed", "--model", str(table))
    assert result.returncode == 2
    assert "unknown engine 'fixed'" in result.stderr


def test_eval_scores_the_plugin_engine(engine_site, shots, tmp_path):
    """`ghost eval --engine fixed`: the table answers one case right and one wrong, and the
    report scores each as such."""
    login, cart, table = shots
    data = tmp_path / "split.jsonl"
    cases = [{"id": "login", "image": login.name, "sql": USERS},
             {"id": "cart", "image": cart.name, "sql": USERS}]  # fmt: skip
    data.write_text("".join(json.dumps(case) + "\n" for case in cases))
    out = tmp_path / "eval"
    result = run_ghost("eval", "--data", str(data), "--engine", "fixed", "--model", str(table),
                       "--no-baselines", "--out", str(out), pythonpath=engine_site)  # fmt: skip
    assert result.returncode == 0, result.stderr
    scored = {c["id"]: c for c in map(json.loads, (out / "cases.jsonl").read_text().splitlines())}
    assert scored["login"]["table_f1"] == 1.0 and scored["login"]["column_f1"] == 1.0
    assert scored["cart"]["table_f1"] == 0.0  # answered orders, gold is users
    summary = json.loads((out / "summary.json").read_text())
    assert list(summary) == ["fixed"] and summary["fixed"]["table_f1"]["mean"] == 0.5
