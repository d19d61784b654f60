"""The review file of `ghost data annotate`: a Markdown page a person reads beside the
screenshots, one table row and one section per record, before correcting the records file.

Everything an annotator said is untrusted: it is escaped for table cells and fenced so that no
reply can add links, HTML or headings to the page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote


def cell(text: str) -> str:
    """``text`` as one Markdown table cell: one line, pipes and angle brackets escaped."""
    flat = " ".join(str(text).split())
    return flat.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def fenced(text: str, info: str = "") -> str:
    """``text`` in a code fence longer than any run of backticks inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text.rstrip()}\n{fence}\n"


def _tables(sql: str) -> str:
    names = re.findall(r'CREATE TABLE\s+("[^"]*"|\S+)', sql)
    return ", ".join(n.strip('"') for n in names) or "-"


def review_markdown(out: Path, records: list[dict[str, Any]], failed: list[tuple[str, str]]) -> str:
    """The review page of ``records`` (written to ``out``) and of the screenshots that failed."""
    lines = [
        f"# Review of {cell(out.name)}",
        "",
        f"Check each schema against its screenshot and correct the `sql` field of its record in "
        f"`{cell(out.name)}` before training; `ghost data validate {cell(out.name)}` checks the "
        "file. Screenshots listed as failed are not in it: run `ghost data annotate` again to "
        "retry them, or add their records by hand.",
        "",
        "| screenshot | status | tables | to check |",
        "| --- | --- | --- | --- |",
    ]
    for record in records:
        checks = "; ".join([*record.get("checks", []), *filter(None, [record.get("notes")])])
        lines.append(
            f"| {cell(record['image'])} | labelled by {cell(record.get('model') or '-')} | "
            f"{cell(_tables(record['sql']))} | {cell(checks) or '-'} |"
        )
    for name, why in failed:
        lines.append(f"| {cell(name)} | failed | - | {cell(why)} |")
    lines.append("")
    for record in records:
        image = record["image"]
        lines += [f"## {cell(record['id'])}", "", f"![{cell(image)}]({quote(image)})", ""]
        lines.append(fenced(record["sql"], "sql"))
        if record.get("notes"):
            lines += ["Annotator's notes:", "", fenced(record["notes"])]
    return "\n".join(lines).rstrip() + "\n"
