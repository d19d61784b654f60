"""Procedural domains: fresh schemas composed from an entity vocabulary and column archetypes.

The catalogue's ~35 domains hold few enough schemas that a model learns to recall them. A
procedural domain is drawn per screen from ``procedural.toml``: a business area, 2-5 of its
entities (one may be an n-n link table with a composite key), each with a display column first,
1-4 foreign keys between them and 3-9 columns from the area's themed archetypes, shared groups
(money, schedule, ...) and a general group. A *wide* domain is what dense admin screens show:
1-3 entities of 8-22 columns that pick 1-4 lookups (a department, a payment term, the entity's
own type: small tables of a name) from selects. The result is a catalogue ``Domain``, so every page
family, renderer and the gold builder work unchanged. All randomness comes from the given
``random.Random``.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from faker.providers.lorem.en_US import Provider as Lorem

from ghost_architect.data.synth.catalogue import DOMAINS, Domain, T, TableSpec, parse_column
from ghost_architect.schema.names import quote, singular

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LOREM_WORDS: tuple[str, ...] = tuple(Lorem.word_list)
PREFIX = "proc_"  # every procedural domain's name starts with it; no catalogue domain does
VOCABULARY_FILE = Path(__file__).with_name("procedural.toml")
ROLES = ("thing", "person", "org")


@dataclass(frozen=True)
class Entity:
    noun: str  # singular, e.g. "vehicle"
    table: str  # plural table name, e.g. "vehicles"
    role: str  # one of ROLES: what its display columns look like


@dataclass(frozen=True)
class Area:
    name: str
    stems: tuple[str, ...]  # words app names are made of
    groups: tuple[str, ...]  # shared archetype groups its entities also draw from
    columns: tuple[str, ...]  # themed archetypes
    entities: tuple[Entity, ...]


@dataclass(frozen=True)
class Vocabulary:
    areas: tuple[Area, ...]
    groups: dict[str, tuple[str, ...]]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    lookups: tuple[Entity, ...]  # reference tables a wide domain's records pick from


def _entity(text: str) -> Entity:
    noun, table, *role = text.split()
    entity = Entity(noun, table, role[0] if role else "thing")
    if singular(table) != noun or entity.role not in ROLES:
        raise ValueError(f"procedural entity '{text}': want 'singular plural [person|org]'")
    return entity


def _check_names(vocabulary: Vocabulary) -> None:
    """Every archetype parses, every name is a bare SQL identifier, every group exists."""
    archetypes = [a for g in vocabulary.groups.values() for a in g]
    archetypes += [a for area in vocabulary.areas for a in area.columns]
    names = [parse_column(a).name for a in archetypes]
    names += [e.table for area in vocabulary.areas for e in area.entities]
    names += [e.table for e in vocabulary.lookups]
    bad = [n for n in names if quote(n) != n or n == "id" or n.endswith("_id")]
    if bad:
        raise ValueError(f"procedural vocabulary: names need quoting or look like keys: {bad}")
    for area in vocabulary.areas:
        missing = [g for g in area.groups if g not in vocabulary.groups]
        if missing:
            raise ValueError(f"procedural area '{area.name}': unknown groups {missing}")


def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """Read and check the entity vocabulary and column archetypes (procedural.toml)."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    areas = tuple(
        Area(
            entry["name"],
            tuple(entry["stems"]),
            tuple(entry["groups"]),
            tuple(entry["columns"]),
            tuple(_entity(e) for e in entry["entities"]),
        )
        for entry in data["area"]
    )
    groups = {name: tuple(items) for name, items in data["groups"].items()}
    lookups = tuple(_entity(e) for e in data["lookups"])
    vocabulary = Vocabulary(
        areas, groups, tuple(data["prefixes"]), tuple(data["suffixes"]), lookups
    )
    _check_names(vocabulary)
    return vocabulary


VOCABULARY = load_vocabulary()
CATALOGUE_APPS = frozenset(d.app for d in DOMAINS)
# nonce column names are made of Faker's common English words (4+ letters, lower case)
NONCE_WORDS = tuple(w for w in LOREM_WORDS if w.isalpha() and w.islower() and len(w) >= 4)
NONCE_SHARE = 0.5  # of a nonce screen's attribute columns


def is_procedural(domain_name: str) -> bool:
    return domain_name.startswith(PREFIX)


def flagged(rng: random.Random, archetype: str, required: float = 0.3) -> str:
    """An archetype with NOT NULL (``!``), UNIQUE (``u``) or a DEFAULT added now and then."""
    name, kind, *flags = archetype.split()
    has_default = any(f.startswith("=") for f in flags)
    if kind.startswith("enum:") and not has_default and rng.random() < 0.35:
        flags.append("=" + kind.partition(":")[2].split("|")[0])
        has_default = True
    elif kind in ("qty", "int") and not has_default and rng.random() < 0.15:
        flags.append("=0")
        has_default = True
    if kind in ("code", "email") and rng.random() < 0.45:
        flags.append("u")
    if rng.random() < (required + 0.3 if has_default else required):
        flags.append("!")
    return " ".join([name, kind, *flags])


def display_columns(rng: random.Random, vocabulary: Vocabulary, entity: Entity) -> list[str]:
    """The columns a row is known by (first in the table, NOT NULL), by the entity's role."""
    if entity.role == "person":
        if rng.random() < 0.5:
            return ["first_name first !", "last_name last !"]
        return ["full_name name !"]
    if entity.role == "org":
        return [rng.choice(["company_name company !", "name company !", "legal_name company !"])]
    archetype = rng.choice(vocabulary.groups["display"])
    kind = archetype.split()[1]
    return [archetype + (" ! u" if kind == "code" and rng.random() < 0.7 else " !")]


def attribute_pool(
    rng: random.Random, vocabulary: Vocabulary, area: Area, entity: Entity
) -> list[str]:
    """Archetypes this entity may draw from, the area's own first, in a seeded order."""
    sources = [(list(area.columns), 0.5), (list(vocabulary.groups["general"]), 0.2)]
    sources += [(list(vocabulary.groups[g]), 0.3 / len(area.groups)) for g in area.groups]
    if entity.role in ("person", "org"):
        sources.append((list(vocabulary.groups[entity.role]), 0.5))
    for items, _ in sources:
        rng.shuffle(items)
    pool: list[str] = []
    while any(items for items, _ in sources):
        live = [(items, weight) for items, weight in sources if items]
        items = rng.choices([i for i, _ in live], [w for _, w in live])[0]
        pool.append(items.pop())
    return pool


def nonce_name(rng: random.Random, used: set[str]) -> str:
    """A column name no vocabulary holds: two common English words (`window_agency`)."""
    while True:
        name = f"{rng.choice(NONCE_WORDS)}_{rng.choice(NONCE_WORDS)}"
        if name not in used and quote(name) == name:
            return name


def entity_table(
    rng: random.Random,
    vocabulary: Vocabulary,
    area: Area,
    entity: Entity,
    parents: list[Entity],
    sizes: tuple[int, int] = (3, 9),
    avoid: frozenset[str] = frozenset(),
    nonce: random.Random | None = None,
) -> TableSpec:
    """One entity's table: display column(s), its foreign keys, then ``sizes`` columns in all,
    none named as in ``avoid`` (the domain's lookups: no `currency` beside a `currency_id`).
    ``nonce``: a stream that renames about half the attribute columns with nonce_name (their
    kind kept), so the model can only copy their labels."""
    items = display_columns(rng, vocabulary, entity)
    items += [f"{p.noun}_id fk:{p.table}" + (" !" if rng.random() < 0.6 else "") for p in parents]
    account = entity.role == "person" and rng.random() < 0.5
    used = {item.split()[0] for item in items} | avoid
    size = max(rng.randint(*sizes), len(items) + 1) - (2 if account else 0)
    for archetype in attribute_pool(rng, vocabulary, area, entity):
        if len(items) >= size:
            break
        name = archetype.split()[0]
        if name not in used and not (account and archetype.split()[1] == "email"):
            if nonce is not None and nonce.random() < NONCE_SHARE:
                name = nonce_name(nonce, used)
                archetype = " ".join([name, *archetype.split()[1:]])
            used.add(name)
            items.append(flagged(rng, archetype))
    if account:  # sign-in and sign-up pages need an e-mail and a password column
        items += ["email email ! u", "password_hash secret !"]
    return T(entity.table, "; ".join(items))


def lookup_table(rng: random.Random, lookup: Entity) -> TableSpec:
    """A lookup's table: what a select shows of it (a name, a person's name, or code and name)."""
    if lookup.role == "person":
        return replace(T(lookup.table, "full_name name !"), lookup=True)
    if lookup.role == "org":
        return replace(T(lookup.table, "name company ! u"), lookup=True)
    spec = "name word ! u" if rng.random() < 0.7 else "name word !; code code ! u"
    return replace(T(lookup.table, spec), lookup=True)


def pick_lookups(
    rng: random.Random, vocabulary: Vocabulary, entities: list[Entity], k: int
) -> list[Entity]:
    """``k`` lookups none of ``entities`` is, half the time one being the first's own type."""
    taken = {e.table for e in entities}
    pool = [e for e in vocabulary.lookups if e.table not in taken]
    chosen = rng.sample(pool, k=k)
    own = entities[0].noun + rng.choice(["_type", "_category", "_class"])
    if rng.random() < 0.5 and quote(own) == own and singular(plural(own)) == own:
        chosen[0] = Entity(own, plural(own), "thing")
    return chosen


def plural(noun: str) -> str:
    """The table name of a lookup noun (category -> categories, class -> classes)."""
    if noun.endswith("y"):
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "ch", "sh", "x")) else "s")


def link_table(rng: random.Random, vocabulary: Vocabulary, a: Entity, b: Entity) -> TableSpec:
    """An n-n link between two entities with a composite primary key and 1-3 attributes."""
    keys = [f"{a.noun}_id fk:{a.table}", f"{b.noun}_id fk:{b.table}"]
    extras = rng.sample(vocabulary.groups["link"], k=rng.randint(1, 3))
    spec = "; ".join(keys + [flagged(rng, x) for x in extras])
    return T(f"{a.noun}_{b.table}", spec, pk=f"{a.noun}_id,{b.noun}_id")


def app_name(rng: random.Random, vocabulary: Vocabulary, area: Area) -> str:
    """A product-ish name such as 'FleetDesk' or 'Nova Cargo', never a catalogue app's."""
    while True:
        stem = rng.choice(area.stems)
        style = rng.random()
        if style < 0.6:
            name = stem + rng.choice(vocabulary.suffixes)
        elif style < 0.8:
            name = f"{stem} {rng.choice(vocabulary.suffixes)}"
        else:
            name = rng.choice(vocabulary.prefixes) + stem
        if name not in CATALOGUE_APPS:
            return name


def pick_entities(rng: random.Random, vocabulary: Vocabulary, area: Area, k: int) -> list[Entity]:
    """``k`` distinct entities of ``area``; now and then one borrowed from another area."""
    chosen = rng.sample(area.entities, k=min(k, len(area.entities)))
    if len(chosen) > 1 and rng.random() < 0.2:
        other = rng.choice([a for a in vocabulary.areas if a is not area])
        guest = rng.choice(other.entities)
        if guest.table not in {e.table for e in chosen}:
            chosen[-1] = guest
    return chosen


def procedural_domain(
    rng: random.Random,
    tag: str,
    vocabulary: Vocabulary = VOCABULARY,
    wide: bool = False,
    nonce: random.Random | None = None,
) -> Domain:
    """A fresh domain named ``proc_<area>_<tag>``: 2-5 tables, 1-4 foreign keys (a child
    refers only to tables before it, so there are no cycles), sometimes a link table. Real
    data-entry screens refer to other records (a customer, a category, an assignee) more often
    than not, so every domain has at least one reference. ``wide``: see wide_domain;
    ``nonce``: see entity_table."""
    area = rng.choice(vocabulary.areas)
    if wide:
        return wide_domain(rng, tag, vocabulary, area, nonce)
    count = rng.randint(2, 5)
    with_link = count >= 3 and rng.random() < 0.25
    entities = pick_entities(rng, vocabulary, area, count - with_link)
    pairs = [(c, p) for c in range(1, len(entities)) for p in range(c)]
    links = rng.sample(pairs, k=rng.randint(1, min(4, len(pairs))))
    tables = [
        entity_table(
            rng,
            vocabulary,
            area,
            entity,
            [entities[p] for c, p in sorted(links) if c == i],
            nonce=nonce,
        )
        for i, entity in enumerate(entities)
    ]
    if with_link:
        a, b = rng.sample(entities, k=2)
        tables.append(link_table(rng, vocabulary, a, b))
    return Domain(f"{PREFIX}{area.name}_{tag}", app_name(rng, vocabulary, area), tuple(tables))


def wide_domain(
    rng: random.Random,
    tag: str,
    vocabulary: Vocabulary,
    area: Area,
    nonce: random.Random | None = None,
) -> Domain:
    """The tables of a dense admin screen: 1-3 entities of 8-22 columns (a later one may refer
    to an earlier one), 1-4 lookups picked by them, lookups first so references point back."""
    entities = pick_entities(rng, vocabulary, area, rng.randint(1, 3))
    lookups = pick_lookups(rng, vocabulary, entities, rng.randint(1, 4))
    owners = [rng.randrange(len(entities)) if rng.random() < 0.3 else 0 for _ in lookups]
    tables = [lookup_table(rng, lookup) for lookup in lookups]
    avoid = frozenset(lookup.noun for lookup in lookups)
    for i, entity in enumerate(entities):
        parents = [lookup for lookup, owner in zip(lookups, owners, strict=True) if owner == i]
        if i and rng.random() < 0.6:
            parents.insert(0, entities[rng.randrange(i)])
        tables.append(entity_table(rng, vocabulary, area, entity, parents, (8, 22), avoid, nonce))
    return Domain(f"{PREFIX}{area.name}_{tag}", app_name(rng, vocabulary, area), tuple(tables))
