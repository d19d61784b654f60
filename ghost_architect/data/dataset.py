"""Load a dataset file into ``Example``s through the registered formats, and check it.

`ghost data validate` and `ghost data stats` and the trainer all come through `load_dataset`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ghost_architect import plugins
from ghost_architect.data.example import DatasetFormat, Example, RecordError, check_turns
from ghost_architect.data.records import Problem, RawRecord, Reader, read_records
from ghost_architect.errors import UnreadableInput, UsageError
from ghost_architect.perception.image import image_problem

IMAGE_TOKENS = 256 + 2  # Gemma 3: 256 soft tokens per image plus <start_of_image>/<end_of_image>
NEAR_DUPLICATE_THRESHOLD = 0.9
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class LoadedDataset:
    path: Path
    format: str
    total: int
    items: list[tuple[RawRecord, Example]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def examples(self) -> list[Example]:
        return [example for _, example in self.items]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def bad_records(self) -> set[int]:
        return {p.record for p in self.errors if p.record is not None}


def pick_format(
    records: list[RawRecord], formats: Mapping[str, DatasetFormat], forced: str, source: Path
) -> DatasetFormat:
    """``forced``, or the format that claims the first record any format claims (of the first
    20). A third-party format beats the built-ins; the built-ins keep their registration order
    among themselves; two third-party formats claiming the same record are an error."""
    if forced != "auto":
        if forced not in formats:
            raise UsageError(f"unknown dataset format '{forced}'", f"known: {', '.join(formats)}")
        return formats[forced]
    for record in records[:20]:
        claims = [fmt for fmt in formats.values() if _detects(fmt, record.data)]
        theirs = [fmt for fmt in claims if not plugins.is_builtin("datasets", fmt.name)]
        if len(theirs) > 1:
            names = " and ".join(f"'{f.name}' (plugin '{_owner(f)}')" for f in theirs)
            raise UsageError(
                f"{source}: record {record.number} fits the formats {names}",
                f"pass --format {' or --format '.join(f.name for f in theirs)}",
            )
        if theirs or claims:
            return (theirs or claims)[0]
    raise UnreadableInput(
        f"{source}: cannot detect the dataset format from its records",
        f"pass --format (known: {', '.join(formats)})",
    )


def _detects(fmt: DatasetFormat, data: dict[str, Any]) -> bool:
    """``fmt.detect(data)``; a format that crashes claims nothing, with one warning naming it."""
    try:
        return bool(fmt.detect(data))
    except Exception as exc:
        plugins.get_plugin_manager().warn(
            f"plugin '{_owner(fmt)}' failed in detect of dataset format '{fmt.name}': "
            f"{type(exc).__name__}: {exc}".splitlines()[0]
        )
        return False


def _owner(fmt: DatasetFormat) -> str:
    return plugins.owner("datasets", fmt.name) or "?"


def load_dataset(
    path: Path,
    formats: Mapping[str, DatasetFormat],
    forced: str = "auto",
    readers: Mapping[str, Reader] | None = None,
) -> LoadedDataset:
    """Read (with the reader of the file's suffix; all registered ones by default) and convert
    every record; each failure becomes a Problem naming record and field."""
    records, problems = read_records(path, readers)
    if not records:
        if problems:
            return LoadedDataset(path, forced, 0, problems=problems)
        raise UnreadableInput(f"{path}: no records", "the file is empty")
    fmt = pick_format(records, formats, forced, path)
    base_dir = path if path.is_dir() else path.parent
    dataset = LoadedDataset(path, fmt.name, len(records) + len(problems), problems=problems)
    for record in records:
        try:
            example = fmt.to_example(record.data, base_dir)
            check_turns(example.messages)  # a plugin format's turns are checked like a built-in's
            dataset.items.append((record, example))
        except RecordError as exc:
            dataset.problems.append(Problem(record.number, exc.field, one_line(exc.message)))
        except (LookupError, TypeError, ValueError, AttributeError) as exc:  # a format's own bug
            reason = one_line(f"{type(exc).__name__}: {exc}")
            dataset.problems.append(
                Problem(record.number, "(record)", f"format {fmt.name} cannot read it ({reason})")
            )
    return dataset


def one_line(text: str) -> str:
    """``text`` with control characters (newlines included) escaped, so a problem stays on its
    line whatever a record holds."""
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


def check_images(dataset: LoadedDataset) -> None:
    """Every image opens and decodes (zero-byte, truncated and non-image files are caught)."""
    for record, example in dataset.items:
        for image in example.images:
            problem = image_problem(image)
            if problem:
                dataset.problems.append(Problem(record.number, "image", one_line(problem)))


def _normalised(example: Example) -> str:
    return re.sub(r"\s+", " ", "\n".join(m["content"] for m in example.messages)).strip().lower()


def _image_digest(path: str) -> str:
    """The image file's SHA-256 (read in chunks); its path where it is no regular file."""
    try:
        if not Path(path).is_file():  # a device or pipe could be read forever
            return path
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return path


def check_duplicates(dataset: LoadedDataset, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> None:
    """Exact duplicates (same text, same image bytes) are errors. Near duplicates (MinHash
    Jaccard >= threshold on word 3-grams) are warnings, checked for text-only examples: two
    screenshots with the same gold SQL are different examples."""
    from datasketch import MinHash, MinHashLSH

    first_of: dict[str, int] = {}
    lsh = MinHashLSH(threshold=threshold, num_perm=64)
    for record, example in dataset.items:
        text = _normalised(example)
        key = "\x00".join([text, *(_image_digest(i) for i in example.images)])
        digest = hashlib.sha256(key.encode()).hexdigest()
        if digest in first_of:
            dataset.problems.append(
                Problem(
                    record.number, "(duplicate)", f"exact duplicate of record {first_of[digest]}"
                )
            )
            continue
        first_of[digest] = record.number
        if example.images:
            continue
        words = text.split()
        shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
        signature = MinHash(num_perm=64, seed=1)
        signature.update_batch([s.encode() for s in shingles])
        close = sorted(int(key) for key in lsh.query(signature))
        if close:
            dataset.problems.append(
                Problem(
                    record.number,
                    "(duplicate)",
                    f"near duplicate of record {close[0]} (>= {threshold:.0%} similar)",
                    "warning",
                )
            )
        lsh.insert(str(record.number), signature)


def token_lengths(examples: list[Example], tokenizer: Any) -> list[int]:
    """Tokens per example after the chat template (images counted as their soft tokens)."""
    if not examples:  # a tokenizer given an empty batch fails inside transformers
        return []
    texts = [tokenizer.apply_chat_template(e.messages, tokenize=False) for e in examples]
    encoded = tokenizer(texts, add_special_tokens=False)["input_ids"]
    return [
        len(ids) + IMAGE_TOKENS * len(e.images) for ids, e in zip(encoded, examples, strict=True)
    ]


def check_lengths(dataset: LoadedDataset, tokenizer: Any, max_seq_length: int) -> list[int]:
    lengths = token_lengths(dataset.examples, tokenizer)
    for (record, _), length in zip(dataset.items, lengths, strict=True):
        if length > max_seq_length:
            dataset.problems.append(
                Problem(
                    record.number,
                    "(length)",
                    f"{length} tokens > max_seq_length {max_seq_length} (it would be truncated)",
                )
            )
    return lengths


def validate(
    path: Path,
    formats: Mapping[str, DatasetFormat],
    forced: str = "auto",
    tokenizer: Any = None,
    max_seq_length: int = 2048,
) -> LoadedDataset:
    dataset = load_dataset(path, formats, forced)
    check_images(dataset)
    check_duplicates(dataset)
    if tokenizer is not None:
        check_lengths(dataset, tokenizer, max_seq_length)
    dataset.problems.sort(key=lambda p: (p.record or 0, p.field))
    return dataset


def _relocate_images(data: dict[str, Any], source_dir: Path, target_dir: Path) -> dict[str, Any]:
    """Rewrite relative image paths so they still resolve from the cleaned copy's folder."""

    def move(value: str) -> str:
        if Path(value).is_absolute():
            return value
        return os.path.relpath(source_dir.resolve() / value, target_dir)

    data = dict(data)
    if isinstance(data.get("image"), str):
        data["image"] = move(data["image"])
    if isinstance(data.get("images"), list):
        data["images"] = [move(v) if isinstance(v, str) else v for v in data["images"]]
    return data


def write_fixed(dataset: LoadedDataset, out: Path, writer: Callable[[Path, str], None]) -> int:
    """Write the records with no error as JSON Lines to ``out``; returns how many were kept."""
    bad = dataset.bad_records()
    source_dir = dataset.path if dataset.path.is_dir() else dataset.path.parent
    kept = [
        json.dumps(
            _relocate_images(record.data, source_dir, out.parent.resolve()), ensure_ascii=False
        )
        for record, _ in dataset.items
        if record.number not in bad
    ]
    writer(out, "".join(line + "\n" for line in kept))
    return len(kept)
