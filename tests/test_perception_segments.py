"""Segmented controls (perception/segments.py): a row of joined buttons, one filled, is a radio
group whose value is the filled segment; buttons set apart and an input behind an add-on are not."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ghost_architect.fonts import font
from ghost_architect.perception.elements import Element
from ghost_architect.perception.geometry import Rect
from ghost_architect.perception.ocr import TextBox
from ghost_architect.perception.pixels import luminance
from ghost_architect.perception.scene import Scene
from ghost_architect.perception.segments import segmented_fields

FONT = font("sans", 14)
PINK, WHITE = (214, 51, 132), (255, 255, 255)


def control(words: list[str], chosen: int, gap: int = 0) -> tuple[np.ndarray, Scene, Element]:
    """A label over a row of segments 90 px wide (``gap`` px apart; 0 = joined as one control)."""
    image = Image.new("RGB", (520, 140), WHITE)
    draw = ImageDraw.Draw(image)
    texts = []
    left, top = 40, 60
    draw.text((left, 30), "Product", fill=(30, 30, 30), font=FONT)
    texts.append(TextBox(Rect(38, 28, 100, 48), "Product"))
    for k, word in enumerate(words):
        x0 = left + k * (90 + gap)
        filled = k == chosen
        draw.rectangle((x0, top, x0 + 90, top + 32), fill=PINK if filled else WHITE, outline=PINK)
        width = draw.textlength(word, font=FONT)
        x = x0 + (90 - width) / 2
        draw.text((x, top + 8), word, fill=WHITE if filled else PINK, font=FONT)
        texts.append(TextBox(Rect(x - 3, top + 5, x + width + 3, top + 27), word))
    right = left + len(words) * (90 + gap) - gap
    button = Element("button", Rect(left - 1, top - 1, right + 2, top + 34))
    return np.asarray(image), Scene(texts, [button]), button


def test_joined_buttons_one_filled_are_a_radio_group_with_its_label():
    rgb, scene, button = control(["Flyer", "Booklet", "Poster"], chosen=1)
    (item,) = segmented_fields(scene, rgb, luminance(rgb))
    field = item.field
    assert (field.label, field.value, field.widget) == ("Product", "Booklet", "radio")
    assert field.options == ["Flyer", "Booklet", "Poster"]
    assert button not in scene.elements  # no longer a button for the chrome
    assert scene.used == {0, 1, 2, 3}


def test_buttons_set_apart_stay_buttons():
    rgb, scene, button = control(["Export", "Print", "Share"], chosen=1, gap=8)
    assert segmented_fields(scene, rgb, luminance(rgb)) == []
    assert scene.elements == [button] and not scene.used
