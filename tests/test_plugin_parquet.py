"""The example ghost-parquet plugin, installed as its own distribution: `ghost data validate`,
`ghost data stats` and `ghost train` read Parquet datasets through its reader and its dataset
format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, pip_install_target, run_ghost

from ghost_architect.models.random_init import make_random_gemma3

pq = pytest.importorskip("pyarrow.parquet")
pa = pytest.importorskip("pyarrow")

ROWS = [
    {
        "question": f"How many heads of department are older than {age}?",
        "context": "CREATE TABLE head (age INTEGER)",
        "answer": f"SELECT COUNT(*) FROM head WHERE age > {age}",
    }
    for age in (56, 60)
] + [{"question": "Who?", "context": "CREATE TABLE t (name TEXT)", "answer": ""}]


@pytest.fixture(scope="module")
def parquet_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("parquet-site")
    pip_install_target(ROOT / "plugins" / "ghost-parquet", site)
    return site


def write_parquet(path: Path, rows: list[dict]) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def test_validate_reads_parquet_through_the_plugin(parquet_site, tmp_path):
    path = write_parquet(tmp_path / "train.parquet", ROWS)
    result = run_ghost(
        "data", "validate", str(path), "--tokenizer", "none", "--json", pythonpath=parquet_site
    )
    assert result.returncode == 1, result.stderr  # the third row's answer is empty
    report = json.loads(result.stdout)
    assert report["format"] == "sql-context" and report["records"] == 3
    assert report["problems"] == [
        {"record": 3, "field": "answer", "message": "empty", "severity": "error"}
    ]


def test_stats_of_a_parquet_file_in_a_builtin_format(parquet_site, tmp_path):
    turns = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]
    rows = [{"messages": turns}, {"messages": [*turns, *turns]}]
    path = write_parquet(tmp_path / "chat.pq", rows)
    result = run_ghost(
        "data", "stats", str(path), "--tokenizer", "none", "--json", pythonpath=parquet_site
    )
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["format"] == "messages" and stats["examples"] == 2
    assert stats["turns"] == {"2": 1, "4": 1}


def test_without_the_plugin_parquet_is_unsupported(tmp_path):
    path = write_parquet(tmp_path / "train.parquet", ROWS)
    result = run_ghost("data", "validate", str(path), "--tokenizer", "none")
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {path}: unsupported file type '.parquet' (use .csv")


def test_a_corrupt_parquet_file_is_one_line_naming_the_plugin(parquet_site, tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 not really")
    result = run_ghost(
        "data", "validate", str(path), "--tokenizer", "none", pythonpath=parquet_site
    )
    assert result.returncode == 3
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {path}: reader 'parquet' (plugin 'parquet') cannot read it: ")


def test_plugins_lists_what_it_contributes(parquet_site):
    result = run_ghost("plugins", "--json", pythonpath=parquet_site)
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["parquet"]["source"] == "entry point: ghost-parquet 0.1.0"
    assert rows["parquet"]["hooks"] == ["register_datasets", "register_readers"]
    assert rows["parquet"]["provides"] == ["readers:parquet", "datasets:sql-context"]


def test_train_reads_parquet_through_the_plugin(parquet_site, tmp_path):
    """One `ghost train` step on a tiny random Gemma 3, its data a Parquet file of the plugin's
    sql-context format: the run counts the rows as examples and writes an adapter."""
    model = make_random_gemma3("tiny", tmp_path / "tiny")
    path = write_parquet(tmp_path / "train.parquet", ROWS[:2])
    run = tmp_path / "run"
    flags = {"model.name": str(model), "model.load_in_4bit": "false", "model.dtype": "fp32",
             "adapter.r": "8", "train.backend": "hf", "train.save_steps": "1",
             "data.eval_fraction": "0"}  # fmt: skip
    args = [item for key, value in flags.items() for item in ("--set", f"{key}={value}")]
    result = run_ghost("train", "--config", "cpu-270m-schema", "--data", str(path),
                       "--output", str(run), "--max-steps", "1", *args,
                       pythonpath=parquet_site, cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    summary = json.loads((run / "run.json").read_text())
    assert summary["steps"] == 1 and summary["train_examples"] == 2
    assert (run / "adapter" / "adapter_model.safetensors").is_file()
