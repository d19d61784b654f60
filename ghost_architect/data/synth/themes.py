"""Style themes: sample a Theme from a seed, and the CSS that draws it (themes/*.css).

Only DejaVu and Liberation fonts are installed, so every stack names one of them first.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

from ghost_architect.data.synth.model import Theme

THEME_DIR = Path(__file__).with_name("themes")
STYLES = ("bootstrap", "material", "tailwind", "plain", "legacy")
STYLE_WEIGHTS = (0.25, 0.2, 0.25, 0.13, 0.17)
ACCENTS = (
    "#2563eb",
    "#0d6efd",
    "#7c3aed",
    "#059669",
    "#dc2626",
    "#d97706",
    "#0891b2",
    "#db2777",
    "#4f46e5",
    "#1e40af",
    "#0f766e",
    "#6d28d9",
)
# font key -> CSS stack
FONTS = {
    "liberation-sans": "'Liberation Sans', Arial, Helvetica, sans-serif",
    "dejavu-sans": "'DejaVu Sans', Verdana, sans-serif",
    "dejavu-condensed": "'DejaVu Sans Condensed', 'DejaVu Sans', sans-serif",
    "liberation-narrow": "'Liberation Sans Narrow', 'Liberation Sans', sans-serif",
    "liberation-serif": "'Liberation Serif', 'Times New Roman', serif",
    "dejavu-serif": "'DejaVu Serif', Georgia, serif",
    "dejavu-mono": "'DejaVu Sans Mono', monospace",
    "liberation-mono": "'Liberation Mono', 'Courier New', monospace",
}
STYLE_FONTS = {
    "bootstrap": ("liberation-sans", "liberation-sans", "dejavu-sans", "dejavu-condensed"),
    "material": ("liberation-sans", "dejavu-sans", "dejavu-sans", "liberation-narrow"),
    "tailwind": ("liberation-sans", "dejavu-sans", "dejavu-condensed", "dejavu-serif"),
    "plain": ("liberation-serif", "liberation-serif", "liberation-sans", "dejavu-serif"),
    "legacy": ("dejavu-sans", "liberation-sans", "liberation-mono", "dejavu-mono"),
}
WIDTHS = (1024, 1152, 1280, 1366, 1440)


def sample_theme(rng: random.Random) -> Theme:
    """A theme: style, light or dark, accent, font, size, width, navigation, density."""
    style = rng.choices(STYLES, STYLE_WEIGHTS)[0]
    dense = rng.random() < (0.5 if style == "legacy" else 0.2)
    dark_share = {"plain": 0.0, "legacy": 0.05}.get(style, 0.3)
    return Theme(
        style=style,
        dark=rng.random() < dark_share,
        accent=rng.choice(ACCENTS),
        font=rng.choice(STYLE_FONTS[style]),
        size=rng.choice((12, 13) if dense else (13, 14, 14, 15, 16)),
        width=rng.choice(WIDTHS[2:] if dense else WIDTHS),
        sidebar=rng.random() < (0.15 if style == "plain" else 0.45),
        dense=dense,
        variant=rng.choice(("outlined", "outlined", "filled")) if style == "material" else "",
    )


@lru_cache(maxsize=8)
def _css_file(name: str) -> str:
    return (THEME_DIR / f"{name}.css").read_text(encoding="utf-8")


def theme_css(theme: Theme) -> str:
    """The page stylesheet: shared structure, the style's look, then the theme's variables."""
    variables = f":root{{--accent:{theme.accent};--font:{FONTS[theme.font]};--fs:{theme.size}px}}"
    return "\n".join((_css_file("base"), _css_file(theme.style), variables))
