"""A registered object that raises when the core asks it something (a device kind's detect(), a
backend's available(), an engine's auto_preference() or unavailable_reason()) is one warning naming
its plugin; `ghost` goes on without it instead of failing with the plugin's traceback."""

from __future__ import annotations

import pytest

from ghost_architect import plugins
from ghost_architect.builtin.hardware import PROFILES
from ghost_architect.errors import GhostError
from ghost_architect.hardware import DeviceInfo, DeviceKind
from ghost_architect.hookspecs import hookimpl
from ghost_architect.infer import default_engine_name, resolve_engine
from ghost_architect.training.backends import choose_backend

CPU = next(p for p in PROFILES if p.name == "cpu")


class BrokenKind(DeviceKind):
    name = "broken"
    description = "a device kind whose driver query raises"

    def detect(self) -> DeviceInfo | None:
        raise RuntimeError("driver exploded")


class BrokenBackend:
    name = "brokenbe"
    description = "a backend whose availability check raises"
    device_kinds: tuple[str, ...] = ()
    preference = 99
    memory_coefficients = None

    def available(self) -> tuple[bool, str]:
        raise OSError("probe crashed")

    def load(self, *args):
        raise AssertionError("never loaded")


class BrokenEngine:
    name = "brokeneng"
    description = "an engine whose questions raise"
    supports_grammar = False
    supports_vision = False
    needs_server = False

    def auto_preference(self) -> int:
        raise ValueError("no preference today")

    def unavailable_reason(self) -> str | None:
        raise ValueError("cannot tell")

    def chat(self, model, messages, max_tokens=512, grammar=None):
        raise AssertionError("never asked")


def swap_in(monkeypatch) -> plugins.GhostPluginManager:
    class Plugin:
        @hookimpl
        def register_device_kinds(self, register):
            register(BrokenKind())

        @hookimpl
        def register_backends(self, register):
            register(BrokenBackend())

        @hookimpl
        def register_engines(self, register):
            register(BrokenEngine())

    pm = plugins.build_plugin_manager(load_entry_points=False)
    pm.register(Plugin(), name="ghost_broken")
    monkeypatch.setattr(plugins, "_pm", pm)
    return pm


def test_a_device_kind_that_raises_is_skipped_with_one_warning(monkeypatch):
    pm = swap_in(monkeypatch)
    found = DeviceInfo.probe()
    assert found.kind in ("cpu", "cuda")
    assert pm.warnings == [
        "plugin 'ghost_broken': device_kinds 'broken' detect() failed: RuntimeError: driver exploded"
    ]
    DeviceInfo.probe()
    assert len(pm.warnings) == 1  # said once


def test_a_backend_whose_check_raises_is_not_chosen(monkeypatch):
    pm = swap_in(monkeypatch)
    assert choose_backend("auto", CPU).name == "hf"
    said = "plugin 'ghost_broken': backends 'brokenbe' available() failed: OSError: probe crashed"
    assert said in pm.warnings
    with pytest.raises(GhostError, match="cannot train here: its availability check failed"):
        choose_backend("brokenbe", CPU)


def test_an_engine_whose_questions_raise_is_never_auto_and_unusable_by_name(monkeypatch):
    pm = swap_in(monkeypatch)
    engines = plugins.named("engines")
    assert default_engine_name(engines) != "brokeneng"
    with pytest.raises(GhostError, match=r"^engine 'brokeneng' is unavailable: its check failed$"):
        resolve_engine("brokeneng", engines)
    assert sorted(pm.warnings) == [
        "plugin 'ghost_broken': engines 'brokeneng' auto_preference() failed: "
        "ValueError: no preference today",
        "plugin 'ghost_broken': engines 'brokeneng' unavailable_reason() failed: "
        "ValueError: cannot tell",
    ]
