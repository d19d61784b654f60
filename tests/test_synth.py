"""The synthetic screenshot -> schema generator: page families, widgets, themes, the html and
pillow renderers, determinism, valid gold SQL, the fields/tables records, domain splits."""

from __future__ import annotations

import filecmp
import json
import sqlite3
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
import sqlglot
from conftest import ROOT, run_ghost
from PIL import Image

from ghost_architect.data.browser import find_browser
from ghost_architect.data.synth.catalogue import DOMAINS, domain_schema
from ghost_architect.data.synth.families import FAMILIES
from ghost_architect.data.synth.generate import check_gold, domain_splits, generate
from ghost_architect.data.synth.html_page import screen_html
from ghost_architect.data.synth.model import WIDGETS
from ghost_architect.data.synth.render_html import FIT_SCRIPT, ChromiumRenderer
from ghost_architect.data.synth.render_pillow import PillowRenderer
from ghost_architect.data.synth.screens import SCREEN_KINDS, ScreenSampler
from ghost_architect.data.synth.themes import STYLES, THEME_DIR

ACCOUNT_DOMAINS = [
    d for d in DOMAINS if any(c.kind == "secret" for t in d.tables for c in t.columns)
]

# What the page shows, read back from the DOM in document order (independent of the generator).
READ_FIELDS = """() => {
  const text = el => el ? el.textContent : '';
  const labelOf = f => {
    const l = f.querySelector(':scope > label');
    if (!l) return null;
    const c = l.cloneNode(true);
    c.querySelectorAll('.req').forEach(r => r.remove());
    return c.textContent;
  };
  const out = [];
  for (const el of document.querySelectorAll('.toolbar input, .field, .kpi, .pair')) {
    if (el.matches('.toolbar input')) { out.push({label: el.placeholder, value: '', widget: 'input'}); continue; }
    if (el.matches('.kpi')) {
      out.push({label: text(el.querySelector('.kpi-label')), value: text(el.querySelector('.kpi-value')), widget: 'text'});
      continue;
    }
    if (el.matches('.pair')) {
      out.push({label: text(el.querySelector('dt')), value: text(el.querySelector('dd')), widget: 'text'});
      continue;
    }
    const sw = el.querySelector('.switch'), cb = el.querySelector('input[type=checkbox]');
    if (sw) {
      const label = text(el.querySelector('.toggle-label, .toggle > span:last-child'));
      out.push({label, value: sw.classList.contains('on') ? 'on' : 'off', widget: 'toggle'});
      continue;
    }
    if (cb) { out.push({label: text(el.querySelector('.check span')), value: cb.checked ? 'on' : 'off', widget: 'checkbox'}); continue; }
    const radios = [...el.querySelectorAll('input[type=radio]')];
    if (radios.length) {
      const options = [...el.querySelectorAll('.radio span')].map(s => s.textContent);
      const i = radios.findIndex(r => r.checked);
      out.push({label: labelOf(el), value: i >= 0 ? options[i] : '', widget: 'radio', options});
      continue;
    }
    const sel = el.querySelector('select');
    if (sel) {
      const shown = sel.options[sel.selectedIndex].text;
      out.push({label: labelOf(el) ?? shown, value: sel.classList.contains('ph') ? '' : shown, widget: 'select'});
      continue;
    }
    const area = el.querySelector('textarea');
    if (area) { out.push({label: labelOf(el) ?? area.placeholder, value: area.value, widget: 'textarea'}); continue; }
    const input = el.querySelector('input');
    let value = input.value;
    if (input.type === 'date' && value) { const [y, m, d] = value.split('-'); value = `${m}/${d}/${y}`; }
    out.push({label: labelOf(el) ?? input.placeholder, value, widget: 'input'});
  }
  const tables = [...document.querySelectorAll('table.data')].map(t => ({
    headers: [...t.querySelectorAll('thead th')].map(th => th.textContent).filter(h => h),
    rows: t.querySelectorAll('tbody tr').length,
  }));
  const clipped = [...document.querySelectorAll('.field input, .field select, .table-wrap, .floating > label')]
    .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.outerHTML.slice(0, 120));
  const wide = document.documentElement.scrollWidth > window.innerWidth;
  return {fields: out, tables, clipped, wide};
}"""


def same_tree(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(a / d, b / d) for d in cmp.common_dirs)


KINDS = tuple(FAMILIES)  # the default draw (SCREEN_KINDS) and the related families


def sampled(count: int = 360):
    """Screens of every family over every domain, without rendering."""
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        pool = ACCOUNT_DOMAINS if kind == "account" else DOMAINS
        yield ScreenSampler(pool[i % len(pool)], i).sample(f"t{i}", kind)


def needs_html() -> None:
    reason = ChromiumRenderer().unavailable_reason()
    if reason:
        pytest.skip(f"html renderer unavailable: {reason}")


# -- the sampler: families, widgets, themes, gold ------------------------------------------------
def test_families_widgets_and_themes_are_all_sampled():
    kinds, widgets, labels, grids, markers, styles, looks = (Counter() for _ in range(7))
    for screen in sampled():
        kinds[screen.kind] += 1
        t = screen.theme
        styles[t.style] += 1
        looks.update(
            {"dark": t.dark, "light": not t.dark, "dense": t.dense, "sidebar": t.sidebar, t.font: 1}
        )
        looks[f"size{t.size}"] += 1
        for block in screen.blocks:
            widgets.update(w.widget for w in block.widgets)
            if block.kind == "form":
                labels[block.labels] += 1
                grids[block.grid] += 1
                markers[block.marker] += 1
    assert set(kinds) == set(KINDS)
    assert set(widgets) == set(WIDGETS)
    assert set(labels) == {"stacked", "inline", "floating", "placeholder"}
    assert set(grids) == {1, 2, 3}
    assert set(markers) == {"*", "(required)", ""}
    assert set(styles) == set(STYLES)
    assert looks["dark"] and looks["light"] and looks["dense"] and looks["sidebar"]
    assert {f"size{n}" for n in range(12, 17)} <= set(looks)


def test_every_family_has_valid_gold_and_a_layout():
    for screen in sampled(180):
        sql = screen.gold.to_sql()
        check_gold(sql, screen.id)
        connection = sqlite3.connect(":memory:")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.executescript(sql)
        gold = {t.name: set(t.column_names()) for t in screen.gold.tables}
        for block in screen.blocks:
            if block.table:
                assert set(block.columns) | {w.column for w in block.widgets} <= gold[block.table]
        text = screen.layout().to_text()
        assert text.startswith(f"# {screen.title}")
        for record in screen.fields():
            if record["widget"] != "text" and record["label"]:
                assert record["label"].removesuffix(":") in text, (screen.id, record)


def test_fields_records_follow_the_format():
    for screen in sampled(180):
        for record in screen.fields():
            keys = {"label", "value", "widget"} | (
                {"options"} if record["widget"] == "radio" else set()
            )
            assert set(record) == keys and record["widget"] in WIDGETS
            assert record["label"] and not record["label"].endswith(("*", "(required)"))
            if record["widget"] in ("checkbox", "toggle"):
                assert record["value"] in ("on", "off")
            if record["widget"] == "radio":
                assert record["value"] in ["", *record["options"]]
        for table in screen.tables():
            assert set(table) == {"headers", "rows"} and table["headers"] and table["rows"] > 0


def test_placeholder_only_inputs_are_empty_and_labelled_by_their_placeholder():
    seen = 0
    for screen in sampled():
        for block in screen.blocks:
            if block.labels != "placeholder":
                continue
            for w in block.widgets:
                if w.widget in ("input", "textarea", "select"):
                    seen += 1
                    assert w.value == "" and w.label == w.placeholder
    assert seen


def test_modal_gold_has_the_dialog_and_the_list_behind():
    for screen in (s for s in sampled(180) if s.kind == "modal"):
        behind, dialog = screen.blocks
        assert behind.kind == "table" and dialog.overlay and dialog.table == behind.table
        gold = {t.name: t.column_names() for t in screen.gold.tables}
        assert set(behind.columns) | {w.column for w in dialog.widgets} <= set(gold[behind.table])
        assert screen.fields()[-len(dialog.widgets) :] == [w.record() for w in dialog.widgets]


def test_account_pages_imply_a_password_column_and_fall_back_elsewhere():
    screen = ScreenSampler(ACCOUNT_DOMAINS[0], 4).sample("a", "account")
    assert screen.kind == "account" and not screen.nav
    assert any("password_hash" in t.column_names() for t in screen.gold.tables)
    plain = next(d for d in DOMAINS if d not in ACCOUNT_DOMAINS)
    assert ScreenSampler(plain, 4).sample("b", "account").kind == "form"
    for screen in sampled(120):  # elsewhere a password is never shown
        if screen.kind != "account":
            assert all("password_hash" not in t.column_names() for t in screen.gold.tables)


def test_themes_never_transform_text():
    """Text is cased in Python so fields/tables records equal what is drawn."""
    for css in THEME_DIR.glob("*.css"):
        assert "text-transform" not in css.read_text(), css.name
    assert {p.stem for p in THEME_DIR.glob("*.css")} == {"base", *STYLES}


def test_pillow_draws_every_family(tmp_path):
    renderer = PillowRenderer()
    for screen in sampled(len(KINDS) * 2):
        renderer.render(screen, tmp_path / f"{screen.id}.png")
        with Image.open(tmp_path / f"{screen.id}.png") as image:
            assert image.width == screen.theme.width and image.height > 150


# -- the html renderer ----------------------------------------------------------------------------
@pytest.fixture
def browser_page():
    needs_html()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=find_browser(), args=["--no-sandbox"])
        yield browser.new_page(locale="en-US")
        browser.close()


def test_html_fields_and_tables_match_the_page(browser_page):
    """Each family in several themes: the DOM shows exactly the fields and tables recorded,
    no control clips its text and nothing is wider than the page."""
    for screen in sampled(len(KINDS) * 4):
        browser_page.set_viewport_size({"width": screen.theme.width, "height": 800})
        browser_page.set_content(screen_html(screen))
        browser_page.evaluate(FIT_SCRIPT)
        shown = browser_page.evaluate(READ_FIELDS)
        assert shown["fields"] == screen.fields(), screen.id
        assert shown["tables"] == screen.tables(), screen.id
        assert not shown["clipped"] and not shown["wide"], (screen.id, shown["clipped"])


def test_date_inputs_show_month_day_year():
    screen = next(
        s for s in sampled() if any(w.iso for b in s.blocks for w in b.widgets if w.value)
    )
    widget = next(w for b in screen.blocks for w in b.widgets if w.iso and w.value)
    assert widget.value == datetime.strptime(widget.iso, "%Y-%m-%d").strftime("%m/%d/%Y")


def test_html_renderer_opens_one_browser_for_many_pages(tmp_path, monkeypatch):
    needs_html()
    from playwright.sync_api import Browser, BrowserType

    launches, closes = [], []
    launch, close = BrowserType.launch, Browser.close
    monkeypatch.setattr(BrowserType, "launch", lambda s, **k: launches.append(1) or launch(s, **k))
    monkeypatch.setattr(Browser, "close", lambda s, **k: closes.append(1) or close(s, **k))
    summary = generate(12, 5, tmp_path / "set", ChromiumRenderer())
    assert summary.count == 12 and len(list((tmp_path / "set" / "images").glob("*.png"))) == 12
    assert launches == [1] and closes == [1]

    class Failing(ChromiumRenderer):
        def render(self, screen, path):
            if screen.id.endswith("3"):
                raise RuntimeError("boom")
            super().render(screen, path)

    with pytest.raises(RuntimeError, match="boom"):
        generate(6, 5, tmp_path / "failed", Failing())
    assert launches == [1, 1] and closes == [1, 1]  # closed on the error too
    assert not (tmp_path / "failed").exists()


def test_html_same_seed_gives_identical_files(tmp_path):
    needs_html()
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = run_ghost("data", "synth", "--n", "9", "--seed", "3", "--out", str(out))
        assert result.returncode == 0, result.stderr
        runs.append(out)
    assert same_tree(*runs)
    assert "--renderer html" in (runs[0] / "README.md").read_text()  # the default renderer
    with Image.open(runs[0] / "images" / "s3-00000.png") as image:
        visible = json.loads((runs[0] / "visible" / "s3-00000.json").read_text())
        assert image.width == visible["theme"]["width"] and 150 < image.height < 8000


def test_html_renderer_renders_one_screen_outside_a_session(tmp_path):
    needs_html()
    screen = ScreenSampler(DOMAINS[0], 3).sample("h", "table")
    ChromiumRenderer().render(screen, tmp_path / "h.png")
    with Image.open(tmp_path / "h.png") as image:
        assert image.width == screen.theme.width and 150 < image.height < 2400


def test_html_renderer_absent_is_a_clean_error(tmp_path):
    result = run_ghost(
        "data",
        "synth",
        "--n",
        "2",
        "--out",
        str(tmp_path / "h"),
        env={"GHOST_CHROMIUM": "/nonexistent/chromium"},
    )
    assert result.returncode == 1
    assert "renderer 'html' is unavailable: no chromium binary found" in result.stderr
    assert "--renderer pillow" in result.stderr
    assert not (tmp_path / "h").exists()


# -- generated sets (pillow: fast and deterministic) ----------------------------------------------
@pytest.fixture(scope="module")
def synth_200(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "a"
    result = run_ghost(
        "data", "synth", "--n", "200", "--seed", "1", "--renderer", "pillow", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    return out


def test_same_seed_gives_identical_files(synth_200, tmp_path):
    again = tmp_path / "b"
    args = ("data", "synth", "--n", "200", "--seed", "1", "--renderer", "pillow")
    result = run_ghost(*args, "--out", str(again))
    assert result.returncode == 0
    assert same_tree(synth_200, again)
    other = tmp_path / "c"
    run_ghost(
        "data", "synth", "--n", "5", "--seed", "2", "--renderer", "pillow", "--out", str(other)
    )
    assert (other / "gold").exists()
    assert not filecmp.cmp(synth_200 / "train.jsonl", other / "train.jsonl", shallow=False)


def test_every_gold_sql_parses_and_executes(synth_200):
    golds = sorted((synth_200 / "gold").glob("*.sql"))
    assert len(golds) == 200
    for path in golds:
        sql = path.read_text()
        statements = sqlglot.parse(sql, read="sqlite")
        assert statements and all(s.key == "create" for s in statements)
        connection = sqlite3.connect(":memory:")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.executescript(sql)


def test_gold_matches_what_is_visible(synth_200):
    for path in sorted((synth_200 / "visible").glob("*.json"))[:60]:
        visible = json.loads(path.read_text())
        sql = (synth_200 / "gold" / f"{visible['id']}.sql").read_text()
        for table, columns in visible["schema"].items():
            assert f"CREATE TABLE {table} (" in sql
            for column in columns:
                assert f"\n  {column} " in sql
        shown = {f["column"] for b in visible["blocks"] for f in b["fields"]}
        shown |= {c for b in visible["blocks"] for c in b["columns"]}
        all_columns = {c for cols in visible["schema"].values() for c in cols}
        assert shown <= all_columns
        assert all(f["widget"] in WIDGETS for f in visible["fields"])
        assert [t["rows"] for t in visible["tables"]] == [
            len(b["rows"]) for b in visible["blocks"] if b["headers"]
        ]


def test_splits_are_by_domain_and_cover_kinds(synth_200):
    domain_split: dict[str, str] = {}
    kinds = set()
    for split in ("train", "val", "test"):
        for line in (synth_200 / f"{split}.jsonl").read_text().splitlines():
            record = json.loads(line)
            assert domain_split.setdefault(record["domain"], split) == split
            kinds.add(record["kind"])
            assert (synth_200 / record["image"]).is_file()
    assert set(domain_split.values()) == {"train", "val", "test"}
    assert kinds == set(SCREEN_KINDS)
    splits = domain_splits()
    assert sum(s == "test" for s in splits.values()) >= 5


def test_generated_sets_validate_clean(synth_200):
    for name in ("test.jsonl", "text-val.jsonl"):
        result = run_ghost("data", "validate", str(synth_200 / name), "--tokenizer", "none")
        assert result.returncode == 0, result.stdout


def test_images_are_real_varied_screens(synth_200):
    sizes, dark = set(), 0
    for path in sorted((synth_200 / "images").glob("*.png"))[:40]:
        with Image.open(path) as image:
            sizes.add(image.size[0])
            dark += image.convert("L").getpixel((image.width - 5, image.height - 5)) < 80
            assert image.height > 200
    assert len(sizes) >= 3 and 0 < dark < 40
    assert (synth_200 / "contact-sheet.png").is_file()


def test_catalogue_has_30_domains_with_valid_full_schemas():
    assert len(DOMAINS) >= 30
    for domain in DOMAINS:
        sqlite3.connect(":memory:").executescript(domain_schema(domain).to_sql())
    assert len(ACCOUNT_DOMAINS) >= 8


def test_committed_samples_are_reproducible(tmp_path):
    """data/samples was made by `ghost data synth --n 20 --seed 8`: the text files match."""
    out = tmp_path / "samples"
    run_ghost(
        "data", "synth", "--n", "20", "--seed", "8", "--renderer", "pillow", "--out", str(out)
    )
    committed = ROOT / "data" / "samples"
    for sub in ("gold", "visible"):
        for path in (committed / sub).iterdir():
            assert path.read_text() == (out / sub / path.name).read_text(), path.name
    for name in ("train.jsonl", "val.jsonl", "test.jsonl", "text-train.jsonl"):
        assert (committed / name).read_text() == (out / name).read_text()


def test_existing_output_needs_overwrite_and_bad_options_fail(synth_200):
    result = run_ghost("data", "synth", "--n", "2", "--out", str(synth_200))
    assert result.returncode == 2 and "already exists (pass --overwrite" in result.stderr
    result = run_ghost("data", "synth", "--n", "2", "--renderer", "svg", "--out", "/tmp/x")
    assert result.returncode == 1 and "unknown renderer 'svg'" in result.stderr
    result = run_ghost("data", "synth", "--n", "2", "--kinds", "carousel", "--out", "/tmp/x")
    assert result.returncode == 1 and "unknown kind 'carousel'" in result.stderr


def test_interrupted_generation_leaves_nothing(tmp_path):
    class Exploding(PillowRenderer):
        def render(self, screen, path):
            if screen.id.endswith("3"):
                raise KeyboardInterrupt
            super().render(screen, path)

    out = tmp_path / "partial"
    with pytest.raises(KeyboardInterrupt):
        generate(10, 1, out, Exploding())
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_formats_command_lists_formats_and_renderers():
    result = run_ghost("data", "formats")
    assert result.returncode == 0
    for name in ("alpaca", "sharegpt", "messages", "ghost-vision", "pillow", "html"):
        assert name in result.stdout
