"""The built-in readers: JSON Lines, JSON, CSV and HF ``datasets`` folders (``Reader`` objects,
registered by builtin/readers.py through the same hook a plugin uses)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from ghost_architect.data.records import FOLDER, Problem, RawRecord, read_text
from ghost_architect.errors import GhostError, UnreadableInput

MAX_FIELD = 64 * 1024 * 1024  # a CSV cell up to 64 MB (a base64 image, a long transcript)

Records = tuple[list[RawRecord], list[Problem]]


def _loads(text: str) -> Any:
    """json.loads, with nesting too deep to read turned into a JSONDecodeError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply to read", text, 0) from None


def objects(items: list[Any], lines: list[int | None]) -> Records:
    """Records from parsed items; an item that is no JSON object becomes a Problem."""
    records, problems = [], []
    for number, (item, line) in enumerate(zip(items, lines, strict=True), 1):
        if isinstance(item, dict):
            records.append(RawRecord(number, item, line))
        else:
            problems.append(
                Problem(number, "(record)", f"expected a JSON object, got {type(item).__name__}")
            )
    return records, problems


class JsonLinesReader:
    name = "jsonl"
    description = "JSON Lines: one JSON object per line"
    suffixes = (".jsonl",)

    def read(self, path: Path) -> Records:
        items: list[Any] = []
        lines: list[int | None] = []
        problems: list[Problem] = []
        for line_no, line in enumerate(read_text(path).splitlines(), 1):
            if not line.strip():
                continue
            try:
                items.append(_loads(line))
            except json.JSONDecodeError as exc:
                message = f"bad JSON at line {line_no}, column {exc.colno}: {exc.msg}"
                problems.append(Problem(len(items) + 1, "(json)", message))
                items.append(None)
            lines.append(line_no)
        records, shape_problems = objects(items, lines)
        bad = {q.record for q in problems}
        return records, problems + [p for p in shape_problems if p.record not in bad]


class JsonReader:
    name = "json"
    description = "a JSON array of objects, or {data|records|examples|train: [...]}"
    suffixes = (".json",)

    def read(self, path: Path) -> Records:
        try:
            data = _loads(read_text(path))
        except json.JSONDecodeError as exc:
            message = f"bad JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            return [], [Problem(None, "(json)", message)]
        if isinstance(data, dict):
            keys = ("data", "records", "examples", "train")
            key = next((k for k in keys if isinstance(data.get(k), list)), None)
            if key is None:
                return [], [
                    Problem(None, "(json)", "expected a list of records or {'data': [...]}")
                ]
            data = data[key]
        if not isinstance(data, list):
            return [], [Problem(None, "(json)", "expected a list of records")]
        return objects(data, [None] * len(data))


class CsvReader:
    name = "csv"
    description = "CSV with a header row (every cell is text)"
    suffixes = (".csv",)

    def read(self, path: Path) -> Records:
        text = read_text(path)
        csv.field_size_limit(MAX_FIELD)
        try:
            rows = list(csv.DictReader(text.splitlines()))
        except csv.Error as exc:
            raise UnreadableInput(f"{path}: bad CSV ({exc})", "save it as standard CSV") from None
        return [RawRecord(i, dict(row), i + 1) for i, row in enumerate(rows, 1)], []


class HfFolderReader:
    name = "hf-datasets"
    description = "a folder written by datasets' save_to_disk (its 'train' split)"
    suffixes = (FOLDER,)

    def read(self, path: Path) -> Records:
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
