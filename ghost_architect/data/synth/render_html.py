"""HTML + headless Chromium renderer: real browser text layout and anti-aliasing, for realism.

Needs a chromium binary (Debian's ``chromium``); ``unavailable_reason`` says so when it is absent.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

from ghost_architect.data.synth.screens import Block, Screen, Widget

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FONT_STACKS = {
    "sans": "'DejaVu Sans', Arial, sans-serif",
    "serif": "'DejaVu Serif', Georgia, serif",
    "mono": "'DejaVu Sans Mono', monospace",
    "stix": "'STIX Two Text', 'Liberation Serif', serif",
}
CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
CSS_FILE = Path(__file__).with_name("screen.css")


def find_browser() -> str | None:
    configured = os.environ.get("GHOST_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _widget(w: Widget) -> str:
    label = _e(w.label) + (" *" if w.required else "")
    if w.widget == "checkbox":
        mark = "☑" if w.value == "Yes" else "☐"
        return f"<div>{mark} {label}</div>"
    if w.widget == "radio":
        options = " &nbsp; ".join(("◉ " if o == w.value else "○ ") + _e(o) for o in w.options)
        return f"<div><label>{label}</label><div>{options}</div></div>"
    cls = {"textarea": "input area", "select": "input sel"}.get(w.widget, "input")
    return f"<div><label>{label}</label><div class='{cls}'>{_e(w.value)}</div></div>"


def _block(b: Block) -> str:
    title = f"<h2>{_e(b.title)}</h2>" if b.title else ""
    if b.kind == "kpis":
        body = "".join(f"<div class='kpi'>{_e(k)}<div>{_e(v)}</div></div>" for k, v in b.kpis)
        return f"<div class='card'>{title}<div class='kpis'>{body}</div></div>"
    if b.kind == "table":
        head = "".join(f"<th>{_e(h)}</th>" for h in b.headers)
        rows = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in b.rows)
        note = f"<div class='note'>Showing 1–{len(b.rows)}</div>"
        return f"<div class='card'>{title}<table><tr>{head}</tr>{rows}</table>{note}</div>"
    if b.kind == "form":
        fields = "".join(_widget(w) for w in b.widgets)
    else:
        fields = "".join(
            f"<div><label>{_e(w.label)}</label><div>{_e(w.value or '—')}</div></div>"
            for w in b.widgets
        )
    return f"<div class='card'>{title}<div class='grid'>{fields}</div></div>"


def screen_html(screen: Screen) -> str:
    t = screen.theme
    dark = t.dark
    colors = {
        "bg": "#17181c" if dark else "#f3f4f6",
        "surface": "#22242a" if dark else "#ffffff",
        "text": "#e8e9ed" if dark else "#111827",
        "muted": "#9a9ca5" if dark else "#6b7280",
        "border": "#3a3d46" if dark else "#d1d5db",
        "header": "#2c2f37" if dark else "#f1f3f7",
        "stripe": "#262830" if dark else "#f9fafb",
        "accent": t.accent,
        "topbg": "#22242a" if dark else t.accent,
        "brand": t.accent if dark else "#ffffff",
        "navtext": "#9a9ca5" if dark else "#e5e7eb",
    }
    css = CSS_FILE.read_text() % {
        **colors,
        "font": FONT_STACKS[t.font],
        "size": t.size,
        "r": t.radius,
        "pad": t.padding,
        "cols": t.form_columns,
    }
    buttons = "".join(
        f"<span class='btn{' primary' if i == 0 else ''}'>{_e(b)}</span>"
        for i, b in enumerate(screen.buttons)
    )
    content = (
        f"<div class='crumbs'>{_e(' / '.join(screen.breadcrumbs))}</div>"
        f"<div class='head'><h1>{_e(screen.title)}</h1><div>{buttons}</div></div>"
        + "".join(_block(b) for b in screen.blocks)
        + f"<div class='foot'>{_e(screen.footer)}</div>"
    )
    nav = "".join(f"<span>{_e(n)}</span>" for n in screen.nav)
    if t.sidebar:
        side = "".join(f"<div>{_e(n)}</div>" for n in screen.nav)
        page = (
            f"<div class='wrap'><div class='side'><b>{_e(screen.app)}</b>{side}</div>"
            f"<div class='main'>{content}</div></div>"
        )
    else:
        page = (
            f"<div class='top'><b>{_e(screen.app)}</b>{nav}</div><div class='main'>{content}</div>"
        )
    head = f"<head><meta charset='utf-8'><style>{css}</style></head>"
    return f"<!doctype html><html>{head}<body>{page}</body></html>"


def crop_to_content(path: Path, background: str) -> None:
    """Trim the empty window area below the page content."""
    with Image.open(path) as image:
        rgb = image.convert("RGB")
    diff = ImageChops.difference(rgb, Image.new("RGB", rgb.size, background))
    box = diff.getbbox()
    if box:
        rgb.crop((0, 0, rgb.width, min(rgb.height, box[3] + 24))).save(path, format="PNG")


class ChromiumRenderer:
    """Renders a Screen as HTML in headless Chromium."""

    name = "html"
    description = "HTML + headless Chromium (needs a chromium binary); most realistic"

    def unavailable_reason(self) -> str | None:
        if find_browser() is None:
            return "no chromium binary found (apt-get install chromium, or set GHOST_CHROMIUM)"
        return None

    def render(self, screen: Screen, path: Path) -> None:
        browser = find_browser()
        if browser is None:
            raise RuntimeError(self.unavailable_reason())
        with tempfile.TemporaryDirectory(prefix="ghost-chromium-") as tmp:
            page = Path(tmp) / "screen.html"
            page.write_text(screen_html(screen), encoding="utf-8")
            shot = Path(tmp) / "shot.png"
            subprocess.run(
                [
                    browser,
                    *CHROME_FLAGS,
                    f"--user-data-dir={tmp}/profile",
                    f"--window-size={screen.theme.width},2400",
                    f"--screenshot={shot}",
                    page.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            crop_to_content(shot, "#17181c" if screen.theme.dark else "#f3f4f6")
            shutil.move(str(shot), path)
