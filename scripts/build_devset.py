"""Render (and check) the hand-made perception development set in data/devset/.

    python scripts/build_devset.py              # render every pages/ID.html -> images/ID.png
    python scripts/build_devset.py --only ID    # render one screen (repeatable)
    python scripts/build_devset.py --check      # render nothing; check gold against the pages
    python scripts/build_devset.py --jsonl      # write devset.jsonl from gold/*.sql (no browser)

Pages are hand-written HTML/CSS (no network, system fonts only), rendered by the system Chromium
through Playwright at a fixed 1000x760 viewport (a screenshot of the viewport, not the full page).
Rendering is idempotent (an image is rewritten only when its bytes change) and atomic (written
beside the target, then renamed into place).

`--check` opens every page in Chromium and verifies its `fields/ID.json` against the DOM: every
gold label, value and table header must be drawn as text (or as a control's value, placeholder or
checked state) inside the viewport, the metadata must be complete, and the page must not scroll.
It is a guard against typos in hand-written gold; reading the PNGs by eye is still the real check.

`--jsonl` writes `devset.jsonl` (the `ghost eval` case format) from the hand-written gold schemas
`gold/ID.sql`, their one-line notes in `gold/notes.json` and the metadata in `fields/ID.json`; it
copies, never writes schemas.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "data" / "devset"
SIZE = (1000, 760)
KINDS = {"form", "table", "detail", "master-detail", "dashboard", "settings", "wizard", "modal",
         "list"}  # fmt: skip
WIDGETS = {"input", "select", "textarea", "checkbox", "radio", "toggle", "text"}
CHROME_ARGS = ("--no-sandbox", "--disable-gpu", "--font-render-hinting=none",
               "--disable-lcd-text", "--hide-scrollbars")  # fmt: skip

# Collects what the page shows: every element's rendered text (innerText applies CSS
# text-transform), every control's displayed value, and whether each lies inside the viewport.
PAGE_FACTS = """() => {
  const W = window.innerWidth, H = window.innerHeight;
  const inView = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left >= -1 && r.top >= -1 && r.right <= W + 1
      && r.bottom <= H + 1; };
  const clean = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const texts = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'OPTION'].includes(el.tagName)) continue;
    const t = clean(el.innerText);
    if (t && t.length < 200) texts.push({t, v: inView(el)});
  }
  const pad = (n) => String(n).padStart(2, '0');
  const shown = (el) => {
    if (el.tagName === 'SELECT') return clean(el.selectedOptions[0]?.text);
    if (el.type === 'date' && el.value) { const [y, m, d] = el.value.split('-');
      return `${m}/${d}/${y}`; }
    if (el.type === 'time' && el.value) { let [h, mi] = el.value.split(':').map(Number);
      const ap = h < 12 ? 'AM' : 'PM'; h = h % 12 || 12; return `${pad(h)}:${pad(mi)} ${ap}`; }
    return el.value;
  };
  const controls = [];
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden') continue;
    let label = '';
    if (el.labels && el.labels.length) label = clean(el.labels[0].innerText);
    controls.push({type: el.tagName === 'INPUT' ? el.type : el.tagName.toLowerCase(),
      value: shown(el), placeholder: el.placeholder || '', checked: !!el.checked,
      label, v: inView(el) || el.type === 'checkbox' || el.type === 'radio'});
  }
  return {texts, controls, scrollW: document.documentElement.scrollWidth,
          scrollH: document.documentElement.scrollHeight, W, H};
}"""


def screen_ids() -> list[str]:
    return sorted(p.stem for p in (DEVSET / "pages").glob("*.html"))


def launch(driver):
    browser = shutil.which("chromium") or "/usr/bin/chromium"
    chromium = driver.chromium.launch(executable_path=browser, args=list(CHROME_ARGS))
    page = chromium.new_page(viewport={"width": SIZE[0], "height": SIZE[1]},
                             device_scale_factor=1, locale="en-US")  # fmt: skip
    return chromium, page


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary sibling; False when already identical."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def render(screens: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium, page = launch(driver)
        for screen in screens:
            page.goto((DEVSET / "pages" / f"{screen}.html").as_uri(), wait_until="load")
            page.mouse.move(0, 0)
            changed = write_atomic(DEVSET / "images" / f"{screen}.png", page.screenshot())
            print(f"{screen}: {'rendered' if changed else 'unchanged'}")
        chromium.close()


SORT_MARKS = "↑↓▲▼△▽⇅↕⬍▴▾"


def strip_label(text: str) -> str:
    """A label or header as gold writes it: no trailing '*', ':' or sort arrow."""
    text = text.strip().rstrip(SORT_MARKS).strip().rstrip("*").strip()
    return text.rstrip(":").rstrip("*").strip()


def problems_of(screen: str, facts: dict) -> list[str]:
    path = DEVSET / "fields" / f"{screen}.json"
    if not path.is_file():
        return [f"{screen}: fields/{screen}.json is missing"]
    gold = json.loads(path.read_text())
    found = []
    if gold.get("id") != screen or gold.get("kind") not in KINDS:
        found.append(f"{screen}: needs id '{screen}' and a kind in {sorted(KINDS)}")
    if gold.get("theme") not in ("light", "dark") or not isinstance(gold.get("dense"), bool):
        found.append(f"{screen}: theme must be light|dark and dense a bool")
    for key in ("style", "notes", "features"):
        if not gold.get(key):
            found.append(f"{screen}: '{key}' is missing")
    if facts["scrollW"] > facts["W"] or facts["scrollH"] > facts["H"]:
        found.append(f"{screen}: page scrolls ({facts['scrollW']}x{facts['scrollH']})")
    texts = {}
    for item in facts["texts"]:
        for variant in (item["t"], strip_label(item["t"])):
            texts[variant] = texts.get(variant, False) or item["v"]
    controls = facts["controls"]

    def drawn(text: str) -> str | None:
        if text not in texts:
            return "not on the page"
        return None if texts[text] else "outside the viewport"

    for field in gold.get("fields", []):
        label, value, widget = field.get("label", ""), field.get("value"), field.get("widget")
        where = f"{screen}: field {label!r}"
        if widget not in WIDGETS or not isinstance(value, str) or not label:
            found.append(f"{where}: needs a label, a string value and a widget in {WIDGETS}")
            continue
        if label != strip_label(label):
            found.append(f"{where}: drop the trailing ':' or '*'")
        placeholders = [
            c
            for c in controls
            if c["v"]
            and (c["placeholder"] == label or (c["type"] == "select" and c["value"] == label))
        ]  # a placeholder or prompt option
        why = drawn(label) if not placeholders else None
        if why:
            found.append(f"{where}: label {why}")
        if widget in ("checkbox", "toggle"):
            boxes = [c for c in controls if c["type"] == "checkbox" and c["label"] == label]
            if value not in ("on", "off"):
                found.append(f"{where}: value must be 'on' or 'off'")
            elif boxes and boxes[0]["checked"] != (value == "on"):
                found.append(f"{where}: the box is {'on' if boxes[0]['checked'] else 'off'}")
        elif widget == "radio":
            chosen = [c for c in controls if c["type"] == "radio" and c["checked"] and c["label"]]
            if chosen and not any(c["label"].startswith(value) for c in chosen):
                found.append(f"{where}: no checked radio reads {value!r}")
            elif not chosen and drawn(value):
                found.append(f"{where}: value {value!r} {drawn(value)}")
        elif widget == "text":
            if value and drawn(value):
                found.append(f"{where}: value {value!r} {drawn(value)}")
        elif placeholders:
            if value:
                found.append(f"{where}: a placeholder-only field shows no value")
        else:
            values = [c for c in controls if c["value"] == value and c["v"]]
            if not values and (not value or drawn(value)):
                found.append(f"{where}: no control shows {value!r}")
    for number, table in enumerate(gold.get("tables", []), start=1):
        for header in table.get("headers", []):
            why = drawn(header)
            if why:
                found.append(f"{screen}: table {number} header {header!r} {why}")
    return found


def check(screens: list[str]) -> list[str]:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    problems = []
    with sync_playwright() as driver:
        chromium, page = launch(driver)
        for screen in screens:
            page.goto((DEVSET / "pages" / f"{screen}.html").as_uri(), wait_until="load")
            problems += problems_of(screen, page.evaluate(PAGE_FACTS))
            image = DEVSET / "images" / f"{screen}.png"
            if not image.is_file():
                problems.append(f"{screen}: images/{screen}.png is missing (render it)")
            else:
                with Image.open(image) as shot:
                    if shot.size != SIZE:
                        problems.append(f"{screen}: image is {shot.size}, expected {SIZE}")
        chromium.close()
    return problems


def eval_records() -> list[dict]:
    """One `ghost eval` case per screen that has a gold schema, in screen order."""
    notes = json.loads((DEVSET / "gold" / "notes.json").read_text())
    records = []
    for screen in screen_ids():
        sql = DEVSET / "gold" / f"{screen}.sql"
        if not sql.is_file():
            continue
        meta = json.loads((DEVSET / "fields" / f"{screen}.json").read_text())
        records.append({"id": screen, "image": f"images/{screen}.png", "sql": sql.read_text(),
                        "notes": notes[screen], "kind": meta["kind"], "style": meta["style"],
                        "theme": meta["theme"], "dense": meta["dense"]})  # fmt: skip
    return records


def write_jsonl() -> None:
    records = eval_records()
    text = "".join(json.dumps(r) + "\n" for r in records)
    changed = write_atomic(DEVSET / "devset.jsonl", text.encode())
    print(f"devset.jsonl: {len(records)} cases, {'written' if changed else 'unchanged'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], metavar="ID",
                        help="render only this screen (repeatable)")  # fmt: skip
    parser.add_argument("--check", action="store_true", help="check gold; render nothing")
    parser.add_argument("--jsonl", action="store_true",
                        help="write devset.jsonl from gold/*.sql; render nothing")  # fmt: skip
    args = parser.parse_args()
    if args.jsonl:
        write_jsonl()
        return
    screens = screen_ids()
    unknown = sorted(set(args.only) - set(screens))
    if unknown:
        sys.exit(f"no such page: {', '.join(unknown)}")
    chosen = [s for s in screens if s in args.only] if args.only else screens
    if args.check:
        problems = check(chosen)
        if problems:
            sys.exit("\n".join(problems))
        print(f"{len(chosen)} screens OK")
        return
    render(chosen)


if __name__ == "__main__":
    main()
