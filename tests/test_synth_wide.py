"""Wide procedural domains (`ghost data synth --wide`): dense records of 8-22 columns that pick
lookups from selects, as real admin screens do; seeded, valid, and off by default."""

from __future__ import annotations

import random
import re
from collections import Counter

from conftest import assert_ddl_executes

from ghost_architect.data.synth.catalogue import domain_schema
from ghost_architect.data.synth.generate import Mix, generate
from ghost_architect.data.synth.procedural import VOCABULARY, plural, procedural_domain
from ghost_architect.data.synth.render_pillow import PillowRenderer
from ghost_architect.data.synth.screens import SCREEN_KINDS, ScreenSampler
from ghost_architect.schema.names import singular


def wide_domains(count: int, seed: int = 0):
    for i in range(count):
        yield procedural_domain(random.Random(f"{seed}:{i}"), str(i), wide=True)


def test_wide_domains_have_wide_records_that_pick_lookups():
    widths: list[int] = []
    own_types = 0
    for domain in wide_domains(300):
        assert_ddl_executes(domain_schema(domain).to_sql())
        lookups = [t for t in domain.tables if t.lookup]
        records = [t for t in domain.tables if not t.lookup]
        assert 1 <= len(lookups) <= 4 and 1 <= len(records) <= 3
        assert domain.tables[: len(lookups)] == tuple(lookups)  # referenced before referring
        for table in lookups:
            assert [c.name for c in table.columns][1] in ("name", "full_name")
            assert len(table.columns) <= 3
        picked = {c.column.references[0] for t in records for c in t.columns if c.column.references}
        assert {t.name for t in lookups} <= picked  # every lookup is picked by some record
        for table in records:
            names = [c.name for c in table.columns]
            assert len(set(names)) == len(names)
            # a record never has both a lookup's key and a plain column of the lookup's name
            assert not {singular(t.name) for t in lookups} & set(names)
            widths.append(len(names) - 1)
        own_types += any(t.name.startswith(singular(records[0].name)) for t in lookups)
    assert min(widths) >= 8 and max(widths) >= 20
    assert sum(w >= 12 for w in widths) >= len(widths) // 2
    assert 60 <= own_types <= 240


def test_plain_procedural_domains_are_unchanged_by_the_wide_option():
    rng_a, rng_b = random.Random("same"), random.Random("same")
    plain = procedural_domain(rng_a, "t")
    again = procedural_domain(rng_b, "t", wide=False)
    assert domain_schema(plain).to_sql() == domain_schema(again).to_sql()
    assert not any(t.lookup for t in plain.tables)


def test_lookup_vocabulary_names_are_singular_plural_pairs():
    assert len(VOCABULARY.lookups) >= 40
    for entity in VOCABULARY.lookups:
        assert singular(entity.table) == entity.noun
    for noun in ("vehicle_type", "claim_category", "risk_class", "fuel_log_class"):
        assert singular(plural(noun)) == noun


def test_screens_show_records_never_a_lookup_alone():
    shown: Counter = Counter()
    for i, domain in enumerate(wide_domains(120, seed=5)):
        screen = ScreenSampler(domain, i).sample(f"w{i}", SCREEN_KINDS[i % len(SCREEN_KINDS)])
        assert_ddl_executes(screen.gold.to_sql())
        lookups = {t.name for t in domain.tables if t.lookup}
        shown_tables = {t.name for t in screen.gold.tables}
        assert shown_tables - lookups, screen.id  # some record is shown
        shown[screen.kind] += 1
    assert len(shown) >= 6


def test_wide_share_draws_dense_forms_and_is_seeded(tmp_path):
    args = dict(only=("train",), kinds=("form",))
    wide = generate(
        16, 9, tmp_path / "wide", PillowRenderer(), mix=Mix(procedural=1.0, wide=1.0), **args
    )
    again = generate(
        16, 9, tmp_path / "again", PillowRenderer(), mix=Mix(procedural=1.0, wide=1.0), **args
    )
    plain = generate(16, 9, tmp_path / "plain", PillowRenderer(), **args)
    assert wide.by_split == again.by_split == plain.by_split
    read = lambda name: (tmp_path / name / "text-train.jsonl").read_text()  # noqa: E731
    assert read("wide") == read("again") and read("wide") != read("plain")

    def fields(name: str) -> list[int]:
        return [len(re.findall(r"\[(input|select|textarea|checkbox|radio|toggle)", line))
                for line in read(name).splitlines()]  # fmt: skip

    assert sum(fields("wide")) >= 2 * sum(fields("plain"))
    assert "--wide 1 " in (tmp_path / "wide" / "README.md").read_text()
    assert "wide" not in (tmp_path / "plain" / "README.md").read_text()
