"""Grounding replayed on an eval's cases: each case's model reply scored as written and after
`ground_schema` against the layout text the model read, paired per case (A grounded, B as
written). Not a test.

    ghost data perceive data/devset/devset.jsonl --out /tmp/devset-text.jsonl
    python benchmarks/grounding.py CASES.jsonl@CONTENDER /tmp/devset-text.jsonl \\
        data/devset/devset.jsonl --out benchmarks/results/grounding-devset.json

CASES.jsonl is a `ghost eval` report (its `prediction` is each raw reply, grounded or not); the
text file is `ghost data perceive`'s output for the same screens (the model's input).
"""

from __future__ import annotations

import argparse
import json
import platform
from datetime import date
from pathlib import Path

from paired import compare, per_case

from ghost_architect import atomic
from ghost_architect.grounding import ground_schema
from ghost_architect.prompts import layout_of
from ghost_architect.schema.pipeline import schema_from_text
from ghost_architect.schema.score import score


def replay(cases: dict[str, dict], texts: dict[str, str], golds: dict[str, str]) -> dict:
    """Per case: the raw reply's scores and the grounded schema's, with what grounding changed."""
    raw: dict[str, dict] = {}
    grounded: dict[str, dict] = {}
    changes = {"dropped": 0, "added": 0}
    for key, case in cases.items():
        gold, _ = schema_from_text(golds[key])
        schema, report = schema_from_text(case["prediction"])
        parsed = schema if report.parsed else None
        raw[key] = score(parsed, gold, report.executes).as_dict()
        if report.parsed:
            change = ground_schema(schema, texts[key])
            changes["dropped"] += len(change.dropped)
            changes["added"] += len(change.added)
        grounded[key] = score(parsed, gold, report.executes).as_dict()
    return {"changes": changes, **compare(grounded, raw)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "cases", help="cases.jsonl of `ghost eval` (FILE@CONTENDER for one of several)"
    )
    parser.add_argument("texts", type=Path, help="`ghost data perceive` output for the screens")
    parser.add_argument("gold", type=Path, help="the ghost-vision file with the gold sql")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    texts = {}
    for line in args.texts.read_text().splitlines():
        record = json.loads(line)
        texts[record["id"]] = layout_of(record["messages"])
    golds = {}
    for line in args.gold.read_text().splitlines():
        record = json.loads(line)
        golds[record["id"]] = record["sql"]
    result = replay(per_case(args.cases), texts, golds)
    result["command"] = "python benchmarks/grounding.py " + " ".join(
        [args.cases, str(args.texts), str(args.gold)]
    )
    result["machine"] = f"{platform.machine()}, date {date.today()}"
    print(json.dumps(result, indent=1))
    if args.out:
        atomic.write_json(args.out, result)


if __name__ == "__main__":
    main()
