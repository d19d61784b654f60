"""Perception measured on its own: are the screen's field labels found (recall), are the fields
found real ones (precision), is each paired with its value (empty ones included), is its widget
kind right, are table headers read?

Gold fields come from the hand-made benchmark (`fields/ID.json`) or the generator
(`visible/ID.json`): `{"label", "value", "widget"}` in reading order. Text is compared after
lower-casing and dropping everything but letters and digits, then by a 0.8 similarity ratio, so an
OCR slip of one letter in a long label still counts and a different word does not.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from typing import Any

from ghost_architect.perception.layout import Layout, LayoutField

SIMILAR = 0.8
WIDGET_CLASSES = {"input": "input", "textarea": "input", "select": "select", "radio": "radio",
                  "checkbox": "mark", "toggle": "mark", "text": "text"}  # fmt: skip


def normalise(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def likeness(a: str, b: str) -> float:
    """1.0 for the same normalised text, else the SequenceMatcher ratio (0 if either is empty)."""
    x, y = normalise(a), normalise(b)
    if x == y:
        return 1.0
    return SequenceMatcher(None, x, y).ratio() if x and y else 0.0


def similar(a: str, b: str) -> bool:
    return likeness(a, b) >= SIMILAR


@dataclass
class PerceptionScore:
    fields: int = 0  # gold fields on the screen
    perceived: int = 0  # fields perception found (matched or not)
    labels_found: int = 0
    pairs_right: int = 0
    widgets_right: int = 0
    headers: int = 0
    headers_found: int = 0
    misses: list[str] = field(default_factory=list)  # "label: why" for each failure

    def add(self, other: PerceptionScore) -> None:
        for name in ("fields", "perceived", "labels_found", "pairs_right", "widgets_right",
                     "headers", "headers_found"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def label_recall(self) -> float:
        return self.labels_found / self.fields if self.fields else 1.0

    @property
    def label_precision(self) -> float:
        """The share of perceived fields that are gold fields (nav links, chips and stray text
        read as label/value pairs lower it)."""
        return self.labels_found / self.perceived if self.perceived else 1.0

    @property
    def pairing_accuracy(self) -> float:
        return self.pairs_right / self.labels_found if self.labels_found else 1.0

    @property
    def widget_accuracy(self) -> float:
        return self.widgets_right / self.labels_found if self.labels_found else 1.0

    @property
    def header_recall(self) -> float:
        return self.headers_found / self.headers if self.headers else 1.0

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("misses")
        return {**data, "label_recall": round(self.label_recall, 4),
                "label_precision": round(self.label_precision, 4),
                "pairing_accuracy": round(self.pairing_accuracy, 4),
                "widget_accuracy": round(self.widget_accuracy, 4),
                "header_recall": round(self.header_recall, 4)}  # fmt: skip


def layout_fields(layout: Layout) -> list[LayoutField]:
    return [f for block in layout.blocks for f in block.fields]


def _value_right(gold: dict[str, Any], found: LayoutField) -> bool:
    want = str(gold.get("value", ""))
    if gold.get("widget") in ("checkbox", "toggle"):
        return found.value == want
    return similar(want, found.value) if want or found.value else True


def score_layout(layout: Layout, gold_fields: list[dict[str, Any]],
                 gold_tables: list[dict[str, Any]] = ()) -> PerceptionScore:  # fmt: skip
    """Match each gold field to the most similar unused perceived field by label."""
    candidates = layout_fields(layout)
    result = PerceptionScore(fields=len(gold_fields), perceived=len(candidates))
    used: set[int] = set()
    for gold in gold_fields:
        label = str(gold["label"])
        best, best_ratio = None, 0.0
        for index, found in enumerate(candidates):
            if index in used:
                continue
            ratio = likeness(label, found.label)
            if ratio > best_ratio:
                best, best_ratio = index, ratio
        if best is None or best_ratio < SIMILAR:
            result.misses.append(f"{label}: label not found")
            continue
        used.add(best)
        found = candidates[best]
        result.labels_found += 1
        if _value_right(gold, found):
            result.pairs_right += 1
        else:
            result.misses.append(f"{label}: value {found.value!r}, expected {gold.get('value')!r}")
        gold_class = WIDGET_CLASSES.get(str(gold.get("widget")), "text")
        if WIDGET_CLASSES.get(found.widget or "text", "text") == gold_class:
            result.widgets_right += 1
    seen_headers = [h for block in layout.blocks for h in block.headers]
    for table in gold_tables:
        for header in table.get("headers", []):
            result.headers += 1
            if any(similar(header, h) for h in seen_headers):
                result.headers_found += 1
    return result
