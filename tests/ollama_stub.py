"""A small local HTTP stub of the Ollama endpoints our engine and exporter use, for protocol
tests: no Ollama server binary can be installed on these machines. It records every request and
answers in Ollama's documented shapes; the answers themselves are canned."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CANNED = "CREATE TABLE stub (\n  id INTEGER PRIMARY KEY\n);"


class OllamaStub:
    def __init__(
        self,
        models: tuple[str, ...] = ("ghost-architect",),
        vision: tuple[str, ...] = (),
        reply: str = CANNED,
        hang: bool = False,
    ) -> None:
        self.models = set(models) | set(vision)
        self.reply = reply
        self.released = threading.Event()  # a hanging stub answers once this is set (at exit)
        self.hang = hang
        self.vision = set(vision)
        self.requests: list[tuple[str, str, dict]] = []
        self.blobs: set[str] = set()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _body(self) -> dict:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    return json.loads(raw) if raw else {}
                except json.JSONDecodeError:
                    return {"bytes": len(raw)}

            def _send(self, code: int, payload: dict | None = None) -> None:
                data = json.dumps(payload or {}).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def do_GET(self):
                stub.requests.append(("GET", self.path, {}))
                if self.path == "/api/version":
                    return self._send(200, {"version": "0.0.0-stub"})
                if self.path == "/api/tags":
                    return self._send(
                        200, {"models": [{"name": m, "model": m} for m in stub.models]}
                    )
                return self._send(404, {"error": "not found"})

            def do_HEAD(self):
                stub.requests.append(("HEAD", self.path, {}))
                digest = self.path.rsplit("/", 1)[-1]
                return self._send(200 if digest in stub.blobs else 404)

            def do_POST(self):
                body = self._body()
                stub.requests.append(("POST", self.path, body))
                if self.path.startswith("/api/blobs/"):
                    stub.blobs.add(self.path.rsplit("/", 1)[-1])
                    return self._send(201)
                if self.path == "/api/create":
                    stub.models.add(body["model"])
                    return self._send(200, {"status": "success"})
                if self.path == "/api/show":
                    if body.get("model") not in stub.models:
                        return self._send(404, {"error": f"model '{body.get('model')}' not found"})
                    vision = ["vision"] if body["model"] in stub.vision else []
                    return self._send(
                        200,
                        {
                            "model_info": {"general.architecture": "gemma3"},
                            "capabilities": ["completion", *vision],
                        },
                    )
                if self.path == "/api/chat":
                    if stub.hang:
                        stub.released.wait()
                    if body.get("model") not in stub.models:
                        return self._send(404, {"error": f"model '{body.get('model')}' not found"})
                    return self._send(200, {
                        "model": body["model"], "created_at": "2026-11-21T00:00:00Z",
                        "message": {"role": "assistant", "content": stub.reply},
                        "done": True, "done_reason": "stop", "total_duration": 5_000_000,
                        "load_duration": 1_000_000, "prompt_eval_count": 12, "eval_count": 9,
                    })  # fmt: skip
                return self._send(404, {"error": "not found"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.host = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> OllamaStub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
