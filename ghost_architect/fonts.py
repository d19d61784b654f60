"""The one place fonts are found: matplotlib's bundled DejaVu and STIX files, so every machine
draws the same pixels (synthetic screenshots, ERD pictures)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_FILES = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
    "stix": ("STIXGeneral.ttf", "STIXGeneralBol.ttf"),
}


@lru_cache(maxsize=1)
def font_dir() -> Path:
    """matplotlib's folder of bundled TrueType fonts (matplotlib is imported on first use)."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@lru_cache(maxsize=64)
def font(family: str, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """A ``FONT_FILES`` family ("sans", "serif", "mono", "stix") at ``size`` pixels."""
    regular, heavy = FONT_FILES[family]
    return ImageFont.truetype(str(font_dir() / (heavy if bold else regular)), size)
