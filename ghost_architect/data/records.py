"""Reading raw records from .jsonl, .json, .csv files and HF `datasets` folders.

Problems are collected, not raised, so `ghost data validate` can report every one of them with its
record number (1-based) and, for JSON Lines, its line.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ghost_architect.errors import GhostError, UnreadableInput

MAX_FIELD = 64 * 1024 * 1024  # a CSV cell up to 64 MB (a base64 image, a long transcript)


@dataclass(frozen=True)
class Problem:
    record: int | None  # 1-based record number, None for file-level problems
    field: str
    message: str
    severity: str = "error"  # "error" | "warning"

    def format(self, source: str) -> str:
        where = f"record {self.record}" if self.record is not None else "file"
        return f"{source}: {where}: {self.field}: {self.message}"


@dataclass
class RawRecord:
    number: int  # 1-based
    data: dict[str, Any]
    line: int | None = None


def read_records(path: Path) -> tuple[list[RawRecord], list[Problem]]:
    """All records of a dataset file or folder, plus problems found while reading."""
    if not path.exists():
        raise GhostError(f"{path}: no such file or folder", "check the path")
    if path.is_dir():
        return _read_hf_folder(path)
    if not path.is_file():
        raise UnreadableInput(
            f"{path}: not a regular file (a pipe or device)", "pass a dataset file"
        )
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(
            f"{path}: not UTF-8 text (byte {exc.start})", "save it as UTF-8"
        ) from None
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot read: {exc.strerror}") from None
    if suffix == ".jsonl":
        return _read_jsonl(text)
    if suffix == ".json":
        return _read_json(text)
    if suffix == ".csv":
        return _read_csv(path, text)
    raise GhostError(
        f"{path}: unsupported file type '{suffix}'", "use .jsonl, .json, .csv or a folder"
    )


def _read_csv(path: Path, text: str) -> tuple[list[RawRecord], list[Problem]]:
    csv.field_size_limit(MAX_FIELD)
    try:
        rows = list(csv.DictReader(text.splitlines()))
    except csv.Error as exc:
        raise UnreadableInput(f"{path}: bad CSV ({exc})", "save it as standard CSV") from None
    return [RawRecord(i, dict(row), i + 1) for i, row in enumerate(rows, 1)], []


def _loads(text: str) -> Any:
    """json.loads, with nesting too deep to read turned into a JSONDecodeError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply to read", text, 0) from None


def _objects(items: list[Any], lines: list[int | None]) -> tuple[list[RawRecord], list[Problem]]:
    records, problems = [], []
    for number, (item, line) in enumerate(zip(items, lines, strict=True), 1):
        if isinstance(item, dict):
            records.append(RawRecord(number, item, line))
        else:
            problems.append(
                Problem(number, "(record)", f"expected a JSON object, got {type(item).__name__}")
            )
    return records, problems


def _read_jsonl(text: str) -> tuple[list[RawRecord], list[Problem]]:
    items: list[Any] = []
    lines: list[int | None] = []
    problems: list[Problem] = []
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(_loads(line))
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(
                    len(items) + 1,
                    "(json)",
                    f"bad JSON at line {line_no}, column {exc.colno}: {exc.msg}",
                )
            )
            items.append(None)
        lines.append(line_no)
    records, shape_problems = _objects(items, lines)
    problems += [p for p in shape_problems if p.record not in {q.record for q in problems}]
    return records, problems


def _read_json(text: str) -> tuple[list[RawRecord], list[Problem]]:
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        return [], [
            Problem(None, "(json)", f"bad JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        ]
    if isinstance(data, dict):
        key = next(
            (k for k in ("data", "records", "examples", "train") if isinstance(data.get(k), list)),
            None,
        )
        if key is None:
            return [], [Problem(None, "(json)", "expected a list of records or {'data': [...]}")]
        data = data[key]
    if not isinstance(data, list):
        return [], [Problem(None, "(json)", "expected a list of records")]
    return _objects(data, [None] * len(data))


def _read_hf_folder(path: Path) -> tuple[list[RawRecord], list[Problem]]:
    from datasets import DatasetDict, load_from_disk

    try:
        dataset = load_from_disk(str(path))
    except Exception as exc:
        raise GhostError(
            f"{path}: not a HF datasets folder ({type(exc).__name__})",
            "save one with Dataset.save_to_disk, or pass a .jsonl/.json file",
        ) from None
    if isinstance(dataset, DatasetDict):
        if "train" not in dataset:
            raise GhostError(
                f"{path}: DatasetDict has no 'train' split", f"splits: {list(dataset)}"
            )
        dataset = dataset["train"]
    return [RawRecord(i, row) for i, row in enumerate(dataset.to_list(), 1)], []
