"""Pure-Pillow screen renderer: no browser needed, deterministic for a given Pillow/FreeType.

Fonts come from matplotlib's bundled DejaVu and STIX files (ghost_architect.fonts), so every
machine renders the same.
It draws one plain look (labels above boxes, cards, tables) and ignores the themes' presentation
(label placement, badges, modals, steppers): fast and stable, for tests and speed runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ghost_architect.data.synth.screens import Block, Screen, Theme, Widget
from ghost_architect.fonts import font

MAX_HEIGHT = 4000
THEME_FONTS = {"liberation-serif": "serif", "dejavu-serif": "serif", "dejavu-mono": "mono"}
THEME_FONTS["liberation-mono"] = "mono"
RADIUS = {"bootstrap": 6, "material": 4, "tailwind": 8}


@dataclass(frozen=True)
class Palette:
    bg: str
    surface: str
    text: str
    muted: str
    border: str
    header: str
    stripe: str
    accent: str

    @classmethod
    def of(cls, theme: Theme) -> Palette:
        if theme.dark:
            return cls(
                "#17181c",
                "#22242a",
                "#e8e9ed",
                "#9a9ca5",
                "#3a3d46",
                "#2c2f37",
                "#262830",
                theme.accent,
            )
        return cls(
            "#f3f4f6",
            "#ffffff",
            "#111827",
            "#6b7280",
            "#d1d5db",
            "#f1f3f7",
            "#f9fafb",
            theme.accent,
        )


class Painter:
    """Draws one screen top to bottom, tracking the y cursor."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self.t = screen.theme
        self.p = Palette.of(self.t)
        self.image = Image.new("RGB", (self.t.width, MAX_HEIGHT), self.p.bg)
        self.draw = ImageDraw.Draw(self.image)
        self.family = THEME_FONTS.get(self.t.font, "sans")
        self.radius = RADIUS.get(self.t.style, 0)
        self.padding = 12 if self.t.dense else 16
        self.f = font(self.family, self.t.size)
        self.fb = font(self.family, self.t.size, bold=True)
        self.small = font(self.family, max(10, self.t.size - 2))
        self.line = int(self.t.size * 1.6)

    def text_width(self, text: str, f: ImageFont.FreeTypeFont) -> float:
        return f.getlength(text)

    def fit(self, text: str, f: ImageFont.FreeTypeFont, width: float) -> str:
        if self.text_width(text, f) <= width:
            return text
        while text and self.text_width(text + "…", f) > width:
            text = text[:-1]
        return text + "…"

    def box(self, xy, fill=None, outline=None, radius=None) -> None:
        r = self.radius if radius is None else radius
        self.draw.rounded_rectangle(xy, radius=r, fill=fill, outline=outline)

    # -- chrome -----------------------------------------------------------------------------------
    def chrome(self) -> tuple[int, int]:
        """Draw nav (top bar or sidebar); return the content area's left and right x."""
        s, p = self.screen, self.p
        if self.t.sidebar:
            width = 200
            self.draw.rectangle((0, 0, width, MAX_HEIGHT), fill=p.surface)
            self.draw.line((width, 0, width, MAX_HEIGHT), fill=p.border)
            self.draw.text(
                (20, 18), s.app, font=font(self.family, self.t.size + 3, True), fill=p.accent
            )
            for i, item in enumerate(s.nav):
                y = 64 + i * (self.line + 8)
                if i == 1:
                    self.box((10, y - 6, width - 10, y + self.line - 2), fill=p.header)
                self.draw.text((22, y), item, font=self.f, fill=p.text if i == 1 else p.muted)
            self.y = 24
            return width + 28, self.t.width - 28
        self.draw.rectangle(
            (0, 0, self.t.width, 52), fill=p.accent if not self.t.dark else p.surface
        )
        color = "#ffffff" if not self.t.dark else p.accent
        self.draw.text((24, 15), s.app, font=font(self.family, self.t.size + 3, True), fill=color)
        x = 48 + self.text_width(s.app, font(self.family, self.t.size + 3, True))
        for item in s.nav:
            self.draw.text(
                (x, 17), item, font=self.f, fill="#e5e7eb" if not self.t.dark else p.muted
            )
            x += self.text_width(item, self.f) + 24
        self.y = 72
        return 28, self.t.width - 28

    def heading(self, left: int, right: int) -> None:
        s, p = self.screen, self.p
        self.draw.text((left, self.y), " / ".join(s.breadcrumbs), font=self.small, fill=p.muted)
        self.y += self.line
        big = font(self.family, int(self.t.size * 1.6), True)
        self.draw.text((left, self.y), s.title, font=big, fill=p.text)
        x = right
        for i, label in enumerate(reversed(s.buttons)):
            w = self.text_width(label, self.f) + 28
            x -= w
            primary = i == 0
            self.box(
                (x, self.y, x + w, self.y + self.line + 8),
                fill=p.accent if primary else p.surface,
                outline=p.accent,
            )
            self.draw.text(
                (x + 14, self.y + 4), label, font=self.f, fill="#ffffff" if primary else p.accent
            )
            x -= 10
        self.y += int(self.t.size * 1.6) + self.line

    # -- blocks -----------------------------------------------------------------------------------
    def card(self, block: Block, left: int, right: int, body) -> None:
        """A filled, outlined card: a dry run on scratch measures it, then it is painted."""
        pad, p = self.padding, self.p
        top = self.y
        real = self.draw
        self.draw = ImageDraw.Draw(Image.new("RGB", (1, 1)))
        self._card_body(block, left, right, body)
        self.draw, bottom, self.y = real, self.y, top
        self.box((left, top, right, bottom), fill=p.surface, outline=p.border)
        self._card_body(block, left, right, body)
        self.y += pad + 16

    def _card_body(self, block: Block, left: int, right: int, body) -> None:
        pad = self.padding
        self.y += pad
        if block.title:
            self.draw.text((left + pad, self.y), block.title, font=self.fb, fill=self.p.text)
            self.y += self.line + 6
        body(left + pad, right - pad)
        self.y += pad

    def widget(self, w: Widget, x: int, width: int) -> None:
        p = self.p
        label = w.label + (" *" if w.required else "")
        if w.widget in ("checkbox", "toggle"):
            self.box((x, self.y + 2, x + 16, self.y + 18), outline=p.border, radius=3)
            if w.value == "on":
                self.draw.text((x + 2, self.y), "✓", font=self.fb, fill=p.accent)
            self.draw.text((x + 26, self.y), label, font=self.f, fill=p.text)
            self.y += self.line + 10
            return
        self.draw.text((x, self.y), label, font=self.small, fill=p.muted)
        self.y += self.line - 2
        if w.widget == "radio":
            cx = x
            for option in w.options:
                selected = option == w.value
                self.draw.ellipse(
                    (cx, self.y + 3, cx + 14, self.y + 17),
                    outline=p.border,
                    fill=p.accent if selected else None,
                )
                self.draw.text((cx + 20, self.y), option, font=self.f, fill=p.text)
                cx += int(self.text_width(option, self.f)) + 44
            self.y += self.line + 10
            return
        height = self.line + 10 if w.widget != "textarea" else self.line * 3
        self.box((x, self.y, x + width, self.y + height), fill=p.surface, outline=p.border)
        text = self.fit(w.value or w.placeholder, self.f, width - 40)
        self.draw.text((x + 10, self.y + 6), text, font=self.f, fill=p.text if w.value else p.muted)
        if w.widget == "select":
            self.draw.text((x + width - 22, self.y + 6), "▾", font=self.f, fill=p.muted)
        self.y += height + 12

    def fields(self, block: Block, left: int, right: int) -> None:
        columns = block.grid if block.labels != "left" else 1
        gap = 24
        width = (right - left - gap * (columns - 1)) // columns
        for start in range(0, len(block.widgets), columns):
            row_top, row_bottom = self.y, self.y
            for i, w in enumerate(block.widgets[start : start + columns]):
                self.y = row_top
                x = left + i * (width + gap)
                if block.kind == "form":
                    self.widget(w, x, width)
                else:
                    self.draw.text((x, self.y), w.label, font=self.small, fill=self.p.muted)
                    value = self.fit(w.value or "—", self.f, width)
                    self.draw.text(
                        (x, self.y + self.line - 2), value, font=self.f, fill=self.p.text
                    )
                    self.y += self.line * 2 + 6
                row_bottom = max(row_bottom, self.y)
            self.y = row_bottom

    def table(self, block: Block, left: int, right: int) -> None:
        p = self.p
        cells = [block.headers, *block.rows]
        natural = [
            max(
                self.text_width(str(row[i]), self.fb if r == 0 else self.f)
                for r, row in enumerate(cells)
            )
            + 24
            for i in range(len(block.headers))
        ]
        scale = min(1.0, (right - left) / max(1.0, sum(natural)))
        widths = [w * scale for w in natural]
        row_h = self.line + 10
        self.draw.rectangle((left, self.y, right, self.y + row_h), fill=p.header)
        for r, row in enumerate(cells):
            if r and r % 2 == 0:
                self.draw.rectangle((left, self.y, right, self.y + row_h), fill=p.stripe)
            x = left
            for i, cell in enumerate(row):
                f = self.fb if r == 0 else self.f
                self.draw.text(
                    (x + 12, self.y + 5),
                    self.fit(str(cell), f, widths[i] - 16),
                    font=f,
                    fill=p.text if r else p.muted,
                )
                x += widths[i]
            self.y += row_h
            self.draw.line((left, self.y, right, self.y), fill=p.border)
        total = len(block.rows) + sum(map(ord, block.title)) % 200
        self.y += 8
        self.draw.text(
            (left, self.y), f"Showing 1–{len(block.rows)} of {total}", font=self.small, fill=p.muted
        )
        self.y += self.line

    def kpis(self, block: Block, left: int, right: int) -> None:
        p = self.p
        n = len(block.kpis)
        gap = 16
        width = (right - left - gap * (n - 1)) / n
        big = font(self.family, int(self.t.size * 1.5), True)
        for i, (label, value) in enumerate(block.kpis):
            x = left + i * (width + gap)
            self.box((x, self.y, x + width, self.y + self.line * 3), fill=p.header)
            self.draw.text((x + 12, self.y + 8), label, font=self.small, fill=p.muted)
            self.draw.text((x + 12, self.y + 8 + self.line), value, font=big, fill=p.accent)
        self.y += self.line * 3

    def paint(self) -> Image.Image:
        left, right = self.chrome()
        self.heading(left, right)
        for block in self.screen.blocks:
            body = {"table": self.table, "kpis": self.kpis}.get(block.kind)
            self.card(
                block, left, right, lambda a, b, blk=block, fn=body: (fn or self.fields)(blk, a, b)
            )
        self.draw.text((left, self.y + 8), self.screen.footer, font=self.small, fill=self.p.muted)
        height = min(MAX_HEIGHT, int(self.y + 8 + self.line * 2))
        return self.image.crop((0, 0, self.t.width, height))


class PillowRenderer:
    """Renders a Screen with Pillow alone."""

    name = "pillow"
    description = "pure Pillow, no browser; deterministic (tests use it)"

    def unavailable_reason(self) -> str | None:
        return None

    def render(self, screen: Screen, path: Path) -> None:
        Painter(screen).paint().save(path, format="PNG", optimize=False)
