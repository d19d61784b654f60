"""The Streamlit app in a real headless Chromium: upload a sample, see CREATE TABLE on the page."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

from ghost_architect.commands.app_cmd import streamlit_command
from ghost_architect.data.browser import find_browser
from ghost_architect.export import shipped
from ghost_architect.models.offline import cache_dir

ARTIFACTS = ROOT / "output" / "test-artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app_url(tmp_path):
    pytest.importorskip("streamlit")
    shipped.default_gguf()  # built once per machine, here rather than behind the page's spinner
    port = free_port()
    # A fresh Streamlit config/credentials home; the model cache stays where it was.
    env = {**os.environ, "HOME": str(tmp_path), "GHOST_HOME": str(cache_dir())}
    proc = subprocess.Popen(streamlit_command(port, "127.0.0.1"), cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    while proc.poll() is None:  # no wall-clock limit: healthy, or the server died
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        pytest.fail(f"streamlit exited with {proc.returncode} before it became healthy")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_upload_sample_shows_create_table(app_url, tmp_path):
    browser_path = find_browser()
    if browser_path is None:
        pytest.skip("no chromium binary (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    sample = ROOT / "data" / "samples" / "images" / "s8-00003.png"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=browser_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update"],
        )  # fmt: skip
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        page.goto(app_url)
        page.set_default_timeout(0)  # no wall-clock limit: inference is slow on a busy machine
        page.wait_for_selector("input[type=file]", state="attached")
        page.set_input_files("input[type=file]", str(sample))
        schema = page.get_by_text("CREATE TABLE").first
        alerts = page.locator('[data-testid="stException"], [data-testid="stAlert"]')
        failed = alerts.filter(has_not_text="Upload a form").first  # not the greeting
        schema.or_(failed).wait_for()  # the schema, or the app's error: never a silent hang
        assert schema.is_visible(), failed.inner_text()
        page.get_by_text("Executes in SQLite").wait_for()
        page.get_by_text("Download ER diagram").wait_for()
        shot = tmp_path / "app.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, ARTIFACTS / "streamlit-app.png")
    assert Path(shot).stat().st_size > 10_000
