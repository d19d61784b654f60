"""The headless Chromium that screenshots pages (the synth renderer, `ghost data capture`).

Playwright drives the system browser (``apt-get install chromium``, or $GHOST_CHROMIUM), so no
browser download is needed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROME_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--hide-scrollbars",
    "--font-render-hinting=none",
)


def find_browser() -> str | None:
    """$GHOST_CHROMIUM when it exists, else the first Chromium or Chrome on PATH, else None."""
    configured = os.environ.get("GHOST_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def launch_chromium(driver: Any) -> Any:
    """The system browser, headless, launched by a Playwright ``driver`` with CHROME_ARGS."""
    return driver.chromium.launch(executable_path=find_browser(), args=list(CHROME_ARGS))
