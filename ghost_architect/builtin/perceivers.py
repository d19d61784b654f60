"""The built-in perceiver: RapidOCR text boxes and OpenCV UI elements, registered through the same
hook a third-party OCR uses."""

from __future__ import annotations

import numpy as np

from ghost_architect.hookspecs import Register, hookimpl
from ghost_architect.perception import DEFAULT_PERCEIVER, opencv_elements
from ghost_architect.perception.elements import Element
from ghost_architect.perception.ocr import TextBox, read_boxes


class RapidOcrPerceiver:
    name = DEFAULT_PERCEIVER
    description = "RapidOCR text (PP-OCRv6 tiny recogniser) + OpenCV UI elements; the default"

    def read_text(self, rgb: np.ndarray) -> list[TextBox]:
        return read_boxes(rgb)

    def detect_elements(self, rgb: np.ndarray, texts: list[TextBox]) -> list[Element]:
        return opencv_elements(rgb, texts)


@hookimpl
def register_perceivers(register: Register) -> None:
    register(RapidOcrPerceiver())
