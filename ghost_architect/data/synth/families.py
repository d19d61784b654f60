"""Page families: how each kind of screen arranges blocks over the domain's entities.

Each family takes a ScreenSampler (its seeded random source, values and gold builder) and returns
a Page, or None where the domain cannot show it (the sampler then falls back to a simpler kind).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ghost_architect.data.synth.catalogue import ColumnSpec, TableSpec
from ghost_architect.data.synth.model import Block
from ghost_architect.data.synth.widgets import sample_look
from ghost_architect.data.synth.wording import (
    FINAL_STEPS,
    SECTION_TEXT,
    SECTION_TITLES,
    STEP_NAMES,
    column_group,
)

if TYPE_CHECKING:
    from ghost_architect.data.synth.screens import ScreenSampler

GROUP_ORDER = ("general", "contact", "status", "more")


@dataclass
class Page:
    title: str
    blocks: list[Block]
    buttons: list[str] = field(default_factory=list)  # page header buttons, primary last
    subtitle: str = ""
    steps: list[str] = field(default_factory=list)
    step: int = 0
    tabs: list[str] = field(default_factory=list)
    tab: int = 0
    links: list[str] = field(default_factory=list)
    chrome: bool = True  # app navigation around the page (sign-in pages have none)


def groups(columns: list[ColumnSpec]) -> list[tuple[str, list[ColumnSpec]]]:
    """Columns in sections (general, contact, status, more) of two or more fields each."""
    by_group: dict[str, list[ColumnSpec]] = {g: [] for g in GROUP_ORDER}
    for c in columns:
        by_group[column_group(c)].append(c)
    parts: list[tuple[str, list[ColumnSpec]]] = []
    for group, cols in by_group.items():
        if not cols:
            continue
        if parts and (len(cols) < 2 or len(parts[-1][1]) < 2):
            parts[-1] = (parts[-1][0], parts[-1][1] + cols)
        else:
            parts.append((group, cols))
    return parts


def first_columns(columns: list[ColumnSpec], n: int, refs: bool = False) -> list[ColumnSpec]:
    """The first ``n`` columns, in order; with ``refs`` references to other entities go first."""
    chosen = [c for c in columns if refs and c.column.references][:n]
    chosen += [c for c in columns if c not in chosen][: n - len(chosen)]
    return [c for c in columns if c in chosen]


def form_page(s: ScreenSampler) -> Page:
    rng = s.rng
    entity = s.pick()
    noun = s.noun(entity)
    edit = rng.random() < 0.45
    verb = "Edit" if edit else rng.choice(["New", "Add", "Create"])
    columns = s.visible_columns(entity, 0.7)
    look = sample_look(rng, s.theme, len(columns))
    filled = 0.95 if edit else 0.3
    parts = groups(columns)
    if len(columns) >= 6 and len(parts) > 1 and rng.random() < 0.4:
        half = len(parts) // 2
        sections = [[c for _, cols in parts[:half] for c in cols]]
        sections.append([c for _, cols in parts[half:] for c in cols])
        names = [rng.choice(SECTION_TITLES[parts[0][0]]), rng.choice(SECTION_TITLES[parts[-1][0]])]
    else:
        sections = [columns]
        names = [rng.choice([f"{noun.capitalize()} details", "Details", "", "Information"])]
    blocks = [
        s.form_block(entity, s.cased(name), cols, filled, look=look)
        for name, cols in zip(names, sections, strict=True)
    ]
    buttons = ["Cancel", rng.choice(["Save", "Save changes", "Create", "Submit"])]
    in_card = rng.random() < 0.7
    if in_card:
        blocks[-1].buttons = buttons
    subtitle = rng.choice(["", "", f"Fill in the details of the {noun}.", "All changes are saved."])
    return Page(s.cased(f"{verb} {noun}"), blocks, [] if in_card else buttons, subtitle)


def settings_page(s: ScreenSampler) -> Page:
    rng = s.rng
    entity = s.entity(lambda t: any(c.kind in ("bool", "enum") for c in t.columns)) or s.pick()
    columns = s.visible_columns(entity, 0.8)
    look = sample_look(rng, s.theme, len(columns), max_grid=2)
    if look.labels in ("placeholder", "floating"):
        look.labels = "stacked"
    look.marker = "" if rng.random() < 0.7 else look.marker
    variant = rng.choice(["split", "split", "stacked"]) if s.theme.width >= 1152 else "stacked"
    blocks = []
    for group, cols in groups(columns):
        block = s.form_block(
            entity, s.cased(rng.choice(SECTION_TITLES[group])), cols, 1.0, True, look
        )
        block.subtitle = rng.choice(SECTION_TEXT[group])
        block.variant = variant
        blocks.append(block)
    save = rng.choice(["Save", "Save changes", "Update"])
    per_section = rng.random() < 0.4
    for block in blocks if per_section else blocks[-1:]:
        block.buttons = [save]
    title = rng.choice(["Settings", f"{s.noun(entity).capitalize()} settings", "Preferences"])
    subtitle = rng.choice(["", "Manage how this record behaves.", "Changes apply immediately."])
    return Page(s.cased(title), blocks, subtitle=subtitle)


def wizard_page(s: ScreenSampler) -> Page:
    rng = s.rng
    entity = s.entity(lambda t: len(t.columns) >= 4) or s.pick()
    columns = s.visible_columns(entity, 0.85)
    parts = groups(columns)
    if len(parts) == 1 and len(columns) >= 4:
        half = len(columns) // 2
        parts = [("general", columns[:half]), ("more", columns[half:])]
    steps = [rng.choice(STEP_NAMES[g]) for g, _ in parts] + [rng.choice(FINAL_STEPS)]
    step = rng.randrange(len(parts))
    cols = parts[step][1]
    look = sample_look(rng, s.theme, len(cols), max_grid=2)
    block = s.form_block(entity, s.cased(steps[step]), cols, 0.6, look=look)
    block.buttons = ["Back" if step else "Cancel", rng.choice(["Next", "Continue", "Next step"])]
    noun = s.noun(entity)
    article = "an" if noun[0] in "aeiou" else "a"
    title = rng.choice([f"New {noun}", f"Add {article} {noun}", f"Create {noun}", f"Set up {noun}"])
    subtitle = rng.choice(["", f"Step {step + 1} of {len(steps)}", "Takes about two minutes."])
    return Page(s.cased(title), [block], subtitle=subtitle, steps=steps, step=step)


def modal_page(s: ScreenSampler) -> Page:
    rng = s.rng
    entity = s.pick()
    noun, nouns = s.noun(entity), s.noun(entity, True)
    behind = s.table_block(entity, rng.choice(["", f"All {nouns}"]), rows=(6, 10))
    edit = rng.random() < 0.4
    columns = s.visible_columns(entity, 0.6)[:7]
    look = sample_look(rng, s.theme, len(columns), max_grid=2)
    dialog = s.form_block(
        entity, s.cased(f"{'Edit' if edit else 'New'} {noun}"), columns, 0.95 if edit else 0.2,
        look=look,
    )  # fmt: skip
    dialog.overlay = True
    dialog.buttons = ["Cancel", rng.choice(["Save", "Create", "Add", "Confirm"])]
    dialog.subtitle = rng.choice(["", f"Enter the {noun}'s details below."])
    buttons = [f"+ New {noun}" if rng.random() < 0.5 else f"Add {noun}"]
    return Page(s.cased(nouns.capitalize()), [behind, dialog], buttons)


def table_page(s: ScreenSampler) -> Page:
    rng = s.rng
    entity = s.pick()
    noun, nouns = s.noun(entity), s.noun(entity, True)
    block = s.table_block(entity, s.cased(rng.choice(["", f"All {nouns}", ""])), rows=(5, 10))
    if rng.random() < 0.6:
        block.search = rng.choice([f"Search {nouns}…", "Search…", "Filter by name", "Search"])
    buttons = [rng.choice(["Export", "Export CSV", "Import"])] if rng.random() < 0.6 else []
    buttons.append(rng.choice([f"+ New {noun}", f"Add {noun}", "New", "+ Add"]))
    subtitle = rng.choice(["", "", f"A list of all the {nouns} in your account."])
    return Page(s.cased(nouns.capitalize()), [block], buttons, subtitle)


def detail_page(s: ScreenSampler) -> Page:
    rng = s.rng
    entity = s.pick()
    columns = s.visible_columns(entity, 0.8)
    parts = groups(columns)
    if len(columns) >= 6 and len(parts) > 1 and rng.random() < 0.4:
        blocks = [
            s.details_block(entity, s.cased(rng.choice(SECTION_TITLES[g])), cols)
            for g, cols in parts
        ]
    else:
        name = s.cased(rng.choice(["Overview", "Details", ""]))
        blocks = [s.details_block(entity, name, columns)]
    noun = s.noun(entity).capitalize()
    title = rng.choice([f"{noun} #{rng.randint(100, 9999)}", f"{noun} details", noun])
    buttons = [rng.choice(["Delete", "Archive"]), "Edit"] if rng.random() < 0.8 else ["Edit"]
    return Page(s.cased(title), blocks, buttons)


def master_detail_page(s: ScreenSampler) -> Page | None:
    rng = s.rng
    parent = s.entity(lambda t: bool(s.children_of(t)))
    if parent is None:
        return None
    child = rng.choice(s.children_of(parent))
    summary = s.details_block(parent, "", s.visible_columns(parent, 0.7))
    items = s.table_block(child, "", parent=parent.name, max_cols=5, rows=(2, 6))
    extra = rng.sample(["Activity", "Notes", "Files", "History"], k=rng.randint(1, 2))
    tabs = [s.cased(t) for t in ["Overview", s.noun(child, True).capitalize(), *extra]]
    noun = s.noun(parent).capitalize()
    title = f"{noun} {rng.randint(1000, 99999)}"
    return Page(s.cased(title), [summary, items], ["Print", "Edit"], tabs=tabs, tab=1)


def dashboard_page(s: ScreenSampler) -> Page:
    rng = s.rng
    tables = s.entities()
    picks = rng.sample(tables, k=min(len(tables), rng.randint(1, 3)))
    blocks = [s.kpi_block(tables)]
    for t in picks:
        prefix = rng.choice(["Recent ", "Latest ", ""])
        title = (prefix + s.noun(t, True)).capitalize()
        blocks.append(s.table_block(t, s.cased(title), max_cols=4, rows=(3, 6)))
    title = rng.choice(["Dashboard", "Overview", "Home"])
    subtitle = rng.choice(["", f"Welcome back, {s.faker.first_name()}", "Here is what happened."])
    buttons = [rng.choice(["Refresh", "Last 30 days", "Export"])]
    return Page(s.cased(title), blocks, buttons, subtitle)


def _has_secret(t: TableSpec) -> bool:
    return any(c.kind == "secret" for c in t.columns)


def account_page(s: ScreenSampler) -> Page | None:
    rng = s.rng
    entity = s.entity(_has_secret)
    if entity is None:
        return None
    signup = rng.random() < 0.6
    people = ("first", "last", "name")
    if signup:
        columns = [c for c in entity.columns if c.kind in (*people, "email", "secret")]
    else:
        login = [c for c in entity.columns if c.kind == "email" or c.name == "username"]
        columns = [rng.choice(login), *(c for c in entity.columns if c.kind == "secret")]
    look = sample_look(rng, s.theme, len(columns), max_grid=1)
    if look.labels == "inline":
        look.labels = "stacked"
    block = s.form_block(entity, "", columns, 0.3, look=look)
    block.variant = "account"
    if signup:
        title = rng.choice(["Create your account", "Sign up", "Register", "Create an account"])
        block.buttons = [rng.choice(["Create account", "Sign up", "Register"])]
        links = ["Already have an account? Sign in"]
    else:
        title = rng.choice([f"Sign in to {s.domain.app}", "Welcome back", "Log in", "Sign in"])
        block.buttons = [rng.choice(["Sign in", "Log in", "Continue"])]
        links = ["Forgot password?", "Don't have an account? Sign up"]
    app = s.domain.app
    welcome = f"Start using {app} today." if signup else f"Good to see you again at {app}."
    subtitle = rng.choice(["", welcome, "Enter your details below."])
    return Page(title, [block], subtitle=subtitle, links=links, chrome=False)


def _parent(s: ScreenSampler) -> TableSpec | None:
    """An entity that other entities refer to (a parent with children), or None."""
    return s.entity(lambda t: bool(s.children_of(t)))


def record_page(s: ScreenSampler) -> Page | None:
    """One record with its related lists: the parent's details (its own references shown) and
    one or two child tables, each showing what the child refers to besides the parent."""
    rng = s.rng
    parent = _parent(s)
    if parent is None:
        return None
    children = s.children_of(parent)
    picks = rng.sample(children, k=min(len(children), rng.randint(1, 2)))
    name = s.cased(rng.choice(["Overview", "Details", "", "Summary"]))
    blocks = [s.details_block(parent, name, s.visible_columns(parent, 0.6, refs=True))]
    for child in picks:
        title = s.cased(rng.choice(["", "Recent ", "Related "]) + s.noun(child, True)).capitalize()
        blocks.append(
            s.table_block(child, title, parent=parent.name, max_cols=5, rows=(2, 5), refs=True)
        )
    noun = s.noun(parent).capitalize()
    title = rng.choice([f"{noun} #{rng.randint(100, 99999)}", f"{noun} {rng.randint(1000, 9999)}"])
    buttons = ["Edit"] if rng.random() < 0.5 else [rng.choice(["Delete", "Archive"]), "Edit"]
    return Page(s.cased(title), blocks, buttons)


def entry_page(s: ScreenSampler) -> Page | None:
    """A record entered with its lines (an order with its items, an invoice with its lines): the
    parent's form, references as selects, above an editable table of one child."""
    rng = s.rng
    parent = _parent(s)
    if parent is None:
        return None
    child = rng.choice(s.children_of(parent))
    noun = s.noun(parent)
    edit = rng.random() < 0.5
    columns = first_columns(s.visible_columns(parent, 0.6, refs=True), 6, refs=True)
    look = sample_look(rng, s.theme, len(columns), max_grid=2)
    name = rng.choice(["", "Details", f"{noun.capitalize()} details"])
    form = s.form_block(parent, s.cased(name), columns, 0.95 if edit else 0.5, look=look)
    lines_title = rng.choice(["Items", "Lines", "Line items", s.noun(child, True).capitalize()])
    lines = s.table_block(
        child, s.cased(lines_title), parent=parent.name, max_cols=5, rows=(1, 4), refs=True
    )
    lines.note = rng.choice(["", "+ Add line", f"+ Add {s.noun(child)}", lines.note])
    verb = "Edit" if edit else rng.choice(["New", "Create"])
    buttons = ["Cancel", rng.choice(["Save", f"Save {noun}", "Submit"])]
    return Page(s.cased(f"{verb} {noun}"), [form, lines], buttons)


FAMILIES: dict[str, Callable[[ScreenSampler], Page | None]] = {
    "form": form_page,
    "settings": settings_page,
    "wizard": wizard_page,
    "modal": modal_page,
    "table": table_page,
    "detail": detail_page,
    "master_detail": master_detail_page,
    "dashboard": dashboard_page,
    "account": account_page,
    "record": record_page,
    "entry": entry_page,
}
# Several related records on one screen; drawn with probability --related (generate.py), so the
# default draw over SCREEN_KINDS, and every set made before they existed, stays byte for byte.
RELATED_KINDS = ("record", "entry")
SCREEN_KINDS = tuple(k for k in FAMILIES if k not in RELATED_KINDS)
FALLBACK = {
    "master_detail": "detail",
    "account": "form",
    "record": "master_detail",
    "entry": "form",
}
