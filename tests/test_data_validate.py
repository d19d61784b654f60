"""`ghost data validate`: every error kind names its record and field; --fix cleans a copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_ghost

SAMPLES = ROOT / "data" / "samples"
GOOD_SQL = "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL);"


def chat(user: str, answer: str = "ok") -> dict:
    return {
        "messages": [{"role": "user", "content": user}, {"role": "assistant", "content": answer}]
    }


def validate(path: Path, *extra: str):
    return run_ghost("data", "validate", str(path), "--tokenizer", "none", *extra)


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))
    return path


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ([chat("a"), '{"messages": [oops'], "record 2: (json): bad JSON at line 2, column 15"),
        ([{"instruction": "x"}, {"instruction": "y", "output": "z"}], "record 1: output: missing"),
        (
            [chat("a"), {"messages": [{"role": "user", "content": "q"}]}],
            "record 2: messages: last turn must be the assistant's",
        ),
        (
            [
                chat("a"),
                {
                    "messages": [
                        {"role": "robot", "content": "q"},
                        {"role": "assistant", "content": "a"},
                    ]
                },
            ],
            "record 2: messages[0].role: unknown role 'robot'",
        ),
        (
            [
                chat("a"),
                {
                    "messages": [
                        {"role": "assistant", "content": "a"},
                        {"role": "user", "content": "q"},
                    ]
                },
            ],
            "record 2: messages[0].role: expected 'user' here, got 'assistant'",
        ),
        (
            [
                chat("a"),
                {
                    "messages": [
                        {"role": "user", "content": "  "},
                        {"role": "assistant", "content": "a"},
                    ]
                },
            ],
            "record 2: messages[0].content: empty",
        ),
        (
            [chat("a"), {"messages": [{"role": "user"}, {"role": "assistant", "content": "a"}]}],
            "record 2: messages[0].content: missing",
        ),
        ([chat("a"), {"messages": []}], "record 2: messages: expected a non-empty list of turns"),
        ([chat("a"), {"conversations": "x"}], "record 2: messages: missing"),
        ([chat("a"), chat("a")], "record 2: (duplicate): exact duplicate of record 1"),
    ],
)
def test_text_errors_name_record_and_field(tmp_path, records, expected):
    result = validate(write_jsonl(tmp_path / "bad.jsonl", records))
    assert expected in result.stdout
    assert result.returncode == 1
    assert "invalid" in result.stdout


def test_near_duplicate_is_a_warning_not_an_error(tmp_path):
    base = " ".join(f"word{i}" for i in range(80)) + " "
    path = write_jsonl(tmp_path / "near.jsonl", [chat(base + "today"), chat(base + "tomorrow")])
    result = validate(path)
    assert result.returncode == 0
    assert (
        "warning" in result.stdout
        and "record 2: (duplicate): near duplicate of record 1" in result.stdout
    )


def vision_record(image: str, sql: str = GOOD_SQL) -> dict:
    return {"image": image, "sql": sql, "notes": "test"}


def test_vision_errors(tmp_path):
    shutil.copy(SAMPLES / "images" / "s8-00000.png", tmp_path / "ok.png")
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "text.png").write_text("not an image")
    good = (tmp_path / "ok.png").read_bytes()
    (tmp_path / "truncated.png").write_bytes(good[: len(good) // 3])
    records = [
        vision_record("ok.png"),
        vision_record("missing.png"),
        vision_record("empty.png"),
        vision_record("text.png"),
        vision_record("truncated.png"),
        vision_record("ok.png", "CREATE TABLE (id INT"),
        vision_record("ok.png", ""),
        {"image": "ok.png"},
    ]
    result = validate(write_jsonl(tmp_path / "v.jsonl", records), "--format", "ghost-vision")
    out = result.stdout.replace("\n", " ")
    assert result.returncode == 1
    assert "record 2: image: file not found" in out
    assert "record 3: image: unreadable (empty file)" in out
    assert "record 4: image: unreadable (UnidentifiedImageError)" in out
    assert "record 5: image: unreadable (OSError)" in out
    assert "record 6: sql: sqlglot cannot parse it" in out
    assert "record 7: sql: empty" in out
    assert "record 8: sql: missing" in out
    assert "record 1:" not in out


def test_too_long_for_max_seq_length_uses_real_tokenizer(tmp_path):
    path = write_jsonl(tmp_path / "long.jsonl", [chat("short"), chat("word " * 400)])
    result = run_ghost("data", "validate", str(path), "--max-seq-length", "64")
    assert result.returncode == 1
    assert "record 2: (length):" in result.stdout and "> max_seq_length 64" in result.stdout
    assert "record 1:" not in result.stdout


def test_fix_writes_clean_copy_and_leaves_input(tmp_path):
    shutil.copy(SAMPLES / "images" / "s8-00000.png", tmp_path / "ok.png")
    records = [vision_record("ok.png"), vision_record("missing.png"), vision_record("ok.png")]
    path = write_jsonl(tmp_path / "v.jsonl", records)
    before = path.read_bytes()
    out = tmp_path / "clean" / "fixed.jsonl"
    result = validate(path, "--fix", str(out))
    assert result.returncode == 1
    assert path.read_bytes() == before
    kept = [json.loads(line) for line in out.read_text().splitlines()]
    assert kept == [vision_record("../ok.png")]  # duplicate and missing image dropped, path moved
    again = validate(out)
    assert again.returncode == 0, again.stdout


def test_fix_refuses_to_overwrite_input(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [chat("a")])
    result = validate(path, "--fix", str(path))
    assert result.returncode == 2 and "would overwrite the input" in result.stderr


def test_bad_json_array_file_and_missing_file(tmp_path):
    (tmp_path / "a.json").write_text('[{"messages": 1},\n  {oops}]')
    result = validate(tmp_path / "a.json")
    assert "file: (json): bad JSON at line 2, column 4" in result.stdout
    assert result.returncode == 1
    missing = validate(tmp_path / "nope.jsonl")
    assert missing.returncode == 1
    assert (
        missing.stderr.strip()
        == f"Error: {tmp_path / 'nope.jsonl'}: no such file or folder (check the path)"
    )


def test_stats_table_json_and_histogram(tmp_path):
    plot = tmp_path / "hist.png"
    result = run_ghost(
        "data",
        "stats",
        str(ROOT / "data" / "sft" / "schema-sft.jsonl"),
        "--plot",
        str(plot),
        "--json",
        "--max-seq-length",
        "512",
    )
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["format"] == "messages" and stats["examples"] == stats["records"] > 50
    assert stats["roles"] == {
        "system": stats["examples"],
        "user": stats["examples"],
        "assistant": stats["examples"],
    }
    assert 100 < stats["tokens"]["p50"] <= stats["tokens"]["max"] <= 512
    assert stats["over_max_seq_length"] == 0
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    vision = run_ghost(
        "data", "stats", str(SAMPLES / "train.jsonl"), "--tokenizer", "none", "--json"
    )
    images = json.loads(vision.stdout)["images"]
    assert images["count"] == 16 and images["width"][0] >= 960
