"""A screen's text in reading order with its grouping: what a text-only model reads.

The synthetic generator writes it from ground truth; the OCR perception stage builds the same
structure from text boxes, so training and inference see one format.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class LayoutField:
    label: str
    value: str = ""
    required: bool = False
    options: list[str] = field(default_factory=list)  # visible choices (radio buttons, chips)


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

    def to_text(self) -> str:
        out: list[str] = []
        if self.title:
            out.append(f"# {self.title}")
        for block in self.blocks:
            out.append(f"## {block.kind}: {block.title}".rstrip(": "))
            for f in block.fields:
                label = f.label + (" *" if f.required else "")
                value = f.value
                if f.options:
                    value = " | ".join(f.options) + (f" (selected: {f.value})" if f.value else "")
                out.append(f"{label}: {value}")
            if block.headers:
                out.append("| " + " | ".join(block.headers) + " |")
                out.extend("| " + " | ".join(row) + " |" for row in block.rows)
            out.extend(block.lines)
        if self.chrome:
            out.append("## other text")
            out.extend(self.chrome)
        return "\n".join(out)
