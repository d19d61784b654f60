"""A screen's text in reading order with its grouping: what a text-only model reads.

The synthetic generator writes it from ground truth; the OCR perception stage builds the same
structure from text boxes, so training and inference see one format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A field line as LayoutField.to_text writes it: `Label * [widget, placeholder "x"]: value`;
# the required mark and the widget tags are not part of the label, an empty field has no value.
FIELD_LINE = re.compile(
    r"^(?P<label>[^#|\s][^:]{0,79}?)(?P<required> \*)?(?: \[(?P<tags>[^\]]*)\])?"
    r":(?: (?P<value>.*))?$"
)
HELP_SUFFIX = re.compile(r" \(help: (?P<help>.*)\)$")
SELECTED_SUFFIX = re.compile(r" \(selected: (?P<value>.*)\)$")
PLACEHOLDER_TAG = re.compile(r'^placeholder(?: "(?P<hint>.*)")?$')
FIELD_KINDS = ("form", "details", "kpis")  # the blocks whose lines are labelled fields


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

    @classmethod
    def from_text(cls, line: str) -> LayoutField | None:
        """The field ``to_text`` wrote as ``line``, or None when the line is no field line."""
        match = FIELD_LINE.match(line)
        if match is None:
            return None
        value = match["value"] or ""
        help_line = HELP_SUFFIX.search(value)
        if help_line:
            value = value[: help_line.start()]
        found = cls(match["label"], required=bool(match["required"]),
                    help=help_line["help"] if help_line else "")  # fmt: skip
        for tag in (match["tags"] or "").split(", "):
            hint = PLACEHOLDER_TAG.match(tag)
            if hint:
                found.placeholder = hint["hint"] or found.label
            elif tag:
                found.widget = tag
        if " | " in value:
            selected = SELECTED_SUFFIX.search(value)
            found.options = value[: selected.start() if selected else None].split(" | ")
            value = selected["value"] if selected else ""
        found.value = value
        return found


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

    @classmethod
    def from_text(cls, text: str) -> Layout:
        """The layout ``to_text`` wrote as ``text``: what a consumer of the text alone (the
        heuristic engine, grounding a model's schema) reads back of blocks, fields and tables."""
        layout = cls()
        block: LayoutBlock | None = None
        chrome = False
        for line in text.splitlines():
            if line.startswith("# ") and not layout.title and block is None:
                layout.title = line[2:]
            elif line == "## other text":
                chrome = True
            elif line.startswith("## ") and not chrome:
                kind, _, title = line[3:].partition(": ")
                block = LayoutBlock(kind, title)
                layout.blocks.append(block)
            elif chrome:
                layout.chrome.append(line)
            elif block is None:
                block = LayoutBlock("text", lines=[line])
                layout.blocks.append(block)
            elif line.startswith("| ") and not block.lines and not block.fields:
                cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
                if block.headers:
                    block.rows.append(cells)
                else:
                    block.headers = cells
            elif block.kind in FIELD_KINDS and (parsed := LayoutField.from_text(line)):
                block.fields.append(parsed)
            else:
                block.lines.append(line)
        return layout
