"""An annotator that asks any OpenAI-compatible ``/v1/chat/completions`` server (OpenAI, vLLM,
llama.cpp's server, LM Studio, ...) to label a screenshot.

Configured by the environment: GHOST_ANNOTATOR_URL (the base URL, ending in ``/v1``),
GHOST_ANNOTATOR_MODEL and GHOST_ANNOTATOR_KEY (sent as a bearer token, never printed or logged).
Timeouts, connection errors, 429 and 5xx are retried with exponential backoff (a Retry-After
header is honoured); redirects are refused so the key never follows one to another host.
"""

from __future__ import annotations

import base64
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ghost_architect.data.annotate import Annotation, AnnotatorError

URL_ENV = "GHOST_ANNOTATOR_URL"
MODEL_ENV = "GHOST_ANNOTATOR_MODEL"
KEY_ENV = "GHOST_ANNOTATOR_KEY"
MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
MAX_REPLY_BYTES = 4_000_000
MAX_WAIT = 60.0  # seconds: the longest backoff or Retry-After honoured
NOTE_PREFIX = "-- note:"
INSTRUCTION = (
    "You label training data for a model that reads UI screenshots. Write the SQL schema "
    "behind this screen as SQLite CREATE TABLE statements: one table per entity shown, an "
    "INTEGER PRIMARY KEY id, one column per field or table column shown (snake_case names, "
    "fitting types), NOT NULL for required fields, and a REFERENCES foreign key (with the "
    "referenced table) for a field that names another entity. Reply with the SQL only; put any "
    f"remark for the human reviewer on a line starting with `{NOTE_PREFIX}`.\n\n"
    "The screen's text as OCR read it (it may hold mistakes):\n\n{layout}"
)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises the 3xx as an HTTPError


class OpenAICompatibleAnnotator:
    """Labels a screenshot through an OpenAI-compatible chat completions endpoint."""

    name = "openai-compatible"
    description = f"an OpenAI-compatible /v1/chat/completions server ({URL_ENV}, {MODEL_ENV})"
    needs_network = True

    def __init__(
        self,
        base_url: str | None = None,
        model: str | None = None,
        timeout: float = 120.0,
        retries: int = 4,
        backoff: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._base_url = base_url
        self._model = model
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._opener = urllib.request.build_opener(_NoRedirect)

    @property
    def base_url(self) -> str:
        return (self._base_url or os.environ.get(URL_ENV, "")).rstrip("/")

    @property
    def model(self) -> str | None:
        return self._model or os.environ.get(MODEL_ENV) or None

    def unavailable_reason(self) -> str | None:
        if not self.base_url:
            return f"set {URL_ENV} to the server's base URL, e.g. http://localhost:8000/v1"
        if not self.base_url.startswith(("http://", "https://")):
            return f"{URL_ENV} must start with http:// or https://"
        if not self.model:
            return f"set {MODEL_ENV} to a vision model the server runs"
        return None

    def annotate(self, image: Path, layout: str) -> Annotation:
        reason = self.unavailable_reason()
        if reason:
            raise AnnotatorError(f"annotator '{self.name}' is unavailable", reason)
        body = json.dumps(self.request(image, layout)).encode("utf-8")
        text = reply_text(self._post(body))
        notes = [
            line.strip()[len(NOTE_PREFIX) :].strip()[:500]
            for line in text.splitlines()
            if line.strip().lower().startswith(NOTE_PREFIX)
        ]
        return Annotation(text, notes)

    def request(self, image: Path, layout: str) -> dict[str, Any]:
        """The chat completion request: the instruction and the screenshot as a data URL."""
        mime = MIME.get(image.suffix.lower(), "image/png")
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        content = [
            {"type": "text", "text": INSTRUCTION.replace("{layout}", layout)},
            {"type": "image_url", "image_url": {"url": f"data:{mime};base64,{data}"}},
        ]
        return {
            "model": self.model,
            "messages": [{"role": "user", "content": content}],
            "temperature": 0,
        }

    def _post(self, body: bytes) -> bytes:
        """The reply's bytes; transient failures retried with backoff, others one line."""
        url = f"{self.base_url}/chat/completions"
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        key = os.environ.get(KEY_ENV)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        last, wait = "", 0.0
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(wait)
            wait = min(MAX_WAIT, self.backoff * 2**attempt)
            request = urllib.request.Request(url, body, headers, method="POST")
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    data = response.read(MAX_REPLY_BYTES + 1)
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code}"
                if exc.code == 429 or exc.code >= 500:
                    wait = _retry_after(exc.headers.get("Retry-After"), wait)
                    continue
                raise _refused(url, exc.code) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                last = str(getattr(exc, "reason", exc))
                continue
            if len(data) > MAX_REPLY_BYTES:
                raise AnnotatorError(f"{url}: reply larger than {MAX_REPLY_BYTES} bytes")
            return data
        raise AnnotatorError(
            f"{url}: no answer after {self.retries + 1} tries (last: {last})",
            "check that the server is up, or try again later",
        )


def _retry_after(header: str | None, wait: float) -> float:
    """The server's Retry-After in seconds (capped) when it gives one, else ``wait``."""
    try:
        return min(MAX_WAIT, max(0.0, float(header))) if header else wait
    except ValueError:
        return wait  # an HTTP date: keep the backoff


def _refused(url: str, code: int) -> AnnotatorError:
    if code in (401, 403):
        return AnnotatorError(f"{url}: HTTP {code} (not allowed)", f"check {KEY_ENV}")
    if 300 <= code < 400:
        return AnnotatorError(
            f"{url}: redirected (HTTP {code})", f"set {URL_ENV} to the final address"
        )
    return AnnotatorError(f"{url}: HTTP {code}", f"check {URL_ENV} and {MODEL_ENV}")


def reply_text(data: bytes) -> str:
    """``choices[0].message.content`` of a chat completion (text, or text parts), or one line
    saying the reply is not one."""
    try:
        content = json.loads(data)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        content = None
    if isinstance(content, list):
        parts = [p.get("text") for p in content if isinstance(p, dict)]
        content = "\n".join(p for p in parts if isinstance(p, str)) or None
    if not isinstance(content, str) or not content.strip():
        raise AnnotatorError(
            "the annotator's reply is not a chat completion with text content",
            "check that the server speaks the OpenAI chat completions API",
        )
    return content
