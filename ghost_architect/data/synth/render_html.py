"""HTML + headless Chromium renderer: real form controls, text layout and anti-aliasing.

One browser and one page serve a whole run (``session()``), driven by Playwright's sync API with
the system Chromium (``data.browser``). Each page is laid out, fitted (fields too narrow for their
text span the row, wide tables wrap, a dialog sits below the table header it dims) and
screenshotted at its theme width, cropped to the content.
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ghost_architect import atomic
from ghost_architect.data.browser import find_browser, launch_chromium
from ghost_architect.data.synth.html_page import screen_html
from ghost_architect.data.synth.model import Screen

# Run in the page after layout; returns the content height in px.
FIT_SCRIPT = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  const controls = '.form-grid input:not([type=checkbox]):not([type=radio]), .form-grid select';
  for (const el of document.querySelectorAll(controls)) {
    const cs = getComputedStyle(el);
    ctx.font = cs.font;
    const text = el.tagName === 'SELECT' ? el.options[el.selectedIndex].text
      : el.type === 'date' ? '00/00/0000' : (el.value || el.placeholder);
    const extra = el.tagName === 'SELECT' || el.type === 'date' ? 34 : 6;
    const need = Math.ceil(ctx.measureText(text).width + parseFloat(cs.paddingLeft)
      + parseFloat(cs.paddingRight) + extra);
    if (need > el.clientWidth) el.closest('.field').classList.add('wide');
    if (need > el.clientWidth) el.style.minWidth = need + 'px';
  }
  for (const wrap of document.querySelectorAll('.table-wrap')) {
    if (wrap.scrollWidth > wrap.clientWidth) wrap.classList.add('wrap');
    if (wrap.scrollWidth > wrap.clientWidth) wrap.classList.add('break');
  }
  const root = document.querySelector('.page-root');
  let bottom = root.getBoundingClientRect().bottom;
  const modal = document.querySelector('.modal');
  if (modal) {
    const head = document.querySelector('.data thead');
    const top = head ? head.getBoundingClientRect().bottom + 16 : 96;
    modal.style.top = Math.round(top) + 'px';
    bottom = Math.max(bottom, top + modal.offsetHeight + 32);
    root.style.minHeight = Math.ceil(bottom) + 'px';
  }
  return Math.ceil(bottom);
}"""


class ChromiumRenderer:
    """Renders Screens as HTML pages in one headless Chromium kept open for a whole run."""

    name = "html"
    description = "HTML + headless Chromium via Playwright (real form controls, themes); default"

    def __init__(self) -> None:
        self._page: Any = None

    def unavailable_reason(self) -> str | None:
        if find_browser() is None:
            return "no chromium binary found (apt-get install chromium, or set GHOST_CHROMIUM)"
        if importlib.util.find_spec("playwright") is None:
            return "the playwright package is missing (pip install 'ghost-architect[synth]')"
        return None

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """Start one browser and page for every render inside; closed on exit, errors too."""
        from playwright.sync_api import sync_playwright

        if find_browser() is None:
            raise RuntimeError(self.unavailable_reason())
        with sync_playwright() as driver:
            chromium = launch_chromium(driver)
            try:
                context = chromium.new_context(
                    locale="en-US",
                    timezone_id="UTC",
                    device_scale_factor=1,
                    viewport={"width": 1280, "height": 800},
                )
                self._page = context.new_page()
                yield
            finally:
                self._page = None
                chromium.close()

    def render(self, screen: Screen, path: Path) -> None:
        if self._page is None:  # a single page outside a session: a browser just for it
            with self.session():
                self.render(screen, path)
            return
        page, width = self._page, screen.theme.width
        page.set_viewport_size({"width": width, "height": 800})
        page.set_content(screen_html(screen), wait_until="load")
        height = max(200, min(8000, page.evaluate(FIT_SCRIPT)))
        page.set_viewport_size({"width": width, "height": height})
        atomic.write_bytes(path, page.screenshot(type="png"))
