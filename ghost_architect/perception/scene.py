"""What the control pass works on: the OCR texts and detected elements of one part of a screen,
and which texts are already used."""

from __future__ import annotations

from dataclasses import dataclass, field

from ghost_architect.perception.elements import Element
from ghost_architect.perception.geometry import Rect
from ghost_architect.perception.ocr import TextBox


@dataclass
class Scene:
    texts: list[TextBox]
    elements: list[Element]
    used: set[int] = field(default_factory=set)  # indexes of texts consumed
    units: dict[int, str] = field(default_factory=dict)  # id(element) -> unit shown after it
    dividers: list[float] = field(default_factory=list)  # x of full-height edges (a sidebar's)
    rules: list[Rect] = field(default_factory=list)  # long horizontal edges (elements.py)
    labels: list[int] = field(default_factory=list)  # indexes of texts that label a box

    def free(self) -> list[tuple[int, TextBox]]:
        return [(i, t) for i, t in enumerate(self.texts) if i not in self.used]
