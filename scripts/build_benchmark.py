"""Build (or check) the hand-made benchmark in data/benchmark/.

    python scripts/build_benchmark.py           # render pages -> images, write the index
    python scripts/build_benchmark.py --check   # verify everything, render nothing (tests do)

Each screen is `pages/ID.html` (hand-written HTML/CSS), `gold/ID.sql` (hand-written DDL) and
`fields/ID.json` (what the screen shows, for measuring perception). Rendering uses the system
Chromium through Playwright at a fixed 1000x760 viewport. The index `benchmark.jsonl` holds one
ghost-vision record per screen (image, sql, and the screen's kind, style, theme and density), so
`ghost eval --data data/benchmark/benchmark.jsonl` scores it. Never train on these screens.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

import sqlglot
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "data" / "benchmark"
SIZE = (1000, 760)
KINDS = {"form", "settings", "wizard", "modal", "table", "detail", "master_detail", "dashboard"}
WIDGETS = {"input", "select", "checkbox", "radio", "toggle", "textarea", "text"}
META = ("kind", "style", "theme", "dense")


def screen_ids() -> list[str]:
    return sorted(p.stem for p in (BENCH / "pages").glob("*.html"))


def problems_of(screen: str) -> list[str]:
    """Everything wrong with one screen's files, as `ID: problem` lines."""
    found = []
    for sub, ext in (("gold", "sql"), ("fields", "json"), ("images", "png")):
        if not (BENCH / sub / f"{screen}.{ext}").is_file():
            found.append(f"{screen}: {sub}/{screen}.{ext} is missing")
    if found:
        return found
    sql = (BENCH / "gold" / f"{screen}.sql").read_text()
    try:
        sqlglot.parse(sql, read="sqlite")
        sqlite3.connect(":memory:").executescript(sql)
    except Exception as exc:
        found.append(f"{screen}: gold SQL does not parse or execute: {exc}")
    meta = json.loads((BENCH / "fields" / f"{screen}.json").read_text())
    if meta.get("id") != screen or meta.get("kind") not in KINDS:
        found.append(f"{screen}: fields JSON needs id '{screen}' and a kind in {sorted(KINDS)}")
    for number, field in enumerate(meta.get("fields", []), start=1):
        if not str(field.get("label", "")).strip() or field.get("widget") not in WIDGETS:
            found.append(
                f"{screen}: field {number} needs a label and a widget in {sorted(WIDGETS)}"
            )
    with Image.open(BENCH / "images" / f"{screen}.png") as image:
        if image.size != SIZE:
            found.append(f"{screen}: image is {image.size}, expected {SIZE}")
    return found


def record(screen: str) -> dict:
    meta = json.loads((BENCH / "fields" / f"{screen}.json").read_text())
    return {"id": screen, "image": f"images/{screen}.png",
            "sql": (BENCH / "gold" / f"{screen}.sql").read_text(),
            "notes": meta.get("notes", ""), **{k: meta.get(k) for k in META}}  # fmt: skip


def index_text() -> str:
    return "".join(json.dumps(record(s)) + "\n" for s in screen_ids())


def render(screens: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    from ghost_architect.data.browser import find_browser, launch_chromium

    if find_browser() is None:
        sys.exit("no chromium: apt-get install chromium")
    with sync_playwright() as driver:
        chromium = launch_chromium(driver)
        page = chromium.new_page(viewport={"width": SIZE[0], "height": SIZE[1]},
                                 device_scale_factor=1, locale="en-US")  # fmt: skip
        for screen in screens:
            page.goto((BENCH / "pages" / f"{screen}.html").as_uri(), wait_until="load")
            page.screenshot(path=str(BENCH / "images" / f"{screen}.png"))
        chromium.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify only; render nothing")
    args = parser.parse_args()
    screens = screen_ids()
    if not args.check:
        render(screens)
        (BENCH / "benchmark.jsonl").write_text(index_text())
    problems = [p for s in screens for p in problems_of(s)]
    index = BENCH / "benchmark.jsonl"
    if not index.is_file() or index.read_text() != index_text():
        problems.append("benchmark.jsonl is out of date: run python scripts/build_benchmark.py")
    if problems:
        sys.exit("\n".join(problems))
    print(f"{len(screens)} screens OK")


if __name__ == "__main__":
    main()
