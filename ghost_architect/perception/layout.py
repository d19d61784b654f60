"""A screen's text in reading order with its grouping: what a text-only model reads.

The synthetic generator writes it from ground truth; the OCR perception stage builds the same
structure from text boxes, so training and inference see one format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class LayoutField:
    label: str
    value: str = ""
    required: bool = False
    options: list[str] = field(default_factory=list)  # visible choices (radio buttons, chips)
    widget: str = ""  # input | select | textarea | checkbox | radio | toggle | text ("" = unknown)
    placeholder: str = ""  # faint hint text shown inside an empty input
    help: str = ""  # help line under the input

    def to_text(self) -> str:
        """One line: `Label * [widget, placeholder "hint"]: value (help: ...)`."""
        label = self.label + (" *" if self.required else "")
        tags = [self.widget] if self.widget and self.widget != "text" else []
        if self.placeholder and self.placeholder != self.label:
            tags.append(f'placeholder "{self.placeholder}"')
        elif self.placeholder:
            tags.append("placeholder")
        if tags:
            label += f" [{', '.join(tags)}]"
        value = self.value
        if self.options:
            value = " | ".join(self.options) + (f" (selected: {self.value})" if self.value else "")
        line = f"{label}: {value}".rstrip()
        return line + (f" (help: {self.help})" if self.help else "")


@dataclass
class LayoutBlock:
    kind: str  # "form" | "details" | "table" | "kpis" | "text"
    title: str = ""
    fields: list[LayoutField] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


@dataclass
class Layout:
    title: str = ""
    chrome: list[str] = field(default_factory=list)  # navigation, buttons, footer: distractors
    blocks: list[LayoutBlock] = field(default_factory=list)

    def words(self) -> list[str]:
        """Every word of visible text (two or more letters or digits), widget tags left out."""
        texts = [self.title, *self.chrome]
        for block in self.blocks:
            texts += [
                block.title,
                *block.headers,
                *block.lines,
                *(c for r in block.rows for c in r),
            ]
            for f in block.fields:
                texts += [f.label, f.value, f.placeholder, f.help, *f.options]
        return [w for t in texts for w in re.findall(r"\w{2,}", t)]

    def to_text(self) -> str:
        out: list[str] = []
        if self.title:
            out.append(f"# {self.title}")
        for block in self.blocks:
            out.append(f"## {block.kind}: {block.title}".rstrip(": "))
            out.extend(f.to_text() for f in block.fields)
            if block.headers:
                out.append("| " + " | ".join(block.headers) + " |")
                out.extend("| " + " | ".join(row) + " |" for row in block.rows)
            out.extend(block.lines)
        if self.chrome:
            out.append("## other text")
            out.extend(self.chrome)
        return "\n".join(out)
