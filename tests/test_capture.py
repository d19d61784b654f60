"""`ghost data capture` and `ghost infer URL` against a local web app (a small http.server):
screenshots at a fixed viewport, a sitemap, a login by storage state, unreachable pages, safe
file names, nothing replaced without --force."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import run_ghost
from PIL import Image

from ghost_architect.data.capture import file_name, require_browser, unique_names, viewport
from ghost_architect.errors import GhostError, UsageError

TABLE = """<!doctype html><html><body style="font: 20px sans-serif; margin: 40px">
<h1>Customers</h1><table cellpadding="10" border="1" style="border-collapse: collapse">
<tr><th>Name</th><th>Email</th><th>Joined</th></tr>
<tr><td>Ada Lovelace</td><td>ada@example.com</td><td>2024-01-05</td></tr>
<tr><td>Alan Turing</td><td>alan@example.com</td><td>2023-11-30</td></tr>
</table></body></html>"""
FORM = """<!doctype html><html><body style="font: 20px sans-serif; margin: 40px">
<h1>New order</h1><label>Quantity <input value="3"></label></body></html>"""


class App:
    """A web app on 127.0.0.1: two pages, a sitemap listing them, a 404 for anything else, and
    a note of the cookies each request carried."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        app = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                app.cookies[self.path] = self.headers.get("Cookie", "")
                pages = {"/customers": TABLE, "/orders/new?step=1": FORM,
                         "/sitemap.xml": app.sitemap()}  # fmt: skip
                body = pages.get(self.path)
                self.send_response(200 if body else 404)
                kind = "application/xml" if self.path.endswith(".xml") else "text/html"
                self.send_header("Content-Type", kind)
                self.end_headers()
                self.wfile.write((body or "<h1>Not found</h1>").encode())

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def sitemap(self) -> str:
        locs = "".join(
            f"<url><loc>{self.url}{p}</loc></url>" for p in ("/customers", "/orders/new?step=1")
        )
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'


@pytest.fixture
def app() -> Iterator[App]:
    try:
        require_browser()
    except GhostError as exc:
        pytest.skip(str(exc))
    running = App()
    yield running
    running.server.shutdown()
    running.server.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_file_names_are_safe_and_unique():
    assert file_name("http://h/") == "index.png"
    assert file_name("http://h/users/42/edit") == "users-42-edit.png"
    assert file_name("http://h/../../etc/passwd") == "etc-passwd.png"
    assert file_name("http://h/a%2F..%2Fb?q=Über") == "a-b-q-ber.png"
    assert file_name("https://h/" + "x" * 500).__len__() <= 124
    assert unique_names(["http://a/x", "http://b/x", "http://a/x"]) == {
        "http://a/x": "x.png",
        "http://b/x": "x-2.png",
    }
    assert viewport("1280x800") == (1280, 800)
    with pytest.raises(UsageError, match="expected WIDTHxHEIGHT"):
        viewport("big")


def test_capture_urls_and_a_sitemap(app, tmp_path):
    out = tmp_path / "shots"
    missing = f"http://127.0.0.1:{closed_port()}/down"
    result = run_ghost("data", "capture", f"{app.url}/customers", missing, f"{app.url}/gone",
                       "--sitemap", f"{app.url}/sitemap.xml", "--out", str(out),
                       "--viewport", "1024x640")  # fmt: skip
    assert result.returncode == 3, result.stderr
    errors = [
        line for line in result.stderr.splitlines() if "unreachable" in line or "HTTP 404" in line
    ]
    assert len(errors) == 2 and any(missing in line for line in errors)
    assert "captured into" in result.stderr and "2 of 4 ok" in result.stderr
    assert sorted(p.name for p in out.glob("*.png")) == ["customers.png", "orders-new-step-1.png"]
    with Image.open(out / "customers.png") as shot:
        assert shot.size == (1024, 640)
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [(m["url"], m["file"], m["viewport"]) for m in manifest] == [
        (f"{app.url}/customers", "customers.png", [1024, 640]),
        (f"{app.url}/orders/new?step=1", "orders-new-step-1.png", [1024, 640]),
    ]
    assert all(m["time"] for m in manifest)


def test_existing_screenshots_are_kept_without_force_and_login_cookies_are_sent(app, tmp_path):
    out = tmp_path / "shots"
    out.mkdir()
    (out / "customers.png").write_bytes(b"mine")
    state = tmp_path / "state.json"
    cookie = {"name": "session", "value": "s3cret", "domain": "127.0.0.1", "path": "/",
              "expires": -1, "httpOnly": False, "secure": False, "sameSite": "Lax"}  # fmt: skip
    state.write_text(json.dumps({"cookies": [cookie], "origins": []}))
    page = f"{app.url}/customers"
    kept = run_ghost("data", "capture", page, "--out", str(out), "--storage-state", str(state))
    assert kept.returncode == 0 and "--force replaces it" in kept.stderr
    assert (out / "customers.png").read_bytes() == b"mine" and app.cookies == {}
    forced = run_ghost("data", "capture", page, "--out", str(out), "--storage-state", str(state),
                       "--force")  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    assert (out / "customers.png").read_bytes().startswith(b"\x89PNG")
    assert app.cookies["/customers"] == "session=s3cret"
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    refused = run_ghost("data", "capture", page, "--out", str(out), "--storage-state", str(bad))
    assert refused.returncode == 2 and "playwright codegen --save-storage" in refused.stderr


def test_infer_reads_a_url(app):
    result = run_ghost("infer", f"{app.url}/customers", "--engine", "heuristic", "--format", "json")
    assert result.returncode == 0, result.stderr
    tables = json.loads(result.stdout)["tables"]
    assert [t["name"] for t in tables] == ["customers"]
    assert {"name", "email", "joined"} <= {c["name"] for c in tables[0]["columns"]}
    gone = run_ghost("infer", f"{app.url}/gone", "--engine", "heuristic")
    assert gone.returncode == 3 and "HTTP 404" in gone.stderr
    assert len(gone.stderr.strip().splitlines()) == 1


def test_no_browser_is_one_line_with_the_install_command(tmp_path):
    result = run_ghost("data", "capture", "http://127.0.0.1:9/x", "--out", str(tmp_path),
                       env={"GHOST_CHROMIUM": str(tmp_path / "no-chromium")})  # fmt: skip
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: cannot take screenshots: ")
    assert line.endswith(
        "(pip install 'ghost-architect[synth]'; apt-get install chromium (or set GHOST_CHROMIUM))"
    )
