"""Where the servers the product talks to are: the Ollama server's URL, asked by the Ollama
engine (serving), the Ollama export stages (export) and `ghost doctor` alike."""

from __future__ import annotations

import os

OLLAMA_DEFAULT_HOST = "http://127.0.0.1:11434"


def ollama_host() -> str:
    """The Ollama server's URL: OLLAMA_HOST (a scheme added when missing), else the local one."""
    host = os.environ.get("OLLAMA_HOST", "").strip() or OLLAMA_DEFAULT_HOST
    if "://" not in host:
        host = "http://" + host
    return host.rstrip("/")
