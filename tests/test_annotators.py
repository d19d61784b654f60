"""Annotators: the OpenAI-compatible one against a local stub of the API (request shape, garbage,
429 then success, 500 forever, redirects), and `ghost data annotate` on a folder (records that
training reads, the review file, resuming, an untrusted reply kept only through the schema layer)."""

from __future__ import annotations

import base64
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import ROOT, run_ghost
from test_plugin_docs import snippets

from ghost_architect.data.annotate import AnnotatorError
from ghost_architect.data.annotate.label import label_folder, review_path
from ghost_architect.data.annotate.openai_compatible import (
    KEY_ENV,
    MODEL_ENV,
    URL_ENV,
    OpenAICompatibleAnnotator,
)
from ghost_architect.data.annotate.review import review_markdown
from ghost_architect.infer import perceive_image
from ghost_architect.plugins import build_plugin_manager

SHOTS = ROOT / "data" / "samples" / "images"
USERS = "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255) NOT NULL);"
KEY = "sk-test-not-a-real-key-0123"


def completion(content: str) -> tuple[int, dict[str, str], bytes]:
    body = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
    return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()


class Stub:
    """A local HTTP server answering each POST with the next scripted reply (the last repeats),
    recording every request's path, headers and JSON body."""

    def __init__(self, replies: list[tuple[int, dict[str, str], bytes]]) -> None:
        self.replies = list(replies)
        self.requests: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stub.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
                )
                status, headers, data = (
                    stub.replies.pop(0) if len(stub.replies) > 1 else stub.replies[0]
                )
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                stub.requests.append({"path": self.path, "method": "GET"})
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub() -> Iterator[Callable[..., Stub]]:
    made: list[Stub] = []

    def make(*replies):
        made.append(Stub(list(replies)))
        return made[-1]

    yield make
    for server in made:
        server.close()


def annotator(url: str, sleeps: list[float] | None = None, retries: int = 2):
    waits = sleeps if sleeps is not None else []
    return OpenAICompatibleAnnotator(url, "vision-9b", timeout=10, retries=retries, backoff=0.5,
                                     sleep=waits.append)  # fmt: skip


def test_a_good_reply_and_the_request_shape(stub, monkeypatch, tmp_path):
    monkeypatch.setenv(KEY_ENV, KEY)
    server = stub(completion(f"```sql\n{USERS}\n```\n-- note: email may be a username"))
    shot = SHOTS / "s8-00001.png"
    got = annotator(server.url).annotate(shot, "# Sign up\nEmail [input]:")
    assert got.text.startswith("```sql") and got.notes == ["email may be a username"]
    [request] = server.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == f"Bearer {KEY}"
    body = request["json"]
    assert body["model"] == "vision-9b" and body["temperature"] == 0
    [message] = body["messages"]
    text, image = message["content"]
    assert text["type"] == "text" and text["text"].endswith("# Sign up\nEmail [input]:")
    assert image["type"] == "image_url"
    prefix, data = image["image_url"]["url"].split(",", 1)
    assert prefix == "data:image/png;base64" and base64.b64decode(data) == shot.read_bytes()


def test_garbage_is_one_line_and_not_retried(stub):
    server = stub((200, {}, b"<html>gateway says hi</html>"))
    with pytest.raises(AnnotatorError, match="not a chat completion"):
        annotator(server.url).annotate(SHOTS / "s8-00001.png", "x")
    empty = stub((200, {}, b'{"choices": [{"message": {"content": null}}]}'))
    with pytest.raises(AnnotatorError, match="not a chat completion"):
        annotator(empty.url).annotate(SHOTS / "s8-00001.png", "x")
    assert len(server.requests) == len(empty.requests) == 1


def test_429_then_success_waits_and_retries(stub):
    server = stub((429, {"Retry-After": "3"}, b"slow down"), (503, {}, b""), completion(USERS))
    sleeps: list[float] = []
    got = annotator(server.url, sleeps).annotate(SHOTS / "s8-00001.png", "x")
    assert got.text == USERS and len(server.requests) == 3
    assert sleeps == [3.0, 1.0]  # the server's Retry-After, then backoff 0.5 * 2


def test_500_forever_gives_up_after_the_retries(stub, monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY)
    server = stub((500, {}, KEY.encode()))  # even a server that echoes the key
    sleeps: list[float] = []
    with pytest.raises(AnnotatorError) as failure:
        annotator(server.url, sleeps, retries=3).annotate(SHOTS / "s8-00001.png", "x")
    assert "no answer after 4 tries (last: HTTP 500)" in str(failure.value)
    assert KEY not in str(failure.value)
    assert len(server.requests) == 4 and sleeps == [0.5, 1.0, 2.0]  # backoff 0.5 * 2**n


def test_a_refusal_names_the_key_and_a_redirect_is_not_followed(stub, monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY)
    refused = stub((401, {}, b"bad key"))
    with pytest.raises(AnnotatorError, match=r"HTTP 401.*check GHOST_ANNOTATOR_KEY") as failure:
        annotator(refused.url).annotate(SHOTS / "s8-00001.png", "x")
    assert KEY not in str(failure.value) and len(refused.requests) == 1
    elsewhere = stub(completion(USERS))
    moved = stub((307, {"Location": f"{elsewhere.url}/chat/completions"}, b""))
    with pytest.raises(AnnotatorError, match="redirected"):
        annotator(moved.url).annotate(SHOTS / "s8-00001.png", "x")
    assert elsewhere.requests == []  # the key never went to the other address


def test_it_is_off_until_configured(monkeypatch):
    for name in (URL_ENV, MODEL_ENV):
        monkeypatch.delenv(name, raising=False)
    builtin = build_plugin_manager(load_entry_points=False).registry("annotators")
    assert builtin.owners["openai-compatible"] == "ghost_architect.builtin.annotators"
    assert "GHOST_ANNOTATOR_URL" in builtin["openai-compatible"].unavailable_reason()
    monkeypatch.setenv(URL_ENV, "http://localhost:8000/v1")
    assert "GHOST_ANNOTATOR_MODEL" in builtin["openai-compatible"].unavailable_reason()
    monkeypatch.setenv(MODEL_ENV, "m")
    assert builtin["openai-compatible"].unavailable_reason() is None
    result = run_ghost("data", "annotate", str(SHOTS), "--annotator", "nope")
    assert result.returncode == 2
    assert "unknown annotator 'nope' (choose one of: openai-compatible)" in result.stderr


def test_annotate_a_folder_resumes_and_keeps_only_the_schema(stub, tmp_path):
    """One good screenshot, one whose reply holds no schema: the first becomes a ghost-vision
    record (its DROP dropped) that `ghost data validate` accepts, the second is reported (exit
    4) and labelled by the next run, which asks only for it."""
    shots = tmp_path / "shots"
    shots.mkdir()
    for name in ("s8-00001.png", "s8-00004.png"):
        shutil.copy(SHOTS / name, shots / name)
    server = stub(completion(f"DROP TABLE users;\n{USERS}"), completion("I can't see a form."))
    env = {URL_ENV: server.url, MODEL_ENV: "vision-9b", KEY_ENV: KEY}
    first = run_ghost("data", "annotate", str(shots), "--annotator", "openai-compatible", env=env)
    assert first.returncode == 4, first.stderr
    assert "s8-00004.png: the annotator's reply gave no valid schema" in first.stderr
    assert "sends each screenshot to a server (model vision-9b)" in first.stderr
    assert KEY not in first.stderr + first.stdout
    out = shots / "annotations.jsonl"
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["image"] == "s8-00001.png" and record["model"] == "vision-9b"
    assert record["perceiver"] == "rapidocr" and record["annotator"] == "openai-compatible"
    assert "DROP" not in record["sql"] and record["sql"].startswith("CREATE TABLE users (")
    assert "dropped DROP: DROP TABLE users" in record["checks"]
    sent = server.requests[0]["json"]["messages"][0]["content"][0]["text"]
    assert record["layout"] == perceive_image(shots / "s8-00001.png").layout  # as infer reads
    assert sent.endswith(record["layout"])
    review = review_path(out).read_text()
    assert "| s8-00004.png | failed |" in review and "## s8-00001" in review
    valid = run_ghost("data", "validate", str(out), "--tokenizer", "none")
    assert valid.returncode == 0 and "format ghost-vision" in valid.stdout

    second = run_ghost("data", "annotate", str(shots), "--annotator", "openai-compatible", env=env)
    assert second.returncode == 4 and len(server.requests) == 3  # only s8-00004 asked again
    server.replies = [completion(USERS.replace("users", "customers"))]
    third = run_ghost("data", "annotate", str(shots), "--annotator", "openai-compatible", env=env)
    assert third.returncode == 0, third.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["image"] for r in records] == ["s8-00001.png", "s8-00004.png"]
    assert "1 done before" in third.stderr and len(server.requests) == 4
    assert "| failed |" not in review_path(out).read_text()


def test_a_foreign_out_file_is_refused_and_force_starts_over(tmp_path):
    out = tmp_path / "mine.jsonl"
    out.write_text("my notes\n")
    docs = snippets()
    labeller = docs["ghost_sqlfiles"].SqlFilesAnnotator()
    shot = tmp_path / "a.png"
    shutil.copy(SHOTS / "s8-00001.png", shot)
    shot.with_suffix(".sql").write_text(USERS)
    with pytest.raises(Exception, match="line 1 is not an annotation record"):
        label_folder([shot], out, labeller)
    assert out.read_text() == "my notes\n"
    [outcome] = label_folder([shot], out, labeller, force=True)
    assert outcome.code == 0 and json.loads(out.read_text())["notes"] == "hand-written"


def test_the_documented_annotator_registers_and_labels(tmp_path):
    docs = snippets()
    pm = build_plugin_manager(load_entry_points=False)
    pm.register(docs["ghost_sqlfiles"], name="ghost_sqlfiles")
    assert pm.registry("annotators").owners["sql-files"] == "ghost_sqlfiles"
    assert not pm.warnings
    labeller = pm.registry("annotators")["sql-files"]
    with pytest.raises(AnnotatorError, match=r"no a\.sql beside it"):
        labeller.annotate(tmp_path / "a.png", "")


def test_the_review_escapes_what_the_annotator_said(tmp_path):
    record = {"id": "a", "image": "a b.png", "sql": 'CREATE TABLE "t" ("id" INTEGER);\n',
              "notes": "<script>x</script> | ```", "checks": []}  # fmt: skip
    page = review_markdown(tmp_path / "a.jsonl", [record], [("b.png", "HTTP 500 | <b>")])
    assert "| &lt;script&gt;x&lt;/script&gt; \\| ``` |" in page  # the table cell
    assert "HTTP 500 \\| &lt;b&gt;" in page and "![a b.png](a%20b.png)" in page
    assert page.count("<script>") == 1  # only inside a fence longer than the reply's own
    assert "````\n<script>x</script> | ```\n````" in page
