"""Screens showing several related records (record and entry pages, drawn by --related): linked
gold, references on show, seeded, and every set drawn without them unchanged."""

from __future__ import annotations

import json
import random
from collections import Counter

from conftest import assert_ddl_executes, run_ghost

from ghost_architect.data.synth.catalogue import DOMAINS
from ghost_architect.data.synth.families import RELATED_KINDS, first_columns
from ghost_architect.data.synth.generate import Mix, domain_splits, sample_screen
from ghost_architect.data.synth.procedural import procedural_domain
from ghost_architect.data.synth.screens import SCREEN_KINDS, ScreenSampler


def domains(count: int):
    """Catalogue domains and procedural ones, alternately."""
    for i in range(count):
        if i % 2:
            yield procedural_domain(random.Random(f"related:{i}"), f"r{i}")
        else:
            yield DOMAINS[i % len(DOMAINS)]


def test_related_pages_link_a_parent_to_its_children_with_references_on_show():
    kinds: Counter = Counter()
    for i, domain in enumerate(domains(160)):
        screen = ScreenSampler(domain, i).sample(f"r{i}", RELATED_KINDS[i % 2])
        kinds[screen.kind] += 1
        if screen.kind not in RELATED_KINDS:
            continue  # a domain where no entity is referred to falls back
        assert_ddl_executes(screen.gold.to_sql())
        gold = {t.name: t for t in screen.gold.tables}
        parent, *children = screen.blocks
        assert parent.kind == ("details" if screen.kind == "record" else "form")
        assert children and all(b.kind == "table" for b in children)
        for block in children:
            spec = domain.table(block.table)
            links = [c.name for c in spec.columns if c.column.references == (parent.table, "id")]
            assert links and set(links[:1]) <= set(gold[block.table].column_names())
            others = [
                c.name
                for c in spec.columns
                if c.column.references and c.column.references[0] != parent.table
            ]
            assert set(others[:5]) <= set(block.columns), (screen.id, block.table, others)
            for name in others[:5]:
                assert domain.table(spec.spec(name).column.references[0]).name in gold
        shown = {w.column for w in parent.widgets}
        refs = [c.name for c in domain.table(parent.table).columns if c.column.references]
        if screen.kind == "record":
            assert set(refs) <= shown, (screen.id, refs, shown)
        text = screen.layout().to_text()
        assert all(h in text for b in children for h in b.headers)
    assert kinds["record"] >= 50 and kinds["entry"] >= 50, kinds


def test_first_columns_keeps_order_and_puts_references_first():
    table = next(t for t in DOMAINS[0].tables if any(c.column.references for c in t.columns))
    columns = [c for c in table.columns if c.name != "id"]
    refs = [c for c in columns if c.column.references]
    assert first_columns(columns, 1) == columns[:1]
    picked = first_columns(columns, len(refs), refs=True)
    assert picked == refs
    wider = first_columns(columns, len(refs) + 1, refs=True)
    assert all(c in wider for c in refs) and len(wider) == len(refs) + 1
    assert wider == [c for c in columns if c in wider]


def test_related_share_changes_only_the_screens_it_draws():
    splits = domain_splits()
    drawn = 0
    for i in range(80):
        plain = sample_screen(i, 9, SCREEN_KINDS, DOMAINS, Mix(0.5), splits)
        assert sample_screen(i, 9, SCREEN_KINDS, DOMAINS, Mix(0.5, 0.0), splits) == plain
        mixed = sample_screen(i, 9, SCREEN_KINDS, DOMAINS, Mix(0.5, 0.4), splits)
        if mixed.kind == plain.kind and mixed.gold == plain.gold:
            continue
        drawn += 1
        assert mixed.kind in (*RELATED_KINDS, "master_detail", "form"), mixed.kind
        assert mixed.domain == plain.domain
    assert 18 <= drawn <= 48, drawn


def test_cli_related_option_is_seeded_named_in_the_card_and_checked(tmp_path):
    args = ("data", "synth", "--n", "12", "--seed", "6", "--renderer", "pillow")
    for out in ("a", "b"):
        result = run_ghost(*args, "--related", "1", "--out", str(tmp_path / out))
        assert result.returncode == 0, result.stderr
    for name in ("train.jsonl", "val.jsonl", "test.jsonl", "README.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    records = [
        json.loads(line)
        for split in ("train", "val", "test")
        for line in (tmp_path / "a" / f"{split}.jsonl").read_text().splitlines()
    ]
    assert sum(r["kind"] in RELATED_KINDS for r in records) >= 9
    assert "--related 1`" in (tmp_path / "a" / "README.md").read_text()
    result = run_ghost(*args, "--related", "1.5", "--out", str(tmp_path / "c"))
    assert result.returncode == 2 and "--related" in result.stderr
    result = run_ghost(*args, "--kinds", "record,entry", "--out", str(tmp_path / "d"))
    assert result.returncode == 0, result.stderr
