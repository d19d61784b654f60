"""`--engine litert`: the engine's use of the litert-lm runtime (a stand-in module records what it
is asked), its errors, and `ghost infer --engine litert` through the CLI. The real runtime on a
real `.litertlm` of the shipped model runs where the converter's venv is set up
(GHOST_LITERT_PYTHON, see benchmarks/results/litert-probe.md): converting needs 1.5 GB of
packages and 6 GB of RAM, which CI does not have."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_ghost

from ghost_architect.errors import GhostError
from ghost_architect.serving import litert_engine
from ghost_architect.serving.litert_engine import LiteRtEngine

SHOT = ROOT / "data" / "samples" / "images" / "s8-00003.png"
REPLY = "CREATE TABLE members (\n  id INTEGER PRIMARY KEY,\n  email VARCHAR(120) NOT NULL\n);"

# A stand-in for the litert_lm package: the calls the engine makes, recorded to LITERT_LOG, and
# a reply of REPLY's tokens cut at max_output_tokens (one token per whitespace-separated word).
FAKE_LITERT_LM = f"""
import json, os

REPLY = {REPLY!r}


def log(entry):
    with open(os.environ["LITERT_LOG"], "a") as f:
        f.write(json.dumps(entry) + "\\n")


class LogSeverity:
    ERROR = 4


def set_min_log_severity(level):
    log({{"severity": level}})


class Backend:
    @staticmethod
    def CPU(thread_count=None):
        return ("cpu", thread_count)


class SamplerConfig:
    def __init__(self, top_k, temperature):
        self.top_k, self.temperature = top_k, temperature


class RepetitionPenaltyConfig:
    def __init__(self, repetition_penalty, window_size):
        self.penalty, self.window = repetition_penalty, window_size


class Info:
    def __init__(self, prompt, produced):
        self.last_prefill_token_count, self.last_decode_token_count = prompt, produced


class Conversation:
    def __init__(self, messages, sampler):
        self.messages, self.sampler, self.info = messages, sampler, None

    def send_message(self, message, repetition_penalty_config, max_output_tokens):
        words = REPLY.split(" ")[:max_output_tokens]
        self.info = Info(len(message["content"].split()), len(words))
        log({{"history": self.messages, "sent": message, "top_k": self.sampler.top_k,
              "temperature": self.sampler.temperature,
              "penalty": repetition_penalty_config.penalty,
              "window": repetition_penalty_config.window, "max": max_output_tokens}})
        return {{"role": "model", "content": [{{"type": "text", "text": " ".join(words)}}]}}

    def get_benchmark_info(self):
        return self.info

    def close(self):
        log({{"closed": True}})


class Engine:
    def __init__(self, path, backend, enable_benchmark):
        if open(path, "rb").read(4) != b"LITE":
            raise RuntimeError("not a litertlm file\\nsecond line")
        log({{"load": path, "backend": list(backend), "benchmark": enable_benchmark}})

    def create_conversation(self, messages, sampler_config):
        return Conversation(messages, sampler_config)

    def close(self):
        pass
"""


@pytest.fixture
def fake_runtime(tmp_path, monkeypatch):
    """The stand-in litert_lm importable here and in child processes; returns its log reader."""
    site = tmp_path / "site"
    (site / "litert_lm").mkdir(parents=True)
    (site / "litert_lm" / "__init__.py").write_text(FAKE_LITERT_LM)
    log = tmp_path / "litert.log"
    monkeypatch.setenv("LITERT_LOG", str(log))
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, "litert_lm", raising=False)

    def entries() -> list[dict]:
        return [json.loads(line) for line in log.read_text().splitlines()]

    entries.site = site
    return entries


@pytest.fixture
def model(tmp_path) -> Path:
    path = tmp_path / "ghost.litertlm"
    path.write_bytes(b"LITE" + bytes(64))
    return path


def test_greedy_chat_folds_the_system_prompt_and_counts_tokens(fake_runtime, model):
    engine = LiteRtEngine(threads=1)
    messages = [
        {"role": "system", "content": "You write SQL."},
        {"role": "user", "content": "Email: a@b.c"},
    ]
    done = engine.chat(str(model), messages, max_tokens=64)
    assert done.text == REPLY and not done.truncated
    assert done.completion_tokens == len(REPLY.split(" ")) and done.prompt_tokens == 5
    assert done.load_seconds > 0
    load, sent, closed = (e for e in fake_runtime() if "severity" not in e)
    assert load == {"load": str(model.resolve()), "backend": ["cpu", 1], "benchmark": True}
    assert sent["sent"] == {"role": "user", "content": "You write SQL.\n\nEmail: a@b.c"}
    assert sent["history"] is None and (sent["top_k"], sent["temperature"]) == (1, 0.0)
    assert (sent["penalty"], sent["window"], sent["max"]) == (1.1, 64, 64)
    assert closed == {"closed": True}

    again = engine.chat(str(model), messages, max_tokens=3)  # loaded once, kept
    assert again.truncated and again.completion_tokens == 3 and again.load_seconds == 0.0
    assert sum("load" in e for e in fake_runtime()) == 1


def test_earlier_turns_go_into_the_conversation(fake_runtime, model):
    messages = [
        {"role": "system", "content": "S"},
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": "CREATE TABLE x (id INT);"},
        {"role": "user", "content": "fix it"},
    ]
    LiteRtEngine().chat(str(model), messages)
    sent = next(e for e in fake_runtime() if "sent" in e)
    assert sent["history"] == [
        {"role": "user", "content": "S\n\nfirst"},
        {"role": "assistant", "content": "CREATE TABLE x (id INT);"},
    ]
    assert sent["sent"] == {"role": "user", "content": "fix it"}


def test_bad_models_and_a_missing_runtime_are_one_line(fake_runtime, tmp_path, monkeypatch):
    engine = LiteRtEngine()
    with pytest.raises(GhostError, match="LiteRT model not found") as missing:
        engine.chat(str(tmp_path / "none.litertlm"), [{"role": "user", "content": "x"}])
    assert "ghost export RUN --to litert" in missing.value.fix
    junk = tmp_path / "junk.litertlm"
    junk.write_bytes(b"GGUF")
    with pytest.raises(GhostError) as bad:
        engine.chat(str(junk), [{"role": "user", "content": "x"}])
    assert bad.value.message == f"{junk}: litert-lm cannot load it (not a litertlm file)"
    with pytest.raises(GhostError, match="without a grammar"):
        engine.chat(str(junk), [{"role": "user", "content": "x"}], grammar="root ::= x")
    monkeypatch.setattr(litert_engine.importlib.util, "find_spec", lambda name: None)
    assert engine.unavailable_reason() == (
        "litert-lm-api is not installed (pip install 'ghost-architect[edge]')"
    )


def test_ghost_infer_engine_litert_prints_the_validated_schema(fake_runtime, model):
    result = run_ghost(
        "infer", str(SHOT), "--engine", "litert", "--model", str(model), "--format", "sql",
        pythonpath=fake_runtime.site,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "CREATE TABLE members" in result.stdout and "email VARCHAR(120)" in result.stdout
    sent = next(e for e in fake_runtime() if "sent" in e)
    assert "Ghost Architect" in sent["sent"]["content"]  # the product's prompt, system folded in
    assert sent["max"] >= 256


def test_ghost_infer_engine_litert_needs_a_model(fake_runtime):
    result = run_ghost("infer", str(SHOT), "--engine", "litert", pythonpath=fake_runtime.site)
    assert result.returncode != 0
    assert "engine 'litert' has no default model" in result.stderr


@pytest.mark.slow
def test_the_shipped_model_as_litertlm_writes_a_schema(tmp_path):
    """The real route: shipped run -> merged -> .litertlm (converter venv) -> litert-lm here."""
    if not os.environ.get("GHOST_LITERT_PYTHON"):
        pytest.fail(
            "GHOST_LITERT_PYTHON unset: `make litert` builds the converter's venv and `make test` "
            "sets it (or run: GHOST_LITERT_PYTHON=.venv-litert/bin/python pytest)"
        )
    shipped = ROOT / "ghost_architect" / "models" / "shipped" / "ghost-architect-270m"
    out = tmp_path / "out"
    export = run_ghost("export", str(shipped), "--to", "litert", "--out", str(out))
    assert export.returncode == 0, export.stderr[-3000:]
    (bundle,) = out.rglob("*.litertlm")
    result = run_ghost("infer", str(SHOT), "--engine", "litert", "--model", str(bundle))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "CREATE TABLE" in result.stdout
