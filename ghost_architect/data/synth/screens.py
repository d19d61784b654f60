"""Sample a UI screen over a domain's schema, with the exact gold schema the screen implies.

What a screen implies: every entity it shows becomes a table with its key and the columns shown;
a column that refers to another entity (a dropdown, a "Customer" cell) implies a foreign key and
the referenced table with its key and the column used to display it. Types and constraints are the
catalogue's. Required form fields carry a ``*``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from faker import Faker

from ghost_architect.data.layout import Layout, LayoutBlock, LayoutField
from ghost_architect.data.synth.catalogue import ColumnSpec, Domain, TableSpec
from ghost_architect.data.synth.values import ValueMaker, humanize, label_for, option_label
from ghost_architect.schema.model import Schema, Table
from ghost_architect.schema.sql import singular

SCREEN_KINDS = ("form", "table", "detail", "master_detail", "dashboard")
ACCENTS = ("#2563eb", "#7c3aed", "#059669", "#dc2626", "#d97706", "#0891b2", "#db2777", "#4f46e5")
FONTS = ("sans", "serif", "mono", "stix")


@dataclass
class Theme:
    dark: bool
    accent: str
    font: str
    size: int  # base font size in px
    width: int
    sidebar: bool
    form_columns: int
    radius: int
    padding: int


@dataclass
class Widget:
    """One visible field: a form input, or a label/value pair on a details card."""

    label: str
    value: str
    widget: str  # text | select | checkbox | radio | textarea
    column: str
    required: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class Block:
    kind: str  # form | details | table | kpis
    title: str
    table: str = ""
    widgets: list[Widget] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # table block: column per header
    kpis: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Screen:
    id: str
    domain: str
    kind: str
    app: str
    title: str
    theme: Theme
    nav: list[str]
    breadcrumbs: list[str]
    blocks: list[Block]
    buttons: list[str]
    footer: str
    gold: Schema

    def layout(self) -> Layout:
        blocks: list[LayoutBlock] = []
        for b in self.blocks:
            if b.kind == "kpis":
                blocks.append(LayoutBlock("kpis", b.title, [LayoutField(k, v) for k, v in b.kpis]))
            elif b.kind == "table":
                blocks.append(LayoutBlock("table", b.title, headers=b.headers, rows=b.rows))
            else:
                fields = [
                    LayoutField(
                        w.label, w.value, w.required, w.options if w.widget == "radio" else []
                    )
                    for w in b.widgets
                ]
                blocks.append(LayoutBlock(b.kind, b.title, fields))
        chrome = [" · ".join(self.nav), " ".join(self.buttons), self.footer]
        return Layout(self.title, [c for c in chrome if c], blocks)

    def visible(self) -> dict:
        """JSON-ready record of what the screen shows and which columns it implies."""
        return {
            "id": self.id,
            "domain": self.domain,
            "kind": self.kind,
            "title": self.title,
            "theme": vars(self.theme),
            "blocks": [
                {
                    "kind": b.kind,
                    "title": b.title,
                    "table": b.table,
                    "fields": [vars(w) for w in b.widgets],
                    "headers": b.headers,
                    "columns": b.columns,
                    "rows": b.rows,
                    "kpis": [list(k) for k in b.kpis],
                }
                for b in self.blocks
            ],
            "chrome": {"nav": self.nav, "buttons": self.buttons, "footer": self.footer},
            "tables": {t.name: t.column_names() for t in self.gold.tables},
        }


class GoldBuilder:
    """Collects the tables and columns a screen implies, in catalogue order."""

    def __init__(self, domain: Domain) -> None:
        self.domain = domain
        self.used: dict[str, set[str]] = {}

    def add(self, table: TableSpec, columns: list[str]) -> None:
        used = self.used.setdefault(table.name, set())
        used.update(table.primary_key)
        used.update(columns)
        for name in columns:
            ref = table.spec(name).column.references
            if ref:
                target = self.domain.table(ref[0])
                self.used.setdefault(target.name, set()).update(
                    {*target.primary_key, target.display.name}
                )

    def schema(self) -> Schema:
        tables = []
        for spec in self.domain.tables:
            if spec.name in self.used:
                keep = self.used[spec.name]
                columns = [c.column for c in spec.columns if c.name in keep]
                tables.append(Table(spec.name, columns, list(spec.primary_key)))
        return Schema(tables)


class ScreenSampler:
    """Draws screens for a domain; all randomness comes from the given seed."""

    def __init__(self, domain: Domain, seed: int) -> None:
        self.domain = domain
        self.rng = random.Random(seed)
        faker = Faker("en_US")
        faker.seed_instance(seed)
        self.faker = faker
        self.values = ValueMaker(self.rng, faker)
        self.gold = GoldBuilder(domain)
        self.referenced_rows: dict[str, list[str]] = {}

    # -- values ---------------------------------------------------------------------------------
    def display_value(self, table_name: str) -> str:
        target = self.domain.table(table_name)
        pool = self.referenced_rows.setdefault(table_name, [])
        if len(pool) < 6:
            pool.append(self.values.value(target.display, {}))
        return self.rng.choice(pool)

    def row(self, table: TableSpec, columns: list[ColumnSpec]) -> dict[str, str]:
        row: dict[str, str] = {}
        for spec in sorted(columns, key=lambda s: s.kind != "first" and s.kind != "last"):
            if spec.column.references:
                row[spec.name] = self.display_value(spec.column.references[0])
            else:
                row[spec.name] = self.values.value(spec, row)
        return row

    def label(self, spec: ColumnSpec) -> str:
        if spec.column.references:
            target = spec.column.references[0]
            base = humanize(spec.name) if spec.name != f"{singular(target)}_id" else None
            return base or humanize(singular(target))
        return label_for(spec, self.rng)

    # -- choosing what to show --------------------------------------------------------------------
    def visible_columns(self, table: TableSpec, lo: float, parent: str = "") -> list[ColumnSpec]:
        """A subset of the table's non-key columns, in order; required ones are favoured."""
        candidates = [
            c
            for c in table.columns
            if c.name != "id" and not (parent and c.column.references == (parent, "id"))
        ]
        keep = [
            c
            for c in candidates
            if not c.column.nullable or self.rng.random() < lo or c.name in table.primary_key
        ]
        return keep or candidates[:2]

    def widget(self, spec: ColumnSpec, value: str, form: bool) -> Widget:
        kind = "text"
        options: list[str] = []
        if spec.kind == "bool":
            kind = "checkbox" if form else "text"
        elif spec.kind == "enum":
            kind = (
                "radio" if form and len(spec.options) <= 4 and self.rng.random() < 0.5 else "select"
            )
            options = [option_label(o) for o in spec.options]
        elif spec.column.references:
            kind = "select"
        elif spec.kind == "text":
            kind = "textarea" if form else "text"
        show_value = not form or self.rng.random() < 0.8
        return Widget(
            label=self.label(spec),
            value=value if show_value or kind in ("checkbox", "radio") else "",
            widget=kind,
            column=spec.name,
            required=form and not spec.column.nullable,
            options=options,
        )

    def form_block(self, table: TableSpec, title: str, form: bool) -> Block:
        columns = self.visible_columns(table, 0.7)
        row = self.row(table, columns)
        self.gold.add(table, [c.name for c in columns])
        widgets = [self.widget(c, row[c.name], form) for c in columns]
        return Block("form" if form else "details", title, table.name, widgets)

    def table_block(
        self, table: TableSpec, title: str, parent: str = "", max_cols: int = 7
    ) -> Block:
        columns = self.visible_columns(table, 0.55, parent)[:max_cols]
        links = [c.name for c in table.columns if parent and c.column.references == (parent, "id")]
        self.gold.add(table, [c.name for c in columns] + links[:1])
        rows = [self.row(table, columns) for _ in range(self.rng.randint(3, 7))]
        for row in rows:
            for c in columns:
                if c.kind == "bool":
                    row[c.name] = (
                        self.rng.choice(["✓", "—"]) if self.rng.random() < 0.4 else row[c.name]
                    )
        return Block(
            "table",
            title,
            table.name,
            headers=[self.label(c) for c in columns],
            rows=[[row[c.name] for c in columns] for row in rows],
            columns=[c.name for c in columns],
        )

    def kpi_block(self) -> Block:
        v = self.values
        labels = ["Revenue this month", "Open items", "Active users", "Growth", "New this week"]
        kpis = []
        for label in self.rng.sample(labels, k=self.rng.randint(2, 4)):
            money = v.money.format(self.rng.uniform(1000, 90000))
            count = str(self.rng.randint(3, 900))
            growth = f"+{self.rng.uniform(1, 30):.1f}%"
            kpis.append((label, self.rng.choice([money, count, growth])))
        return Block("kpis", "Overview", kpis=kpis)

    # -- screens --------------------------------------------------------------------------------
    def children_of(self, parent: TableSpec) -> list[TableSpec]:
        return [
            t
            for t in self.domain.tables
            if any(c.column.references == (parent.name, "id") for c in t.columns)
        ]

    def sample(self, screen_id: str, kind: str | None = None) -> Screen:
        rng = self.rng
        tables = list(self.domain.tables)
        parents = [t for t in tables if self.children_of(t)]
        kind = kind or rng.choice(SCREEN_KINDS)
        if kind == "master_detail" and not parents:
            kind = "detail"
        entity = rng.choice([t for t in tables if not t.is_link] or tables)
        blocks: list[Block]
        if kind == "form":
            verb = rng.choice(["New", "Edit", "Add", "Create"])
            title = f"{verb} {humanize(singular(entity.name)).lower()}"
            blocks = [self.form_block(entity, humanize(singular(entity.name)) + " details", True)]
            buttons = [rng.choice(["Save", "Create", "Submit"]), "Cancel"]
        elif kind == "table":
            title = humanize(entity.name)
            blocks = [self.table_block(entity, f"All {humanize(entity.name).lower()}")]
            buttons = [f"+ New {humanize(singular(entity.name)).lower()}", "Export CSV"]
        elif kind == "detail":
            title = f"{humanize(singular(entity.name))} #{rng.randint(100, 9999)}"
            blocks = [self.form_block(entity, "Overview", False)]
            buttons = ["Edit", rng.choice(["Delete", "Archive"])]
        elif kind == "master_detail":
            parent = rng.choice(parents)
            child = rng.choice(self.children_of(parent))
            title = f"{humanize(singular(parent.name))} {rng.randint(1000, 99999)}"
            blocks = [
                self.form_block(parent, humanize(singular(parent.name)), False),
                self.table_block(child, humanize(child.name), parent=parent.name, max_cols=5),
            ]
            buttons = ["Edit", "Print"]
        else:
            title = rng.choice(["Dashboard", "Overview", "Home"])
            picks = rng.sample(tables, k=min(len(tables), rng.randint(2, 3)))
            blocks = [self.kpi_block()]
            for t in picks:
                prefix = rng.choice(["Recent ", "Latest ", ""])
                blocks.append(
                    self.table_block(
                        t, (prefix + humanize(t.name).lower()).capitalize(), max_cols=4
                    )
                )
            buttons = ["Refresh"]
        nav = [
            *rng.sample([humanize(t.name) for t in tables], k=min(len(tables), 3)),
            rng.choice(["Reports", "Settings", "Help"]),
        ]
        return Screen(
            id=screen_id,
            domain=self.domain.name,
            kind=kind,
            app=self.domain.app,
            title=title,
            theme=self.theme(),
            nav=["Home", *nav],
            breadcrumbs=["Home", humanize(blocks[-1].table or entity.name)],
            blocks=blocks,
            buttons=buttons,
            footer=f"© {self.values.today.year} {self.faker.company()} · Privacy · Terms",
            gold=self.gold.schema(),
        )

    def theme(self) -> Theme:
        rng = self.rng
        return Theme(
            dark=rng.random() < 0.35,
            accent=rng.choice(ACCENTS),
            font=rng.choice(FONTS),
            size=rng.choice([13, 14, 15, 16]),
            width=rng.choice([960, 1024, 1152, 1280]),
            sidebar=rng.random() < 0.4,
            form_columns=rng.choice([1, 2, 2]),
            radius=rng.choice([0, 4, 8]),
            padding=rng.choice([12, 16, 20]),
        )
