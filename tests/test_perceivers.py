"""Perceivers: the built-in registers through the hook and reads exactly as before; a plugin's
OCR is chosen by name (flag or GHOST_PERCEIVER) and `ghost infer` runs on what it read."""

from __future__ import annotations

import json
import sys
import types

import pytest
from conftest import ROOT, make_plugin_project, pip_install_target, run_ghost
from PIL import Image
from test_plugin_docs import snippets

from ghost_architect.errors import UsageError
from ghost_architect.perception import (
    PERCEIVER_ENV,
    get_perceiver,
    perceive,
    perceiver_name,
)
from ghost_architect.plugins import build_plugin_manager, registry

FIXTURE = ROOT / "tests" / "fixtures" / "perception" / "filled-fields.png"

FAKE_OCR = """
from ghost_architect.hookspecs import hookimpl
from ghost_architect.perception.geometry import Rect
from ghost_architect.perception.ocr import TextBox

ROWS = [("Name", "Email", "Joined"), ("Ada Lovelace", "ada@example.com", "2024-01-05"),
        ("Alan Turing", "alan@example.com", "2023-11-30")]


class FixedOcr:
    name = "fixed-ocr"
    description = "always reads the same customers table"

    def read_text(self, rgb):
        boxes = [TextBox(Rect(40, 20, 200, 50), "Customers")]
        for r, row in enumerate(ROWS):
            for c, text in enumerate(row):
                x = 40 + 260 * c
                boxes.append(TextBox(Rect(x, 100 + 40 * r, x + 12 * len(text), 120 + 40 * r), text))
        return boxes


@hookimpl
def register_perceivers(register):
    register(FixedOcr())
"""


def test_the_builtin_registers_through_the_hook():
    pm = build_plugin_manager(load_entry_points=False)
    assert pm.registry("perceivers").owners["rapidocr"] == "ghost_architect.builtin.perceivers"
    assert not pm.warnings


def test_the_default_path_reads_exactly_what_perception_read_before():
    """The layout through the registry equals the one the direct calls (OCR, glyph-trimmed
    boxes into the element detector, assembly) give, field for field."""
    from ghost_architect.perception import as_rgb
    from ghost_architect.perception.assemble import build_layout
    from ghost_architect.perception.controls import glyph_trimmed
    from ghost_architect.perception.elements import detect_elements
    from ghost_architect.perception.ocr import read_boxes
    from ghost_architect.perception.pixels import vertical_dividers

    rgb = as_rgb(Image.open(FIXTURE))
    texts = read_boxes(rgb)
    direct = build_layout(
        rgb, texts, detect_elements(rgb, [glyph_trimmed(t) for t in texts]), vertical_dividers(rgb)
    )
    assert perceiver_name() == "rapidocr"
    routed = perceive(Image.open(FIXTURE))
    assert repr(routed) == repr(direct) and routed.to_text() == direct.to_text()
    assert routed.words()


def test_an_unknown_perceiver_is_one_line_listing_the_known(monkeypatch):
    monkeypatch.delenv(PERCEIVER_ENV, raising=False)
    with pytest.raises(UsageError, match=r"unknown perceiver 'nope' \(choose one of: rapidocr"):
        get_perceiver("nope")
    monkeypatch.setenv(PERCEIVER_ENV, "fromenv")
    with pytest.raises(UsageError, match=r"'fromenv' \(from GHOST_PERCEIVER\)"):
        get_perceiver()
    assert get_perceiver("rapidocr") is registry("perceivers")["rapidocr"]


def test_ghost_infer_reads_with_a_plugin_ocr(tmp_path):
    """A blank image holds no text: a schema comes out only if the plugin's OCR was used, by
    --perceiver or by GHOST_PERCEIVER; `ghost plugins` lists it."""
    site = tmp_path / "site"
    pip_install_target(
        make_plugin_project(tmp_path, "ghost-fixed-ocr", "ghost_fixed_ocr", FAKE_OCR), site
    )
    blank = tmp_path / "blank.png"
    Image.new("RGB", (900, 400), "white").save(blank)
    args = ("infer", str(blank), "--engine", "heuristic", "--format", "json")
    by_flag = run_ghost(*args, "--perceiver", "fixed-ocr", pythonpath=site)
    assert by_flag.returncode == 0, by_flag.stderr
    tables = json.loads(by_flag.stdout)["tables"]
    assert [t["name"] for t in tables] == ["customers"]
    assert {"name", "email", "joined"} <= {c["name"] for c in tables[0]["columns"]}
    by_env = run_ghost(*args, pythonpath=site, env={PERCEIVER_ENV: "fixed-ocr"})
    assert by_env.returncode == 0 and json.loads(by_env.stdout) == json.loads(by_flag.stdout)
    default = run_ghost(*args, pythonpath=site)
    assert default.returncode == 3 and "nothing readable" in default.stderr
    unknown = run_ghost(*args, "--perceiver", "tesseract", pythonpath=site)
    assert unknown.returncode == 2
    assert "unknown perceiver 'tesseract' (choose one of: rapidocr, fixed-ocr)" in unknown.stderr
    perceived = tmp_path / "text.jsonl"
    samples = ROOT / "data" / "samples" / "val.jsonl"
    workers = run_ghost("data", "perceive", str(samples), "--out", str(perceived),
                        "--perceiver", "fixed-ocr", "--workers", "2", pythonpath=site)  # fmt: skip
    assert workers.returncode == 0, workers.stderr  # the worker processes read with it too
    prompt = json.loads(perceived.read_text().splitlines()[0])["messages"][1]["content"]
    # the fixed boxes lie over the sample's real table (its header checkbox under "Alan Turing")
    assert (
        "## table\n| Name | Email | Joined |\n| Ada Lovelace | ada@example.com | 2024-01-05 |"
        in prompt
    )
    listed = run_ghost("plugins", "--json", pythonpath=site)
    rows = {r["name"]: r for r in json.loads(listed.stdout)}
    assert rows["ghost_fixed_ocr"]["contributes"] == {"perceivers": ["fixed-ocr"]}


def test_the_documented_perceiver_reads_text(monkeypatch):
    """The Tesseract example of docs/plugins.md registers cleanly and turns Tesseract's words
    (a stand-in module here) into one text box per line."""
    docs = snippets()
    pm = build_plugin_manager(load_entry_points=False)
    pm.register(docs["ghost_tesseract"], name="ghost_tesseract")
    assert pm.registry("perceivers").owners["tesseract"] == "ghost_tesseract"
    assert not pm.warnings
    words = {"text": ["Email", "address", "", "Save"], "conf": ["96", "91", "-1", "88"],
             "block_num": [1, 1, 1, 2], "par_num": [1, 1, 1, 1], "line_num": [1, 1, 1, 1],
             "left": [10, 60, 0, 10], "top": [5, 6, 0, 50], "width": [45, 60, 0, 40],
             "height": [14, 13, 0, 14]}  # fmt: skip
    fake = types.SimpleNamespace(
        Output=types.SimpleNamespace(DICT="dict"), image_to_data=lambda rgb, output_type: words
    )
    monkeypatch.setitem(sys.modules, "pytesseract", fake)
    boxes = docs["ghost_tesseract"].TesseractPerceiver().read_text(None)
    assert [(b.text, b.rect.x0, b.rect.x1, b.rect.y1) for b in boxes] == [
        ("Email address", 10, 120, 19),
        ("Save", 10, 50, 64),
    ]
