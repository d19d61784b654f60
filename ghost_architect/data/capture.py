"""Screenshots of a running web app: the start of a training set made from the user's own screens.

One headless Chromium (Playwright, the system browser) opens each URL at a fixed viewport, logged
in by a Playwright storage-state file when given, and saves the viewport as a PNG named after the
URL's path. A page that cannot be reached is reported and the others are still captured; an
existing screenshot is kept unless ``force``. ``manifest.jsonl`` in the folder lists every capture
(url, file, viewport, time), and every file is written atomically.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ghost_architect import atomic
from ghost_architect.data.browser import find_browser, launch_chromium
from ghost_architect.errors import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_UNREADABLE,
    GhostError,
    UsageError,
)

MANIFEST = "manifest.jsonl"
MAX_SITEMAP_BYTES = 10_000_000
PAGE_TIMEOUT_MS = 30_000
SETTLE_MS = 5_000  # the longest wait for a page's scripts to go quiet after it loaded
INSTALL = "pip install 'ghost-architect[synth]'; apt-get install chromium (or set GHOST_CHROMIUM)"


@dataclass
class Captured:
    """What happened to one URL: exit code 0 and its file, or a code and why not."""

    url: str
    code: int
    file: str = ""
    message: str = ""


def viewport(text: str) -> tuple[int, int]:
    """``1280x800`` as (1280, 800), or one line saying what is wrong."""
    match = re.fullmatch(r"\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*", text)
    if not match or not all(100 <= int(side) <= 10_000 for side in match.groups()):
        raise UsageError(f"--viewport {text!r}: expected WIDTHxHEIGHT", "e.g. --viewport 1280x800")
    return int(match[1]), int(match[2])


def checked_url(url: str) -> str:
    """``url`` when it is an http(s) URL with a host, else one line (exit code 2)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{url}: not an http(s) URL", "e.g. http://localhost:3000/users")
    return url


def file_name(url: str) -> str:
    """A safe PNG name from the URL's path (and query): ``/users/42/edit`` -> users-42-edit.png."""
    parts = urlsplit(url)
    text = unquote(parts.path) + (f"-{unquote(parts.query)}" if parts.query else "")
    stem = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:120].strip("-")
    return f"{stem or 'index'}.png"


def unique_names(urls: list[str]) -> dict[str, str]:
    """URL -> file name, a clash (two URLs, one path) numbered in the order given."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for url in dict.fromkeys(urls):
        name, number = file_name(url), 2
        while name in taken:
            name = f"{file_name(url)[:-4]}-{number}.png"
            number += 1
        names[url] = name
        taken.add(name)
    return names


def sitemap_urls(url: str, timeout: float = 30.0, nested: bool = True) -> list[str]:
    """The page URLs (``<loc>``) a sitemap.xml lists (those of the sitemaps a sitemap index
    lists, one level deep), or one line saying why there are none."""
    try:
        with urllib.request.urlopen(checked_url(url), timeout=timeout) as response:
            data = response.read(MAX_SITEMAP_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise GhostError(f"--sitemap {url}: cannot fetch it ({reason})", "check the URL") from None
    if len(data) > MAX_SITEMAP_BYTES or re.search(rb"<!DOCTYPE", data, re.IGNORECASE):
        raise UsageError(f"--sitemap {url}: too large, or a DOCTYPE", "pass a plain sitemap.xml")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise UsageError(f"--sitemap {url}: not XML ({exc})", "pass a sitemap.xml") from None
    urls = [el.text.strip() for el in root.iter() if el.tag.endswith("loc") and el.text]
    if nested and root.tag.endswith("sitemapindex"):
        urls = [page for sitemap in urls for page in sitemap_urls(sitemap, timeout, False)]
    if not urls:
        raise UsageError(f"--sitemap {url}: lists no <loc> URLs", "pass a sitemap.xml of pages")
    return urls


def require_browser() -> None:
    """One line with the install command when Playwright or Chromium is missing here."""
    if importlib.util.find_spec("playwright") is None:
        problem = "the playwright package is missing"
    elif find_browser() is None:
        problem = "no Chromium binary found"
    else:
        return
    raise GhostError(f"cannot take screenshots: {problem}", INSTALL)


def checked_storage_state(path: Path | None) -> Path | None:
    """The storage-state file when it is a JSON object, else one line with how to make one."""
    if path is None:
        return None
    fix = f"save a login with `playwright codegen --save-storage={path} URL`"
    try:
        ok = isinstance(json.loads(path.read_text(encoding="utf-8")), dict)
    except (OSError, ValueError):
        ok = False
    if not ok:
        raise UsageError(f"--storage-state {path}: not a Playwright storage-state JSON file", fix)
    return path


@contextmanager
def browser(size: tuple[int, int], storage_state: Path | None = None) -> Iterator[Any]:
    """A headless Chromium's context at viewport ``size``, logged in by ``storage_state``."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = launch_chromium(driver)
        try:
            yield chromium.new_context(
                viewport={"width": size[0], "height": size[1]},
                device_scale_factor=1,
                storage_state=str(storage_state) if storage_state else None,
            )
        finally:
            chromium.close()


def shoot(context: Any, url: str, path: Path) -> None:
    """Open ``url`` in a new page and save the viewport to ``path``; a page that fails is one
    GhostError (a fresh page each time, so one page's leftovers never reach the next)."""
    from playwright.sync_api import Error, TimeoutError

    page = context.new_page()
    try:
        try:
            response = page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
        except Error as exc:
            reason = str(exc).splitlines()[0].removeprefix("Page.goto: ")
            raise GhostError(f"{url}: unreachable ({reason})", code=EXIT_UNREADABLE) from None
        if response is not None and response.status >= 400:
            raise GhostError(f"{url}: HTTP {response.status}", code=EXIT_UNREADABLE)
        with contextlib.suppress(TimeoutError):  # a page that keeps polling: take it as it is
            page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
        atomic.write_bytes(path, page.screenshot(type="png"))
    finally:
        page.close()


def capture(
    urls: list[str],
    out: Path,
    size: tuple[int, int] = (1280, 800),
    storage_state: Path | None = None,
    force: bool = False,
    on_progress: Callable[[Captured], None] | None = None,
) -> list[Captured]:
    """Screenshot every URL into ``out`` (see the module docstring); one outcome per URL."""
    names = unique_names([checked_url(u) for u in urls])
    storage_state = checked_storage_state(storage_state)
    manifest = _read_manifest(out / MANIFEST)
    outcomes: list[Captured] = []
    with browser(size, storage_state) as context:
        for url, name in names.items():
            path = out / name
            if path.exists() and not force:
                outcome = Captured(url, EXIT_OK, name, f"kept {path} (--force replaces it)")
            else:
                try:
                    shoot(context, url, path)
                    outcome = Captured(url, EXIT_OK, name)
                except GhostError as exc:
                    outcome = Captured(url, exc.code, message=str(exc))
                except Exception as exc:  # one broken page must not stop the others
                    outcome = Captured(url, EXIT_FAILURE, message=f"{url}: {exc}".splitlines()[0])
                if outcome.code == EXIT_OK:
                    manifest[name] = {"url": url, "file": name, "viewport": list(size),
                                      "time": datetime.now(timezone.utc).isoformat()}  # fmt: skip
                    atomic.write_text(out / MANIFEST, _manifest_text(manifest))
            outcomes.append(outcome)
            if on_progress:
                on_progress(outcome)
    return outcomes


def capture_one(
    url: str, folder: Path, size: tuple[int, int] = (1280, 800), storage_state: Path | None = None
) -> Path:
    """A screenshot of one page in ``folder`` (for `ghost infer URL`), or one GhostError."""
    outcome = capture([url], folder, size, storage_state, force=True)[0]
    if outcome.code:
        raise GhostError(outcome.message, "check that the app runs at that address", outcome.code)
    return folder / outcome.file


def _read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """file -> entry of an earlier capture's manifest (kept, and updated for new captures)."""
    if not path.exists():
        return {}
    entries: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            entry = json.loads(line) if line.strip() else None
        except ValueError:
            entry = "bad"
        if entry is None:
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise UsageError(f"{path}: line {number} is not a capture entry", "remove that line")
        entries[entry["file"]] = entry
    return entries


def _manifest_text(manifest: dict[str, dict[str, Any]]) -> str:
    return "".join(json.dumps(entry) + "\n" for entry in manifest.values())
