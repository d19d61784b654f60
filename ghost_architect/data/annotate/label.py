"""`ghost data annotate`: screenshots -> ghost-vision records (image, gold sql, layout text) from
an annotator, resumable, plus a review file for a person to check before training.

Each screenshot is perceived exactly as `ghost infer` perceives it; the annotator's reply goes
through the schema layer and only the Schema it yields, rendered back to SQLite DDL, is kept. A
screenshot that fails (unreadable, no answer, no valid schema) is reported and left out, so the
next run tries it again; the records file and the review are rewritten atomically after each one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ghost_architect import atomic
from ghost_architect.data.annotate import Annotator
from ghost_architect.data.annotate.review import review_markdown
from ghost_architect.errors import EXIT_INVALID_OUTPUT, EXIT_OK, GhostError, UsageError
from ghost_architect.schema.pipeline import schema_from_text
from ghost_architect.schema.render import to_dialect


@dataclass
class Labelled:
    """What happened to one screenshot: exit code 0 and its record, or a code and why not."""

    image: Path
    code: int
    message: str = ""
    record: dict[str, Any] | None = None


def review_path(out: Path) -> Path:
    """The review file written beside the records file: ``NAME.review.md``."""
    return out.with_name(f"{out.stem}.review.md")


def existing_records(out: Path) -> list[dict[str, Any]]:
    """The records an earlier run wrote to ``out`` (to resume), or a UsageError naming the line
    when ``out`` is not such a file."""
    if not out.exists():
        return []
    records = []
    for number, line in enumerate(out.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict) or not isinstance(record.get("image"), str):
            raise UsageError(
                f"{out}: line {number} is not an annotation record (no 'image')",
                "pass --force to start over, or choose another --out",
            )
        records.append(record)
    return records


def unlabelled(images: list[Path], out: Path, force: bool = False) -> list[Path]:
    """The screenshots ``out`` has no record of yet (all of them with ``force``)."""
    records = [] if force else existing_records(out)
    done = {(out.parent / r["image"]).resolve() for r in records}
    return [image for image in images if image.resolve() not in done]


def label_one(
    image: Path, out: Path, annotator: Annotator, perceiver: str | None = None
) -> dict[str, Any]:
    """The ghost-vision record of one screenshot, or a GhostError saying why there is none."""
    from ghost_architect.perception import perceiver_name, read_screen

    layout = read_screen(image, perceiver).layout.to_text()  # as `ghost infer` reads it
    annotation = annotator.annotate(image, layout)
    schema, report = schema_from_text(annotation.text)
    if not report.parsed or not report.executes:
        why = (report.parse_errors or report.dropped or [report.sqlite_error or ""])[0]
        raise GhostError(
            f"{image}: the annotator's reply gave no valid schema ({why or 'no CREATE TABLE'})",
            "label it by hand, or run again to retry it",
            EXIT_INVALID_OUTPUT,
        )
    return {
        "id": image.stem,
        "image": Path(os.path.relpath(image.resolve(), out.resolve().parent)).as_posix(),
        "sql": to_dialect(schema, "sqlite"),
        "notes": "; ".join(annotation.notes),
        "layout": layout,
        "annotator": annotator.name,
        "model": annotator.model,
        "perceiver": perceiver_name(perceiver),
        "checks": [*report.repairs, *report.problems, *(f"dropped {d}" for d in report.dropped)],
    }


def label_folder(
    images: list[Path],
    out: Path,
    annotator: Annotator,
    perceiver: str | None = None,
    force: bool = False,
    on_progress: Callable[[Labelled], None] | None = None,
) -> list[Labelled]:
    """Label every screenshot of ``images`` that ``out`` has no record of (all of them with
    ``force``); each outcome also goes to ``on_progress`` as it comes."""
    review = review_path(out)
    if not out.exists():  # a review without its records file is not ours to replace
        atomic.refuse_existing(review, force, "pass --force to replace it, or choose another --out")
    records = [] if force else existing_records(out)
    outcomes: list[Labelled] = []
    for image in unlabelled(images, out, force):
        try:
            outcome = Labelled(image, EXIT_OK, record=label_one(image, out, annotator, perceiver))
        except GhostError as exc:
            outcome = Labelled(image, exc.code, str(exc))
        except Exception as exc:  # one bad screenshot must not stop the others
            outcome = Labelled(image, 1, f"{image}: {type(exc).__name__}: {exc}")
        outcomes.append(outcome)
        if outcome.record is not None:
            records.append(outcome.record)
        failed = [(o.image.name, o.message) for o in outcomes if o.code]
        atomic.write_text(out, "".join(json.dumps(r) + "\n" for r in records))
        atomic.write_text(review, review_markdown(out, records, failed))
        if on_progress:
            on_progress(outcome)
    return outcomes
