"""Procedural domains of the synthetic generator: seeded, valid DDL, no catalogue collisions,
train only (val/test unchanged), and many more distinct train schemas than the catalogue gives."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from conftest import assert_ddl_executes, run_ghost
from faker import Faker

from ghost_architect.data.synth.catalogue import DISPLAY_KINDS, DOMAINS, domain_schema
from ghost_architect.data.synth.generate import Mix, domain_splits, generate, sample_screen
from ghost_architect.data.synth.procedural import (
    PREFIX,
    VOCABULARY,
    is_procedural,
    procedural_domain,
)
from ghost_architect.data.synth.render_pillow import PillowRenderer
from ghost_architect.data.synth.screens import SCREEN_KINDS, ScreenSampler
from ghost_architect.data.synth.values import ValueMaker
from ghost_architect.errors import GhostError
from ghost_architect.schema.names import quote


def domains(count: int, seed: int = 0):
    for i in range(count):
        yield procedural_domain(random.Random(f"{seed}:{i}"), str(i))


def test_same_seed_gives_the_same_domain():
    first = [(d.name, d.app, domain_schema(d).to_sql()) for d in domains(30, seed=7)]
    again = [(d.name, d.app, domain_schema(d).to_sql()) for d in domains(30, seed=7)]
    other = [(d.name, d.app, domain_schema(d).to_sql()) for d in domains(30, seed=8)]
    assert first == again
    assert sum(a[2] != b[2] for a, b in zip(first, other, strict=True)) >= 28


def test_procedural_domains_have_valid_ddl_and_catalogue_shapes():
    links = fks = 0
    for domain in domains(400):
        assert_ddl_executes(domain_schema(domain).to_sql())
        assert 2 <= len(domain.tables) <= 5
        assert len({t.name for t in domain.tables}) == len(domain.tables)
        for table in domain.tables:
            columns = [c for c in table.columns if c.name != "id"]
            assert 3 <= len(columns) <= 9 or table.is_link, table
            assert len({c.name for c in table.columns}) == len(table.columns)
            if table.is_link:
                links += 1
                assert all(table.spec(k).column.references for k in table.primary_key)
            else:
                assert table.primary_key == ("id",) and columns[0].kind in (*DISPLAY_KINDS, "first")
                assert not columns[0].column.nullable
        entity_fks = [
            c for t in domain.tables if not t.is_link for c in t.columns if c.column.references
        ]
        assert 1 <= len(entity_fks) <= 4  # every domain refers to another record at least once
        fks += len(entity_fks)
    assert 40 <= links <= 150 and fks >= 650


def test_names_never_collide_with_the_catalogue():
    catalogue_names = {d.name for d in DOMAINS}
    catalogue_apps = {d.app for d in DOMAINS}
    assert not any(is_procedural(name) for name in catalogue_names)
    made = list(domains(300))
    assert all(d.name.startswith(PREFIX) and d.name not in catalogue_names for d in made)
    assert not {d.app for d in made} & catalogue_apps
    for domain in made:
        for table in domain.tables:
            assert quote(table.name) == table.name
            assert all(quote(c.name) == c.name for c in table.columns)


def test_vocabulary_is_broad_and_every_archetype_gets_values():
    entities = {e.table for area in VOCABULARY.areas for e in area.entities}
    archetypes = [a for g in VOCABULARY.groups.values() for a in g]
    archetypes += [a for area in VOCABULARY.areas for a in area.columns]
    assert len(VOCABULARY.areas) >= 25 and len(entities) >= 250 and len(archetypes) >= 300
    rng = random.Random(1)
    faker = Faker("en_US")
    faker.seed_instance(1)
    maker = ValueMaker(rng, faker)
    for domain in domains(200):
        for table in domain.tables:
            for spec in table.columns:
                if spec.kind not in ("secret", "fk") and spec.name != "id":
                    assert maker.value(spec, {}).strip(), spec


def test_every_family_works_or_falls_back_on_procedural_domains():
    shown: Counter = Counter()
    for i, domain in enumerate(domains(360, seed=3)):
        asked = SCREEN_KINDS[i % len(SCREEN_KINDS)]
        screen = ScreenSampler(domain, i).sample(f"p{i}", asked)
        assert_ddl_executes(screen.gold.to_sql())
        assert screen.layout().to_text()
        shown[screen.kind] += 1
        if screen.kind == "account":
            assert any(c.name == "password_hash" for t in screen.gold.tables for c in t.columns)
    assert set(shown) == set(SCREEN_KINDS)
    assert shown["account"] >= 5 and shown["master_detail"] >= 15


def distinct_train_schemas(procedural: float, count: int = 300) -> tuple[int, int]:
    splits = domain_splits()
    train = [
        s
        for i in range(count)
        if (s := sample_screen(i, 3, SCREEN_KINDS, DOMAINS, Mix(procedural), splits))
        and (is_procedural(s.domain) or splits[s.domain] == "train")
    ]
    return len(train), len({s.gold.to_sql() for s in train})


def test_procedural_screens_grow_distinct_train_schemas():
    screens, plain = distinct_train_schemas(0.0)
    same, mixed = distinct_train_schemas(0.5)
    assert screens == same  # train keeps its size: procedural screens replace catalogue ones
    assert mixed >= plain * 1.25, (plain, mixed)


def read(out: Path, name: str) -> list[dict]:
    return [json.loads(line) for line in (out / name).read_text().splitlines()]


def test_procedural_screens_only_in_train_and_val_test_unchanged(tmp_path):
    plain = generate(40, 3, tmp_path / "plain", PillowRenderer())
    mixed = generate(40, 3, tmp_path / "mixed", PillowRenderer(), mix=Mix(procedural=0.6))
    assert plain.procedural == 0 and mixed.procedural >= 8
    assert plain.by_split == mixed.by_split
    for name in ("val.jsonl", "test.jsonl", "text-val.jsonl", "text-test.jsonl"):
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "mixed" / name).read_bytes()
    train = read(tmp_path / "mixed", "train.jsonl")
    assert sum(is_procedural(r["domain"]) for r in train) == mixed.procedural
    for split in ("val", "test"):
        assert not any(
            is_procedural(r["domain"]) for r in read(tmp_path / "mixed", f"{split}.jsonl")
        )
    for record in train:
        assert_ddl_executes(record["sql"])
    card = (tmp_path / "mixed" / "README.md").read_text()
    assert "--procedural 0.6`" in card and f"{mixed.procedural} of the" in card
    assert "procedural" not in (tmp_path / "plain" / "README.md").read_text()


def test_cli_option_is_seeded_and_checked(tmp_path):
    args = ("data", "synth", "--n", "6", "--seed", "4", "--renderer", "pillow")
    for out in ("a", "b"):
        result = run_ghost(*args, "--procedural", "1", "--out", str(tmp_path / out))
        assert result.returncode == 0, result.stderr
    for name in ("train.jsonl", "val.jsonl", "test.jsonl", "README.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert any(is_procedural(r["domain"]) for r in read(tmp_path / "a", "train.jsonl"))
    result = run_ghost(*args, "--procedural", "1.5", "--out", str(tmp_path / "c"))
    assert result.returncode == 2 and "--procedural" in result.stderr


def test_splits_option_writes_only_those_screens_with_their_full_set_ids(tmp_path):
    full = generate(30, 5, tmp_path / "full", PillowRenderer(), mix=Mix(procedural=0.5))
    only = generate(
        12, 5, tmp_path / "train", PillowRenderer(), mix=Mix(procedural=0.5), only=("train",)
    )
    assert dict(only.by_split) == {"train": 12} and full.by_split["train"] >= 12
    kept = read(tmp_path / "train", "train.jsonl")
    assert [r["id"] for r in kept] == [r["id"] for r in read(tmp_path / "full", "train.jsonl")[:12]]
    assert not (tmp_path / "train" / "val.jsonl").exists()
    assert len(list((tmp_path / "train" / "images").glob("*.png"))) == 12
    assert "--splits train`" in (tmp_path / "train" / "README.md").read_text()
    val_only = tuple(d for d in DOMAINS if domain_splits()[d.name] == "val")
    with pytest.raises(GhostError, match="none of the given domains"):  # never a search for ever
        generate(3, 5, tmp_path / "none", PillowRenderer(), domains=val_only, only=("train",))
    assert not (tmp_path / "none").exists()
    args = ("data", "synth", "--n", "2", "--renderer", "pillow", "--out", str(tmp_path / "bad"))
    result = run_ghost(*args, "--splits", "train,holdout")
    assert result.returncode == 2 and "unknown split 'holdout'" in result.stderr
