"""Protocol tests: the ollama engine and exporter against a local stub of Ollama's HTTP API.

No Ollama server binary is obtainable here (not on PyPI, Debian or npm), so these check what we
send and how we read the documented answers, not a real model's output."""

from __future__ import annotations

import pytest
from ollama_stub import CANNED, OllamaStub

from ghost_architect.errors import GhostError
from ghost_architect.export.ollama_stage import register
from ghost_architect.serving.ollama_engine import OllamaEngine


@pytest.fixture
def stub(monkeypatch):
    with OllamaStub() as server:
        monkeypatch.setenv("OLLAMA_HOST", server.host)
        yield server


def test_chat_sends_greedy_options_and_images(stub):
    engine = OllamaEngine()
    assert engine.unavailable_reason() is None
    messages = [{"role": "user", "content": "schema please", "images": ["aGVsbG8="]}]
    reply = engine.chat("ghost-architect", messages, max_tokens=64,
                        json_schema={"type": "object"})  # fmt: skip
    method, path, body = stub.requests[-1]
    assert (method, path) == ("POST", "/api/chat")
    assert body["model"] == "ghost-architect" and body["stream"] is False
    assert body["options"]["temperature"] == 0 and body["options"]["num_predict"] == 64
    assert body["messages"][0]["images"] == ["aGVsbG8="]
    assert body["format"] == {"type": "object"}
    assert reply.text == CANNED and reply.completion_tokens == 9 and reply.prompt_tokens == 12
    assert reply.load_seconds == pytest.approx(0.001) and not reply.truncated


def test_missing_model_is_one_line_with_fix(stub):
    with pytest.raises(GhostError) as info:
        OllamaEngine().chat("nope", [{"role": "user", "content": "x"}])
    assert str(info.value) == (
        f"model 'nope' is not on the Ollama server at {stub.host} "
        "(create it: ollama create nope -f Modelfile)"
    )


def test_no_server_is_one_line_with_fix(monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:9")
    engine = OllamaEngine()
    assert "no Ollama server at http://127.0.0.1:9" in engine.unavailable_reason()
    with pytest.raises(GhostError, match=r"no Ollama server at http://127\.0\.0\.1:9 \(start"):
        engine.chat("ghost-architect", [{"role": "user", "content": "x"}])


def test_exporter_uploads_blob_then_creates_model(stub, tmp_path):
    gguf = tmp_path / "m-q4_k_m.gguf"
    gguf.write_bytes(b"GGUF" + b"\0" * 64)
    message = register("my-model", gguf)
    assert message == f"ollama: created model 'my-model' on {stub.host}"
    posts = [(p, b) for m, p, b in stub.requests if m == "POST"]
    assert posts[0][0].startswith("/api/blobs/sha256:")
    create = next(b for p, b in posts if p == "/api/create")
    assert create["model"] == "my-model"
    assert list(create["files"]) == ["m-q4_k_m.gguf"]
    assert create["files"]["m-q4_k_m.gguf"].startswith("sha256:")
    assert "<start_of_turn>" in create["template"]
    assert create["parameters"]["stop"] == ["<end_of_turn>", "<start_of_turn>"]


def test_vision_exporter_uploads_the_merged_folder_with_quantize(stub, tmp_path):
    merged = tmp_path / "merged"
    merged.mkdir()
    (merged / "config.json").write_text('{"vision_config": {}}')
    (merged / "model.safetensors").write_bytes(b"\0" * 32)
    (merged / "tokenizer.json").write_text("{}")
    message = register("vision-model", merged, quantize="q4_K_M")
    assert message.startswith("ollama: created model 'vision-model'")
    blobs = [p for m, p, _ in stub.requests if m == "POST" and p.startswith("/api/blobs/")]
    assert len(blobs) == 3
    create = next(b for m, p, b in stub.requests if p == "/api/create")
    assert create["quantize"] == "q4_K_M"
    assert sorted(create["files"]) == ["config.json", "model.safetensors", "tokenizer.json"]


def test_vision_model_gets_the_screenshot_not_ocr_text(monkeypatch, tmp_path):
    import base64

    from conftest import ROOT

    from ghost_architect.infer import infer

    shot = ROOT / "data" / "samples" / "images" / "s8-00003.png"
    with OllamaStub(models=("ghost-architect",), vision=("ghost-vision",)) as server:
        monkeypatch.setenv("OLLAMA_HOST", server.host)
        engine = OllamaEngine()
        assert engine.supports_images("ghost-vision") and not engine.supports_images(
            "ghost-architect"
        )
        result = infer(shot, engine, "ghost-vision")
        _, _, body = [r for r in server.requests if r[1] == "/api/chat"][-1]
        user = body["messages"][-1]
        assert base64.b64decode(user["images"][0]) == shot.read_bytes()
        assert "Author" not in user["content"]  # no OCR text in the prompt
        assert result.layout == "" and result.report.executes
        text = infer(shot, engine, "ghost-architect")
        _, _, body = [r for r in server.requests if r[1] == "/api/chat"][-1]
        assert "images" not in body["messages"][-1] and "Author" in body["messages"][-1]["content"]
        assert text.layout
