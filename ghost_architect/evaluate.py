"""`ghost eval`: score predicted schemas against gold DDL, per case and in summary with bootstrap
95% confidence intervals. Unparseable predictions score 0 and stay in every mean."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ghost_architect import atomic
from ghost_architect.errors import GhostError, UnreadableInput
from ghost_architect.infer import infer, perceive_image
from ghost_architect.schema.pipeline import schema_from_text
from ghost_architect.schema.score import score

METRICS = ("parsed", "executes", "table_f1", "column_f1", "type_accuracy", "pk_match", "fk_f1",
           "exact")  # fmt: skip


@dataclass
class Contender:
    label: str  # e.g. "llamacpp:tuned", "heuristic"
    engine: Any
    model: str | None


def bootstrap_ci(values: list[float], resamples: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% percentile bootstrap interval of the mean."""
    if not values:
        return (0.0, 0.0)
    data = np.array(values, dtype=float)
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, len(data), (resamples, len(data)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def load_cases(path: Path, limit: int = 0) -> list[dict[str, Any]]:
    if not path.is_file():
        raise GhostError(
            f"{path}: no such file", "pass a ghost-vision split, e.g. data/samples/test.jsonl"
        )
    cases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    bad = [i + 1 for i, c in enumerate(cases) if "image" not in c or "sql" not in c]
    if bad:
        raise GhostError(f"{path}: record {bad[0]} lacks image or sql", "use a ghost-vision file")
    return cases[:limit] if limit else cases


def evaluate(
    path: Path,
    contenders: list[Contender],
    out: Path,
    limit: int = 0,
    progress=None,
    ground: bool = True,
):
    """Every contender on every case; ``prediction`` is each raw reply and ``schema`` the SQL
    scored (after repair and, with ``ground``, grounding in the screen text)."""
    from ghost_architect.serving.engine import default_model, supports_images

    cases = load_cases(path, limit)
    # each contender's model, resolved once; a vision contender reads the screenshot itself:
    # OCR runs only for the text ones, and a screenshot OCR finds no words in is a miss for them
    models = {c.label: c.model or default_model(c.engine) for c in contenders}
    vision = {c.label: supports_images(c.engine, models[c.label]) for c in contenders}
    rows: list[dict[str, Any]] = []
    for case in cases:
        gold, _ = schema_from_text(case["sql"])
        image = path.parent / case["image"]
        seen, unreadable = None, ""
        if not all(vision.values()):
            try:
                seen = perceive_image(image)  # once per screenshot, shared by the text contenders
            except UnreadableInput as exc:  # scored as a miss, never skipped
                unreadable = str(exc)
        for contender in contenders:
            source = image if vision[contender.label] else seen
            try:
                if source is None:
                    raise UnreadableInput(unreadable)
                result = infer(source, contender.engine, models[contender.label], ground=ground)
            except UnreadableInput as exc:
                got, seconds, text = score(None, gold, False), 0.0, f"(unreadable: {exc})"
                scored = ""
            else:
                parsed = result.report.parsed
                got = score(result.schema if parsed else None, gold, result.report.executes)
                seconds, text = sum(result.timings.values()), result.text
                scored = result.schema.to_sql() if parsed else ""
            rows.append({"id": case.get("id", image.stem), "contender": contender.label,
                         **got.as_dict(), "seconds": round(seconds, 3),
                         "prediction": text, "schema": scored})  # fmt: skip
            if progress:
                progress()
    summary = summarise(rows, [c.label for c in contenders])
    out.mkdir(parents=True, exist_ok=True)
    atomic.write_text(out / "cases.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    atomic.write_json(out / "summary.json", summary)
    return summary


def summarise(rows: list[dict[str, Any]], labels: list[str]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for label in labels:
        mine = [r for r in rows if r["contender"] == label]
        entry: dict[str, Any] = {"cases": len(mine)}
        for metric in METRICS:
            values = [float(r[metric]) for r in mine]
            low, high = bootstrap_ci(values)
            entry[metric] = {"mean": round(float(np.mean(values)) if values else 0.0, 4),
                             "ci95": [round(low, 4), round(high, 4)]}  # fmt: skip
        entry["seconds_per_case"] = round(float(np.mean([r["seconds"] for r in mine])), 3)
        summary[label] = entry
    return summary
