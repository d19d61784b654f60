"""The screen model: what a synthetic screen shows, how it is presented, and what it records.

Every label and value here is the text as drawn (case, colons and all), so the ``fields`` and
``tables`` records measure perception exactly; only the required marker is kept apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ghost_architect.perception.layout import Layout, LayoutBlock, LayoutField
from ghost_architect.schema.model import Schema

FORM_WIDGETS = ("input", "select", "checkbox", "radio", "toggle", "textarea")
WIDGETS = (*FORM_WIDGETS, "text")


@dataclass
class Theme:
    style: str  # bootstrap | material | tailwind | plain | legacy (a CSS file in themes/)
    dark: bool
    accent: str
    font: str  # key of themes.FONTS
    size: int  # base font size in px, 12-16
    width: int  # viewport width in px
    sidebar: bool
    dense: bool
    variant: str = ""  # style-specific: material fields "outlined" | "filled"


@dataclass
class Widget:
    """One visible field: a form control, or a read-only label/value pair."""

    label: str  # as drawn, without the required marker (the placeholder for placeholder-only)
    value: str  # as drawn: "" when empty, "on"/"off" for checkbox and toggle
    widget: str  # one of WIDGETS
    column: str  # the catalogue column it shows
    required: bool = False
    options: list[str] = field(default_factory=list)  # select and radio choices
    input_type: str = "text"  # the <input type> of an input: text, email, number, date, ...
    iso: str = ""  # the machine value of a date input (value shows it as mm/dd/yyyy)
    placeholder: str = ""
    help: str = ""  # a hint line under the control
    badge: bool = False  # a read-only value drawn as a status pill

    def record(self) -> dict:
        """The ``fields`` entry: label, value and widget as drawn (radio adds its options)."""
        out = {"label": self.label, "value": self.value, "widget": self.widget}
        if self.widget == "radio":
            out["options"] = list(self.options)
        return out


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
    subtitle: str = ""  # a description line under the title
    buttons: list[str] = field(default_factory=list)  # at the foot of a form or dialog
    overlay: bool = False  # drawn as a modal dialog over the (dimmed) page
    # forms: label placement stacked | inline | floating | placeholder; details: above | left
    labels: str = "stacked"
    grid: int = 1  # form and details columns
    marker: str = "*"  # shown after a required label: "*", "(required)" or ""
    variant: str = ""  # settings section: "split" (title left) | "stacked"; form: "account"
    search: str = ""  # table toolbar search placeholder ("" = no search box)
    select_rows: bool = False  # table: a checkbox per row
    actions: list[str] = field(default_factory=list)  # table: per-row action links
    badges: list[int] = field(default_factory=list)  # table: header indexes drawn as pills
    avatar: int = -1  # table: header index drawn with initials; details: pair index
    note: str = ""  # table: the pagination line
    deltas: list[str] = field(default_factory=list)  # kpis: change per card
    # presentation only (looks.py): details look | table ruling "" | "none" | "grid"
    look: str = ""
    label_style: str = ""  # details and kpis: how labels are set (looks.LABEL_STYLES)
    icons: bool = False  # details: an icon before each label
    head: str = ""  # table: header style (looks.TABLE_HEADS)
    striped: bool = False  # table: alternate rows shaded

    def records(self) -> list[dict]:
        """This block's ``fields`` entries in reading order."""
        out = []
        if self.search:
            out.append({"label": self.search, "value": "", "widget": "input"})
        out.extend(w.record() for w in self.widgets)
        out.extend({"label": k, "value": v, "widget": "text"} for k, v in self.kpis)
        return out

    def chrome(self) -> list[str]:
        """Text of this block that is neither a field nor a cell: description, notes, buttons."""
        lines = [self.subtitle, self.search, self.note]
        lines.extend(self.deltas)
        if self.buttons:
            lines.append(" ".join(self.buttons))
        return [line for line in lines if line]


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
    subtitle: str = ""
    user: str = ""  # the signed-in user shown in the top bar
    steps: list[str] = field(default_factory=list)  # wizard stepper
    step: int = 0  # index of the current step
    tabs: list[str] = field(default_factory=list)
    tab: int = 0  # index of the active tab
    links: list[str] = field(default_factory=list)  # account page links

    def layout(self) -> Layout:
        blocks: list[LayoutBlock] = []
        for b in self.blocks:
            if b.kind == "kpis":
                kpis = [LayoutField(k, v, widget="text") for k, v in b.kpis]
                blocks.append(LayoutBlock("kpis", b.title, kpis))
            elif b.kind == "table":
                blocks.append(LayoutBlock("table", b.title, headers=b.headers, rows=b.rows))
            else:
                fields = [
                    LayoutField(
                        w.label.removesuffix(":"),
                        w.value,
                        w.required and bool(b.marker),
                        w.options if w.widget == "radio" else [],
                        widget=w.widget,
                        placeholder=w.placeholder if not w.value else "",
                        help=w.help,
                    )
                    for w in b.widgets
                ]
                blocks.append(LayoutBlock(b.kind, b.title, fields))
        return Layout(self.title, self.chrome(), blocks)

    def chrome(self) -> list[str]:
        """Text that implies no column, in reading order: navigation, hints, buttons, footer."""
        lines = [" · ".join(self.nav), self.user, self.subtitle, " ".join(self.buttons)]
        if self.steps:
            lines.append(f"Step {self.step + 1} of {len(self.steps)}: " + " · ".join(self.steps))
        lines.append(" · ".join(self.tabs))
        for block in self.blocks:
            lines.extend(block.chrome())
        lines.extend([*self.links, self.footer])
        return [line for line in lines if line]

    def fields(self) -> list[dict]:
        """Every field as drawn, in reading order (the dialog of a modal screen last)."""
        return [f for b in self.blocks for f in b.records()]

    def tables(self) -> list[dict]:
        """Every data table drawn: its visible header texts and its number of rows."""
        return [{"headers": b.headers, "rows": len(b.rows)} for b in self.blocks if b.headers]

    def visible(self) -> dict:
        """JSON-ready record of what the screen shows and which columns it implies."""
        return {
            "id": self.id,
            "domain": self.domain,
            "kind": self.kind,
            "title": self.title,
            "theme": vars(self.theme),
            "fields": self.fields(),
            "tables": self.tables(),
            "blocks": [
                {
                    "kind": b.kind,
                    "title": b.title,
                    "table": b.table,
                    "overlay": b.overlay,
                    "fields": [{**w.record(), "column": w.column} for w in b.widgets],
                    "headers": b.headers,
                    "columns": b.columns,
                    "rows": b.rows,
                    "kpis": [list(k) for k in b.kpis],
                }
                for b in self.blocks
            ],
            "chrome": self.chrome(),
            "schema": {t.name: t.column_names() for t in self.gold.tables},
        }
