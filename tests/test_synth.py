"""The synthetic screenshot -> schema generator: determinism, valid gold SQL, domain splits."""

from __future__ import annotations

import filecmp
import json
import sqlite3
from pathlib import Path

import pytest
import sqlglot
from conftest import ROOT, run_ghost
from PIL import Image

from ghost_architect.data.synth.catalogue import DOMAINS, domain_schema
from ghost_architect.data.synth.generate import domain_splits, generate
from ghost_architect.data.synth.render_html import ChromiumRenderer
from ghost_architect.data.synth.render_pillow import PillowRenderer
from ghost_architect.data.synth.screens import SCREEN_KINDS, ScreenSampler


def same_tree(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(a / d, b / d) for d in cmp.common_dirs)


@pytest.fixture(scope="module")
def synth_200(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "a"
    result = run_ghost("data", "synth", "--n", "200", "--seed", "1", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_same_seed_gives_identical_files(synth_200, tmp_path):
    again = tmp_path / "b"
    result = run_ghost("data", "synth", "--n", "200", "--seed", "1", "--out", str(again))
    assert result.returncode == 0
    assert same_tree(synth_200, again)
    other = tmp_path / "c"
    run_ghost("data", "synth", "--n", "5", "--seed", "2", "--out", str(other))
    assert (other / "gold").exists()
    assert not filecmp.cmp(synth_200 / "train.jsonl", other / "train.jsonl", shallow=False)


def test_every_gold_sql_parses_and_executes(synth_200):
    golds = sorted((synth_200 / "gold").glob("*.sql"))
    assert len(golds) == 200
    for path in golds:
        sql = path.read_text()
        statements = sqlglot.parse(sql, read="sqlite")
        assert statements and all(s.key == "create" for s in statements)
        connection = sqlite3.connect(":memory:")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.executescript(sql)


def test_gold_matches_what_is_visible(synth_200):
    for path in sorted((synth_200 / "visible").glob("*.json"))[:60]:
        visible = json.loads(path.read_text())
        sql = (synth_200 / "gold" / f"{visible['id']}.sql").read_text()
        for table, columns in visible["tables"].items():
            assert f"CREATE TABLE {table} (" in sql
            for column in columns:
                assert f"\n  {column} " in sql
        shown = {f["column"] for b in visible["blocks"] for f in b["fields"]}
        shown |= {c for b in visible["blocks"] for c in b["columns"]}
        all_columns = {c for cols in visible["tables"].values() for c in cols}
        assert shown <= all_columns


def test_splits_are_by_domain_and_cover_kinds(synth_200):
    domain_split: dict[str, str] = {}
    kinds = set()
    for split in ("train", "val", "test"):
        for line in (synth_200 / f"{split}.jsonl").read_text().splitlines():
            record = json.loads(line)
            assert domain_split.setdefault(record["domain"], split) == split
            kinds.add(record["kind"])
            assert (synth_200 / record["image"]).is_file()
    assert set(domain_split.values()) == {"train", "val", "test"}
    assert kinds == set(SCREEN_KINDS)
    splits = domain_splits()
    assert sum(s == "test" for s in splits.values()) >= 5


def test_generated_sets_validate_clean(synth_200):
    for name in ("test.jsonl", "text-val.jsonl"):
        result = run_ghost("data", "validate", str(synth_200 / name), "--tokenizer", "none")
        assert result.returncode == 0, result.stdout


def test_images_are_real_varied_screens(synth_200):
    sizes, dark = set(), 0
    for path in sorted((synth_200 / "images").glob("*.png"))[:40]:
        with Image.open(path) as image:
            sizes.add(image.size[0])
            dark += image.convert("L").getpixel((image.width - 5, image.height - 5)) < 80
            assert image.height > 200
    assert len(sizes) >= 3 and 0 < dark < 40
    assert (synth_200 / "contact-sheet.png").is_file()


def test_catalogue_has_30_domains_with_valid_full_schemas():
    assert len(DOMAINS) >= 30
    for domain in DOMAINS:
        sqlite3.connect(":memory:").executescript(domain_schema(domain).to_sql())


def test_committed_samples_are_reproducible(tmp_path):
    """data/samples was made by `ghost data synth --n 20 --seed 8`: the text files match."""
    out = tmp_path / "samples"
    run_ghost("data", "synth", "--n", "20", "--seed", "8", "--out", str(out))
    committed = ROOT / "data" / "samples"
    for sub in ("gold", "visible"):
        for path in (committed / sub).iterdir():
            assert path.read_text() == (out / sub / path.name).read_text(), path.name
    for name in ("train.jsonl", "val.jsonl", "test.jsonl", "text-train.jsonl"):
        assert (committed / name).read_text() == (out / name).read_text()


def test_existing_output_needs_overwrite_and_bad_options_fail(synth_200):
    result = run_ghost("data", "synth", "--n", "2", "--out", str(synth_200))
    assert result.returncode == 1 and "already exists (pass --overwrite" in result.stderr
    result = run_ghost("data", "synth", "--n", "2", "--renderer", "svg", "--out", "/tmp/x")
    assert result.returncode == 1 and "unknown renderer 'svg'" in result.stderr
    result = run_ghost("data", "synth", "--n", "2", "--kinds", "wizard", "--out", "/tmp/x")
    assert result.returncode == 1 and "unknown kind 'wizard'" in result.stderr


def test_interrupted_generation_leaves_nothing(tmp_path):
    class Exploding(PillowRenderer):
        def render(self, screen, path):
            if screen.id.endswith("3"):
                raise KeyboardInterrupt
            super().render(screen, path)

    out = tmp_path / "partial"
    with pytest.raises(KeyboardInterrupt):
        generate(10, 1, out, Exploding())
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_html_renderer_renders_or_says_why(tmp_path):
    renderer = ChromiumRenderer()
    reason = renderer.unavailable_reason()
    if reason:
        pytest.skip(f"html renderer unavailable: {reason}")
    screen = ScreenSampler(DOMAINS[0], 3).sample("h", "table")
    renderer.render(screen, tmp_path / "h.png")
    with Image.open(tmp_path / "h.png") as image:
        assert image.width == screen.theme.width and 150 < image.height < 2400


def test_html_renderer_absent_is_a_clean_error(tmp_path):
    result = run_ghost(
        "data",
        "synth",
        "--n",
        "2",
        "--renderer",
        "html",
        "--out",
        str(tmp_path / "h"),
        env={"GHOST_CHROMIUM": "/nonexistent/chromium"},
    )
    assert result.returncode == 1
    assert "renderer 'html' is unavailable: no chromium binary found" in result.stderr
    assert not (tmp_path / "h").exists()


def test_formats_command_lists_formats_and_renderers():
    result = run_ghost("data", "formats")
    assert result.returncode == 0
    for name in ("alpaca", "sharegpt", "messages", "ghost-vision", "pillow", "html"):
        assert name in result.stdout
