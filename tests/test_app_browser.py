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
from ghost_architect.data.synth.render_html import find_browser
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
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not become healthy in 60 s")
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
        page.wait_for_selector("input[type=file]", state="attached", timeout=60_000)
        page.set_input_files("input[type=file]", str(sample))
        page.get_by_text("CREATE TABLE").first.wait_for(timeout=90_000)
        page.get_by_text("Executes in SQLite").wait_for(timeout=30_000)
        page.get_by_text("Download ER diagram").wait_for(timeout=30_000)
        shot = tmp_path / "app.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, ARTIFACTS / "streamlit-app.png")
    assert Path(shot).stat().st_size > 10_000
