"""Raw records: what a ``Reader`` makes of a dataset file, and the choice of reader by suffix.

Readers are plugins (``register_readers``); the built-in ones (JSON Lines, JSON, CSV, HF
``datasets`` folders) live in ``data/readers.py``. Problems are collected, not raised, so `ghost
data validate` can report every one of them with its record number (1-based) and, for JSON Lines,
its line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ghost_architect import plugins
from ghost_architect.errors import GhostError, UnreadableInput

FOLDER = "/"  # the suffix a reader of folders declares


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


class Reader(Protocol):
    """Reads one kind of dataset file into records. ``suffixes`` are lower-case with their dot
    (``".parquet"``, ``".jsonl.gz"``) or ``FOLDER``; each suffix belongs to one reader."""

    name: str
    description: str
    suffixes: tuple[str, ...]

    def read(self, path: Path) -> tuple[list[RawRecord], list[Problem]]:
        """Every record of ``path``, plus problems; raise GhostError when nothing can be read."""
        ...


def read_text(path: Path) -> str:
    """The file as UTF-8 text, or one UnreadableInput line saying why not (for text readers)."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(
            f"{path}: not UTF-8 text (byte {exc.start})", "save it as UTF-8"
        ) from None
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot read: {exc.strerror}") from None


def reader_for(path: Path, readers: Mapping[str, Reader]) -> Reader:
    """The reader of ``path``: a folder's, or the one claiming its longest suffix."""
    by_suffix: dict[str, Reader] = {}
    for reader in readers.values():  # the first claim of a suffix wins (plugins.py warns)
        for suffix in reader.suffixes:
            by_suffix.setdefault(suffix.lower(), reader)
    if path.is_dir():
        wanted = [FOLDER]
    else:
        wanted = ["".join(path.suffixes[i:]).lower() for i in range(len(path.suffixes))]
    for suffix in wanted:
        if suffix in by_suffix:
            return by_suffix[suffix]
    known = ", ".join(sorted(s if s != FOLDER else "a folder" for s in by_suffix))
    what = "folders" if path.is_dir() else f"file type '{path.suffix.lower()}'"
    raise GhostError(
        f"{path}: unsupported {what}",
        f"use {known}; a plugin can add a reader (see `ghost plugins`)",
    )


def read_records(
    path: Path, readers: Mapping[str, Reader] | None = None
) -> tuple[list[RawRecord], list[Problem]]:
    """All records of a dataset file or folder, plus problems found while reading."""
    if not path.exists():
        raise GhostError(f"{path}: no such file or folder", "check the path")
    if not path.is_dir() and not path.is_file():
        raise UnreadableInput(
            f"{path}: not a regular file (a pipe or device)", "pass a dataset file"
        )
    reader = reader_for(path, plugins.named("readers") if readers is None else readers)
    try:
        return reader.read(path)
    except GhostError:
        raise
    except Exception as exc:  # a reader's own bug or its library's error: one line, no traceback
        owner = plugins.owner("readers", reader.name)
        by = f"reader '{reader.name}'" + (f" (plugin '{owner}')" if owner else "")
        raise UnreadableInput(
            f"{path}: {by} cannot read it: {type(exc).__name__}: {exc}".splitlines()[0]
        ) from None
