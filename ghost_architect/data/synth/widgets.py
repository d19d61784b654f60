"""Form controls for columns: which widget, how its label sits, and what it shows."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from ghost_architect.data.synth.catalogue import ColumnSpec
from ghost_architect.data.synth.model import Theme, Widget
from ghost_architect.data.synth.wording import SELECT_PROMPTS, help_line, placeholder

LABEL_PLACEMENTS = ("stacked", "inline", "floating", "placeholder")
# style -> weights of LABEL_PLACEMENTS
PLACEMENT_WEIGHTS = {
    "bootstrap": (0.5, 0.2, 0.15, 0.15),
    "material": (0.2, 0.05, 0.65, 0.1),
    "tailwind": (0.55, 0.15, 0.1, 0.2),
    "plain": (0.45, 0.45, 0.0, 0.1),
    "legacy": (0.25, 0.75, 0.0, 0.0),
}
MARKERS = ("*", "*", "*", "(required)", "", "")
INPUT_TYPES = {
    "email": "email",
    "phone": "tel",
    "url": "url",
    "secret": "password",
    "int": "number",
    "qty": "number",
    "year": "number",
    "rating": "number",
    "decimal": "number",
}
DATE_DISPLAY = "%m/%d/%Y"  # how Chromium (en-US) draws an <input type=date>


@dataclass
class FormLook:
    labels: str  # one of LABEL_PLACEMENTS
    grid: int  # columns of the form grid
    marker: str  # required marker
    colon: bool  # labels end with ":" (inline labels of older apps)


def sample_look(rng: random.Random, theme: Theme, fields: int, max_grid: int = 3) -> FormLook:
    """How a form sets its labels, how many columns it has, how it marks required fields."""
    labels = rng.choices(LABEL_PLACEMENTS, PLACEMENT_WEIGHTS[theme.style])[0]
    grids = [1, 2, 2] + ([3] if theme.width >= 1152 and labels != "inline" else [])
    if theme.dense:
        grids += [3, 3] if labels != "inline" else [2]
    grid = min(rng.choice(grids), max_grid, 1 if fields < 2 else 2 if fields < 4 else 3)
    marker = "" if labels == "placeholder" else rng.choice(MARKERS)
    colon = labels == "inline" and rng.random() < (0.7 if theme.style == "legacy" else 0.25)
    return FormLook(labels, grid, marker, colon)


def control(rng: random.Random, spec: ColumnSpec, settings: bool) -> str:
    """The widget for a column on a form (``settings``: a settings page, toggles preferred)."""
    if spec.kind == "bool":
        return "toggle" if settings or rng.random() < 0.3 else "checkbox"
    if spec.kind == "enum":
        radio = len(spec.options) <= 4 and rng.random() < (0.2 if settings else 0.4)
        return "radio" if radio else "select"
    if spec.column.references:
        return "select"
    return "textarea" if spec.kind == "text" else "input"


def form_widget(
    rng: random.Random,
    spec: ColumnSpec,
    label: str,
    value: str,
    options: list[str],
    look: FormLook,
    filled: bool,
    settings: bool = False,
    date_style: str = "%Y-%m-%d",
) -> Widget:
    """A form control showing ``value`` (or empty when not ``filled``) under ``label``."""
    kind = control(rng, spec, settings)
    w = Widget(label, value, kind, spec.name, required=not spec.column.nullable, options=options)
    if look.colon and kind not in ("checkbox", "toggle"):
        w.label += ":"
    if kind in ("checkbox", "toggle"):
        w.value = "on" if value == "Yes" else "off"
    elif kind == "radio":
        w.value = value if filled or rng.random() < 0.5 else ""
    else:
        _fill(rng, w, spec, look, filled, date_style)
    if rng.random() < 0.2:
        w.help = help_line(rng, spec)
    return w


def _fill(
    rng: random.Random,
    w: Widget,
    spec: ColumnSpec,
    look: FormLook,
    filled: bool,
    date_style: str,
) -> None:
    """Value, input type and placeholder of an input, select or textarea."""
    if w.widget == "input":
        w.input_type = INPUT_TYPES.get(spec.kind, "text")
        if spec.kind == "date" and look.labels != "placeholder" and rng.random() < 0.5:
            w.input_type = "date"
    if look.labels == "placeholder":
        w.label = w.placeholder = _prompt(rng, w) if w.widget == "select" else w.label
        w.value = ""
        return
    if not filled or spec.kind == "secret":
        w.value = ""
        if w.widget == "select":
            w.placeholder = "" if look.labels == "floating" else rng.choice(SELECT_PROMPTS)
        elif look.labels != "floating" and w.input_type != "date" and rng.random() < 0.7:
            w.placeholder = placeholder(rng, spec, w.label)
        return
    if w.input_type == "date":
        day = datetime.strptime(w.value, date_style)
        w.iso = day.strftime("%Y-%m-%d")
        w.value = day.strftime(DATE_DISPLAY)


def _prompt(rng: random.Random, w: Widget) -> str:
    """The grey first option that stands in for a select's label."""
    return rng.choice((w.label, f"Select {w.label.lower()}", f"Choose {w.label.lower()}"))


def read_widget(rng: random.Random, spec: ColumnSpec, label: str, value: str) -> Widget:
    """A read-only label/value pair of a detail page (status values sometimes as pills)."""
    badge = spec.kind in ("enum", "bool") and rng.random() < 0.6
    return Widget(label, value, "text", spec.name, badge=badge)
