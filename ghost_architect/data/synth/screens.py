"""Sample a UI screen over a domain's schema, with the exact gold schema the screen implies.

A screen is one of the page families in ``families.py`` (SCREEN_KINDS) in a sampled theme; its
blocks are built here from catalogue columns. Gold rule (gold.py): each entity shown becomes a
table with its key and the columns shown; a column that refers to another entity implies a
foreign key and the referenced table with its key and display column.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from faker import Faker

from ghost_architect.data.synth.catalogue import ColumnSpec, Domain, TableSpec
from ghost_architect.data.synth.families import (
    FALLBACK,
    FAMILIES,
    RELATED_KINDS,
    SCREEN_KINDS,
    first_columns,
)
from ghost_architect.data.synth.gold import GoldBuilder
from ghost_architect.data.synth.looks import details_look, kpi_look, look_rng, table_look
from ghost_architect.data.synth.model import Block, Screen, Theme, Widget
from ghost_architect.data.synth.themes import sample_theme
from ghost_architect.data.synth.values import ValueMaker, humanize, label_for, option_label
from ghost_architect.data.synth.widgets import FormLook, form_widget, read_widget, sample_look
from ghost_architect.schema.names import singular

__all__ = ["RELATED_KINDS", "SCREEN_KINDS", "Block", "Screen", "ScreenSampler", "Theme", "Widget"]

CASES = ("sentence", "title", "upper")
PAGER = (
    "Showing 1 to {n} of {total} results",
    "Showing 1–{n} of {total}",
    "1–{n} of {total}",
    "{total} records · page 1 of {pages}",
    "Rows per page: {n}   1-{n} of {total}",
)
ACTIONS = (["Edit", "Delete"], ["View"], ["Edit"], ["⋯"], ["View", "Edit"])


class ScreenSampler:
    """Draws screens for a domain; all randomness comes from the given seed."""

    def __init__(self, domain: Domain, seed: int) -> None:
        self.domain = domain
        self.rng = random.Random(seed)
        self.look_rng = look_rng(seed)  # presentation looks, apart from the content's stream
        faker = Faker("en_US")
        faker.seed_instance(seed)
        self.faker = faker
        self.values = ValueMaker(self.rng, faker)
        self.gold = GoldBuilder(domain)
        self.referenced_rows: dict[str, list[str]] = {}
        self.records: dict[str, dict[str, str]] = {}  # the one record a screen's forms show
        self.theme = sample_theme(self.rng)
        self.case = self.rng.choices(CASES, (0.72, 0.2, 0.08))[0]

    # -- wording --------------------------------------------------------------------------------
    def cased(self, text: str, case: str = "") -> str:
        case = case or self.case
        if case == "upper":
            return text.upper()
        if case == "title":
            return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
        return text

    def label(self, spec: ColumnSpec) -> str:
        if spec.column.references:
            target = spec.column.references[0]
            base = humanize(spec.name) if spec.name != f"{singular(target)}_id" else None
            return self.cased(base or humanize(singular(target)))
        return self.cased(label_for(spec, self.rng))

    def noun(self, table: TableSpec, plural: bool = False) -> str:
        """'customer' or 'customers': a table's name as a lower-case noun."""
        return humanize(table.name if plural else singular(table.name)).lower()

    # -- values ---------------------------------------------------------------------------------
    def display_value(self, table_name: str) -> str:
        target = self.domain.table(table_name)
        pool = self.referenced_rows.setdefault(table_name, [])
        if len(pool) < 6:
            pool.append(self.values.value(target.display, {}))
        return self.rng.choice(pool)

    def record(self, table: TableSpec, columns: list[ColumnSpec]) -> dict[str, str]:
        """The record of ``table`` that this screen's forms and details show, grown as needed."""
        known = self.records.setdefault(table.name, {})
        known.update(self.row(table, [c for c in columns if c.name not in known], known))
        return known

    def row(
        self, table: TableSpec, columns: list[ColumnSpec], known: dict[str, str] | None = None
    ) -> dict[str, str]:
        """Values for ``columns`` (names before the e-mail made of them; ``known`` adds context)."""
        row: dict[str, str] = dict(known or {})
        for spec in sorted(columns, key=lambda s: s.kind != "first" and s.kind != "last"):
            if spec.column.references:
                row[spec.name] = self.display_value(spec.column.references[0])
            else:
                row[spec.name] = self.values.value(spec, row)
        return row

    def options(self, spec: ColumnSpec, value: str) -> list[str]:
        """The choices of a select or radio group showing ``value``."""
        if spec.kind == "enum":
            return [option_label(o) for o in spec.options]
        if spec.column.references:
            others = [self.display_value(spec.column.references[0]) for _ in range(3)]
            return list(dict.fromkeys([value, *others]))
        return []

    # -- choosing what to show --------------------------------------------------------------------
    def entities(self) -> list[TableSpec]:
        """The domain's tables a page may be about: neither link nor lookup tables."""
        return [t for t in self.domain.tables if not t.is_link and not t.lookup]

    def entity(self, fits: Callable[[TableSpec], bool] = lambda t: True) -> TableSpec | None:
        """A random entity that ``fits``, or None."""
        tables = [t for t in self.entities() if fits(t)]
        return self.rng.choice(tables) if tables else None

    def pick(self) -> TableSpec:
        """A random entity."""
        return self.rng.choice(self.entities())

    def children_of(self, parent: TableSpec) -> list[TableSpec]:
        return [
            t
            for t in self.domain.tables
            if any(c.column.references == (parent.name, "id") for c in t.columns)
        ]

    def visible_columns(
        self, table: TableSpec, lo: float, parent: str = "", least: int = 2, refs: bool = False
    ) -> list[ColumnSpec]:
        """A subset (``least`` or more) of the table's non-key columns, in order; required ones
        (and with ``refs`` every reference to another entity) are favoured, each optional one
        kept with probability ``lo``."""
        candidates = [
            c
            for c in table.columns
            if c.name != "id"
            and c.kind != "secret"
            and not (parent and c.column.references == (parent, "id"))
        ]
        keep = [
            c
            for c in candidates
            if not c.column.nullable
            or (refs and c.column.references)
            or self.rng.random() < lo
            or c.name in table.primary_key
        ]
        extra = [c for c in candidates if c not in keep][: max(0, least - len(keep))]
        return [c for c in candidates if c in keep or c in extra]

    # -- blocks -----------------------------------------------------------------------------------
    def form_block(
        self,
        table: TableSpec,
        title: str,
        columns: list[ColumnSpec],
        filled: float,
        settings: bool = False,
        look: FormLook | None = None,
    ) -> Block:
        """A form over ``columns``; each input shows a value with probability ``filled``."""
        look = look or sample_look(self.rng, self.theme, len(columns))
        row = self.record(table, columns)
        self.gold.add(table, [c.name for c in columns])
        widgets = [
            form_widget(
                self.rng,
                c,
                self.label(c),
                row[c.name],
                self.options(c, row[c.name]),
                look,
                self.rng.random() < filled,
                settings,
                self.values.date_style,
            )
            for c in columns
        ]
        block = Block("form", title, table.name, widgets, labels=look.labels, grid=look.grid)
        block.marker = look.marker
        return block

    def details_block(self, table: TableSpec, title: str, columns: list[ColumnSpec]) -> Block:
        row = self.record(table, columns)
        self.gold.add(table, [c.name for c in columns])
        widgets = [read_widget(self.rng, c, self.label(c), row[c.name]) for c in columns]
        left = self.rng.random() < 0.45
        grid = 1 if left else self.rng.choice([2, 2, 3] if self.theme.width >= 1152 else [2])
        block = Block(
            "details", title, table.name, widgets, labels="left" if left else "above", grid=grid
        )
        details_look(self.look_rng, self.theme, block, [c.kind for c in columns])
        return block

    def table_block(
        self,
        table: TableSpec,
        title: str,
        parent: str = "",
        max_cols: int = 7,
        rows: tuple[int, int] = (4, 9),
        refs: bool = False,
    ) -> Block:
        rng = self.rng
        max_cols += 2 if self.theme.dense else 0
        lo = 0.85 if self.theme.dense else 0.55
        columns = first_columns(self.visible_columns(table, lo, parent, 3, refs), max_cols, refs)
        links = [c.name for c in table.columns if parent and c.column.references == (parent, "id")]
        self.gold.add(table, [c.name for c in columns] + links[:1])
        data = [self.row(table, columns) for _ in range(rng.randint(*rows))]
        ticks = rng.random() < 0.4
        for row in data:
            for c in columns:
                if c.kind == "bool" and ticks:
                    row[c.name] = "✓" if row[c.name] == "Yes" else "—"
        upper = self.theme.style == "tailwind" and rng.random() < 0.5
        total = rng.randint(len(data), 480)
        pager = rng.choice(PAGER).format(n=len(data), total=total, pages=-(-total // len(data)))
        pills = ("enum",) if ticks else ("enum", "bool")
        status = [i for i, c in enumerate(columns) if c.kind in pills]
        names = [i for i, c in enumerate(columns) if c.kind == "name"]
        block = Block(
            "table",
            title,
            table.name,
            headers=[self.cased(self.label(c), "upper" if upper else "") for c in columns],
            rows=[[row[c.name] for c in columns] for row in data],
            columns=[c.name for c in columns],
            select_rows=rng.random() < 0.35,
            actions=rng.choice(ACTIONS) if rng.random() < 0.5 else [],
            badges=status if rng.random() < 0.7 else [],
            avatar=names[0] if names and rng.random() < 0.5 else -1,
            note=pager if rng.random() < 0.8 else "",
        )
        table_look(self.look_rng, self.theme, block)
        return block

    def kpi_block(self, tables: list[TableSpec]) -> Block:
        """Three or four KPI cards (count, money or rate) with their change."""
        rng, v = self.rng, self.values
        counts = [f"Total {self.noun(t, True)}" for t in tables]
        counts += ["Open items", "Active users", "New this week"]
        kinds = {**dict.fromkeys(counts, "count"), "Revenue this month": "money"}
        kinds.update({"Growth": "rate", "Conversion rate": "rate", "Churn": "rate"})
        kpis, deltas = [], []
        for label in rng.sample(sorted(kinds), k=rng.randint(3, 4)):
            kind = kinds[label]
            if kind == "money":
                number = v.money.format(rng.uniform(1000, 90000))
            elif kind == "rate":
                number = f"{rng.uniform(1, 30):.1f}%"
            else:
                number = f"{rng.randint(3, 9000):,}"
            kpis.append((self.cased(label), number))
            change = rng.uniform(-12, 25)
            since = rng.choice(["", " vs last month", " this week"])
            deltas.append(f"{'+' if change >= 0 else '−'}{abs(change):.1f}%{since}")
        block = Block("kpis", "", kpis=kpis, deltas=deltas)
        kpi_look(self.look_rng, block)
        return block

    # -- screens --------------------------------------------------------------------------------
    def sample(self, screen_id: str, kind: str | None = None) -> Screen:
        rng = self.rng
        kind = kind or rng.choice(SCREEN_KINDS)
        page = FAMILIES[kind](self)
        while page is None:
            kind = FALLBACK[kind]
            page = FAMILIES[kind](self)
        tables = [humanize(t.name) for t in self.domain.tables if not t.is_link]
        nav = ["Dashboard", *rng.sample(tables, k=min(len(tables), 3))]
        nav.append(rng.choice(["Reports", "Settings", "Help"]))
        crumb = next(b.table for b in page.blocks if b.table)
        return Screen(
            id=screen_id,
            domain=self.domain.name,
            kind=kind,
            app=self.domain.app,
            title=page.title,
            theme=self.theme,
            nav=[self.cased(n) for n in nav] if page.chrome else [],
            breadcrumbs=["Home", humanize(crumb)] if page.chrome and rng.random() < 0.6 else [],
            blocks=page.blocks,
            buttons=page.buttons,
            footer=f"© {self.values.today.year} {self.faker.company()} · Privacy · Terms",
            gold=self.gold.schema(),
            subtitle=page.subtitle,
            user=self.faker.name() if page.chrome and rng.random() < 0.5 else "",
            steps=page.steps,
            step=page.step,
            tabs=page.tabs,
            tab=page.tab,
            links=page.links,
        )
