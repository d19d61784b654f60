"""The hand-made benchmark is complete and consistent: every page has its screenshot, gold DDL
that parses and executes, a well-formed fields file, and the index lists them all."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

BENCH = ROOT / "data" / "benchmark"


def test_benchmark_files_are_complete_and_valid():
    result = subprocess.run([sys.executable, "scripts/build_benchmark.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "44 screens OK" in result.stdout


def test_benchmark_covers_what_people_ship():
    meta = [json.loads(p.read_text()) for p in sorted((BENCH / "fields").glob("*.json"))]
    assert len(meta) >= 40
    assert sum(m["dense"] for m in meta) >= 10
    assert {m["theme"] for m in meta} == {"light", "dark"}
    kinds = {m["kind"] for m in meta}
    assert {"form", "settings", "wizard", "modal", "table", "detail", "master_detail",
            "dashboard"} <= kinds  # fmt: skip
    widgets = {f["widget"] for m in meta for f in m["fields"]}
    assert {"input", "select", "checkbox", "radio", "toggle", "textarea", "text"} <= widgets
