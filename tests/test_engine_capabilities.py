"""Engines declare what the core asks (grammar, vision, server, default model, auto preference,
eval baselines); `ghost infer --engine auto` and `ghost eval --baselines` follow the declarations,
never an engine's name."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT

from ghost_architect import plugins
from ghost_architect.cli import build_cli
from ghost_architect.commands import eval_cmd
from ghost_architect.errors import UsageError
from ghost_architect.infer import default_engine_name, resolve_engine
from ghost_architect.models import shipped
from ghost_architect.serving import engine as protocol
from ghost_architect.serving.engine import Completion

DDL = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);"


class FakeEngine:
    """An engine that answers ``DDL`` and takes the screenshot itself (no OCR in these tests)."""

    description = "a fake engine for tests"
    supports_grammar = False
    supports_vision = True

    def __init__(self, name: str, preference: int | None = None, server: bool = False,
                 baselines: list[tuple[str, str | None]] | None = None) -> None:  # fmt: skip
        self.name, self.preference, self.needs_server = name, preference, server
        self.declared = baselines or []
        self.models: list[str] = []

    def unavailable_reason(self) -> str | None:
        return None

    def default_model(self, say) -> str:
        return f"{self.name}-default"

    def auto_preference(self) -> int | None:
        return self.preference

    def baselines(self) -> list[tuple[str, str | None]]:
        return self.declared

    def supports_images(self, model: str) -> bool:
        return True

    def chat(self, model: str, messages: list[dict[str, Any]], max_tokens: int = 512,
             grammar: str | None = None) -> Completion:  # fmt: skip
        self.models.append(model)
        return Completion(DDL, 0, len(DDL.split()), 1e-6)


def builtin_engines() -> dict[str, Any]:
    return dict(plugins.build_plugin_manager(load_entry_points=False).registry("engines").items)


def test_the_builtin_engines_declare_their_capabilities():
    engines = builtin_engines()
    declared = {
        name: (protocol.takes_grammar(e), protocol.supports_vision(e), protocol.needs_server(e))
        for name, e in engines.items()
    }
    assert declared == {
        "llamacpp": (True, False, False),
        "ollama": (False, True, True),
        "transformers": (False, True, False),
        "heuristic": (False, False, False),
        "litert": (False, False, False),
    }
    for engine in engines.values():  # declared on the object, not left to the helpers' defaults
        for capability in ("supports_grammar", "supports_vision", "needs_server"):
            assert isinstance(getattr(engine, capability), bool), (engine.name, capability)
    assert protocol.baselines(engines["heuristic"]) == [("heuristic", None)]
    assert protocol.baselines(engines["ollama"]) == []


def test_auto_takes_the_highest_preference_and_never_a_server_engine():
    engines = {
        "served": FakeEngine("served", preference=99, server=True),
        "never": FakeEngine("never"),
        "first": FakeEngine("first", preference=5),
        "tied": FakeEngine("tied", preference=5),
        "floor": FakeEngine("floor", preference=0),
    }
    assert protocol.auto_engine(engines) == "first"  # a server engine is never auto's pick
    assert resolve_engine("auto", engines) is engines["first"]
    assert resolve_engine("never", engines) is engines["never"]  # named, it runs
    with pytest.raises(UsageError, match="no engine offers itself for --engine auto"):
        protocol.auto_engine({"never": FakeEngine("never")})


def test_auto_is_the_shipped_model_on_llamacpp_else_the_heuristic(monkeypatch):
    engines = builtin_engines()
    monkeypatch.setattr(shipped, "shipped_run", lambda: ROOT / "shipped-run")
    assert default_engine_name(engines) == "llamacpp"
    monkeypatch.setattr(shipped, "shipped_run", lambda: None)
    assert default_engine_name(engines) == "heuristic"


def test_a_plugin_engine_can_become_autos_choice(monkeypatch):
    monkeypatch.setattr(shipped, "shipped_run", lambda: ROOT / "shipped-run")
    engines = {**builtin_engines(), "mine": FakeEngine("mine", preference=50)}
    assert default_engine_name(engines) == "mine"


def test_an_engine_that_does_not_declare_vision_sends_no_image():
    text_only = FakeEngine("text")
    text_only.supports_vision = False
    assert not protocol.supports_images(text_only, "m")
    assert protocol.supports_images(FakeEngine("vision"), "m")

    class Older:  # written before supports_vision: its supports_images is taken at its word
        def supports_images(self, model: str) -> bool:
            return model == "vl"

    assert protocol.supports_images(Older(), "vl") and not protocol.supports_images(Older(), "t")
    assert not protocol.supports_images(object(), "m")


def test_eval_baselines_are_what_the_engines_declare(monkeypatch, tmp_path):
    contender = FakeEngine("mine", baselines=[("mine-base", "base-weights"), ("dup", None)])
    other = FakeEngine("other", baselines=[("floor", None), ("again", "mine-default")])
    monkeypatch.setattr(eval_cmd, "named", lambda kind: {"mine": contender, "other": other})
    out = tmp_path / "eval"
    result = CliRunner().invoke(build_cli(), [
        "eval", "--data", str(ROOT / "data" / "samples" / "test.jsonl"), "--engine", "mine",
        "--limit", "1", "--out", str(out),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    # the model-free baseline first; one the contender already is (same engine and model) is
    # not run again, the same engine with another model is
    assert list(summary) == ["mine", "floor", "mine-base", "again"]
    assert contender.models == ["mine-default", "base-weights"]
    assert other.models == ["other-default", "mine-default"]
