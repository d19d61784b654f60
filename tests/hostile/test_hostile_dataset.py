"""Hostile dataset files for `ghost data validate`: every malformed record is one problem line
naming the record and the field, never a traceback, and the user's file is never touched."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, run_ghost

from ghost_architect.data.dataset import load_dataset
from ghost_architect.data.example import DatasetFormat, Example
from ghost_architect.errors import UnreadableInput

TURNS = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]
SHOT = ROOT / "data" / "samples" / "images" / "s8-00000.png"
SQL = "CREATE TABLE users (id INTEGER PRIMARY KEY);"


def digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def validate(path: Path):
    """`ghost data validate` on ``path``; asserts the folder is left exactly as it was."""
    before = digest(path.parent)
    result = run_ghost("data", "validate", str(path), "--tokenizer", "none")
    assert digest(path.parent) == before
    assert "Traceback" not in result.stderr
    return result


def write_lines(path: Path, lines: list[Any]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines))
    return path


BAD_RECORDS = [
    ({"messages": "hello"}, "messages: expected a non-empty list of turns"),
    ({"messages": None}, "messages: missing"),
    ({"messages": {"role": "user"}}, "messages: expected a non-empty list of turns"),
    ({"messages": [["user", "q"], TURNS[1]]}, "messages[0]: expected an object"),
    (
        {"messages": [{"role": "user", "content": 5}, TURNS[1]]},
        "messages[0].content: expected text",
    ),
    (
        {"messages": [{"role": "user", "content": None}, TURNS[1]]},
        "messages[0].content: missing",
    ),
    (
        {"messages": [{"role": "user", "content": {"text": "q"}}, TURNS[1]]},
        "messages[0].content: expected text",
    ),
    ({"messages": [{"role": ["user"], "content": "q"}, TURNS[1]]}, "messages[0].role: missing"),
    ({"messages": TURNS, "images": {"a": 1}}, "images: expected a list of image paths"),
    ({"messages": TURNS, "images": [3]}, "images: expected a list of image paths"),
    ({"messages": TURNS, "images": "shot.png"}, "images: expected a list of image paths"),
    (
        {"messages": [{"role": "user\nerror forged line", "content": "q"}, TURNS[1]]},
        "messages[0].role: unknown role 'user\\nerror forged line'",
    ),
    ([1, 2], "(record): expected a JSON object, got list"),
    ("null", "(record): expected a JSON object, got NoneType"),
    ('"text"', "(record): expected a JSON object, got str"),
    ('{"messages": [oops', "(json): bad JSON at line 2, column 15: Expecting value"),
]


@pytest.mark.parametrize(("record", "problem"), BAD_RECORDS)
def test_a_malformed_record_is_one_line_naming_record_and_field(tmp_path, record, problem):
    path = write_lines(tmp_path / "data.jsonl", [{"messages": TURNS}, record])
    result = validate(path)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("error ")]
    assert errors == [f"error {path}: record 2: {problem}"]
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"instruction": 5, "output": "o"}, "instruction: expected text, got int"),
        ({"instruction": "i", "output": "o", "input": [1]}, "input: expected text, got list"),
        ({"instruction": "i", "output": "o", "system": 7}, "system: expected text, got int"),
        ({"instruction": "i", "output": None}, "output: expected text, got NoneType"),
        ({"instruction": "i"}, "output: missing"),
    ],
)
def test_alpaca_fields_of_the_wrong_type(tmp_path, record, problem):
    path = write_lines(tmp_path / "a.jsonl", [{"instruction": "i", "output": "o"}, record])
    result = validate(path)
    assert result.returncode == 1
    assert f"error {path}: record 2: {problem}" in result.stdout.splitlines()


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"image": 5, "sql": SQL}, "image: expected text, got int"),
        ({"image": str(SHOT), "sql": ["x"]}, "sql: expected text, got list"),
        ({"image": str(SHOT), "sql": None}, "sql: expected text, got NoneType"),
        ({"image": "/dev/null", "sql": SQL}, "image: file not found: /dev/null"),
    ],
)
def test_vision_fields_of_the_wrong_type(tmp_path, record, problem):
    path = write_lines(tmp_path / "v.jsonl", [{"image": str(SHOT), "sql": SQL}, record])
    result = validate(path)
    assert result.returncode == 1
    assert f"error {path}: record 2: {problem}" in result.stdout.splitlines()


@pytest.mark.parametrize(
    ("image", "problem"),
    [
        ("missing.png", "file not found: {folder}/missing.png"),
        ("/dev/null", "not a regular file: /dev/null"),
        (".", "not a regular file: {folder}"),
        ("/etc/hostname", "unreadable (UnidentifiedImageError): /etc/hostname"),
    ],
)
def test_an_image_that_is_no_image_file_is_a_problem_not_a_crash(tmp_path, image, problem):
    path = write_lines(tmp_path / "m.jsonl", [{"messages": TURNS, "images": [image]}])
    result = validate(path)
    assert result.returncode == 1
    line = f"error {path}: record 1: image: {problem.format(folder=tmp_path)}"
    assert line in result.stdout.splitlines()
    assert result.stderr == ""


def test_an_empty_file_is_unreadable_input(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n  \n")
    result = validate(path)
    assert result.returncode == 3
    assert result.stderr.splitlines() == [f"Error: {path}: no records (the file is empty)"]
    assert result.stdout == ""


def test_non_utf8_bytes_are_one_line_naming_the_byte(tmp_path):
    path = tmp_path / "latin.jsonl"
    first = json.dumps({"messages": TURNS}).encode() + b"\n"
    path.write_bytes(first + b"\xff\xfe{}\n")
    result = validate(path)
    assert result.returncode == 3
    assert result.stderr.splitlines() == [
        f"Error: {path}: not UTF-8 text (byte {len(first)}) (save it as UTF-8)"
    ]


def test_a_json_array_file_of_non_objects(tmp_path):
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"messages": TURNS}, [1], "x"]))
    result = validate(path)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("error ")]
    assert errors == [
        f"error {path}: record 2: (record): expected a JSON object, got list",
        f"error {path}: record 3: (record): expected a JSON object, got str",
    ]


def test_a_50_mb_line_that_is_not_json(tmp_path):
    path = tmp_path / "huge.jsonl"
    path.write_text("x" * 50_000_000 + "\n")
    result = validate(path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"error {path}: record 1: (json): bad JSON at line 1, column 1: Expecting value",
        f"{path}: 0 records, format auto: invalid (1 errors, 0 warnings)",
    ]


def test_a_50_mb_record_is_read_whole(tmp_path):
    path = tmp_path / "long.jsonl"
    long_turns = [{"role": "user", "content": "x" * 50_000_000}, TURNS[1]]
    write_lines(path, [{"messages": long_turns}])
    result = validate(path)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        f"{path}: 1 records, format messages: valid (0 errors, 0 warnings)"
    ]


def test_a_long_problem_stays_on_one_line(tmp_path):
    deep = tmp_path / ("d" * 120)
    deep.mkdir()
    path = write_lines(deep / "m.jsonl", [{"messages": TURNS, "images": ["n" * 150 + ".png"]}])
    result = validate(path)
    line = f"error {path}: record 1: image: file not found: {deep / ('n' * 150 + '.png')}"
    assert line in result.stdout.splitlines()


class Fragile(DatasetFormat):
    """A third-party format that indexes a record without checking its shape."""

    name = "fragile"

    def detect(self, record: dict[str, Any]) -> bool:
        return "turns" in record

    def to_example(self, record: dict[str, Any], base_dir: Path) -> Example:
        question = record["turns"][0]
        return Example(
            [{"role": "user", "content": question}, {"role": "assistant", "content": "a"}]
        )


def test_a_format_plugin_that_trips_on_a_record_gives_a_problem(tmp_path):
    path = write_lines(tmp_path / "f.jsonl", [{"turns": ["q"]}, {"turns": []}, {"turns": 5}])
    dataset = load_dataset(path, {"fragile": Fragile()})
    assert [(p.record, p.field, p.message) for p in dataset.problems] == [
        (2, "(record)", "format fragile cannot read it (IndexError: list index out of range)"),
        (3, "(record)", "format fragile cannot read it (TypeError: 'int' object is not "
                        "subscriptable)"),
    ]  # fmt: skip
    assert len(dataset.examples) == 1


def test_records_no_format_recognises_are_unreadable_input(tmp_path):
    path = write_lines(tmp_path / "odd.jsonl", [{"prompt": "q", "completion": "a"}])
    with pytest.raises(UnreadableInput, match="cannot detect the dataset format"):
        load_dataset(path, {"fragile": Fragile()})
    assert os.listdir(tmp_path) == ["odd.jsonl"]


@pytest.mark.parametrize(
    ("name", "body", "line"),
    [
        (
            "deep.jsonl",
            "[" * 100_000 + "]" * 100_000 + "\n",
            "record 1: (json): bad JSON at line 1",
        ),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "file: (json): bad JSON at line 1"),
    ],
)
def test_json_nested_too_deeply_is_a_problem_line_not_a_crash(tmp_path, name, body, line):
    path = tmp_path / name
    path.write_text(body)
    result = run_ghost("data", "validate", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{path}: {line}, column 1: nested too deeply to read" in result.stdout


def test_a_huge_csv_cell_is_read_and_a_pipe_is_refused(tmp_path):
    cell = tmp_path / "big.csv"
    cell.write_text('instruction,output\n"' + "x" * 200_000 + '",ok\n')
    result = run_ghost("data", "validate", str(cell))
    assert "Traceback" not in result.stderr and "bad CSV" not in result.stderr
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    result = run_ghost("data", "validate", str(fifo))
    assert result.returncode == 3
    assert result.stderr.strip() == (
        f"Error: {fifo}: not a regular file (a pipe or device) (pass a dataset file)"
    )


@pytest.mark.parametrize("option", ["--fix", "--plot"])
def test_an_existing_fix_or_plot_file_is_kept_without_force(tmp_path, option):
    data = tmp_path / "data.jsonl"
    data.write_text(json.dumps({"messages": TURNS}) + "\n")
    command, tokenizer = ("validate", "none") if option == "--fix" else ("stats", "gemma-3-270m")
    mine = tmp_path / "mine.out"
    mine.write_text("my own file")
    result = run_ghost("data", command, str(data), option, str(mine), "--tokenizer", "none")
    assert result.returncode == 2 and mine.read_text() == "my own file"
    assert result.stderr.strip() == (
        f"Error: {mine} already exists (pass --force to replace it, or choose another {option})"
    )
    into_input = run_ghost("data", command, str(data), option, str(data), "--tokenizer", "none")
    assert (
        into_input.returncode == 2
        and f"{option} {data}: would overwrite the input" in into_input.stderr
    )
    assert data.read_text() == json.dumps({"messages": TURNS}) + "\n"
    forced = run_ghost("data", command, str(data), option, str(mine), "--tokenizer", tokenizer,
                       "--force")  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    assert mine.read_bytes() != b"my own file"
