"""Hook registration through the plugin manager, in process."""

from __future__ import annotations

from ghost_architect.hardware import HardwareProfile
from ghost_architect.hookspecs import hookimpl
from ghost_architect.plugins import DEFAULT_PLUGINS, build_plugin_manager

EXTRA = HardwareProfile(name="test-gpu", display_name="Test", kind="cuda", vram_gib=3.0, bf16=True)


class ExtraProfile:
    @hookimpl
    def register_hardware_profiles(self, register):
        register(EXTRA)


class CrashingHook:
    @hookimpl
    def register_hardware_profiles(self, register):
        raise RuntimeError("boom")


class Nameless:
    @hookimpl
    def register_engines(self, register):
        register(object())


def fresh_manager():
    return build_plugin_manager(load_entry_points=False)


def test_builtins_register_through_hooks():
    pm = fresh_manager()
    assert set(pm.infos) == set(DEFAULT_PLUGINS)
    hardware = pm.registry("hardware")
    assert {"cpu", "t4-16gb", "h200-141gb"} <= set(hardware)
    assert hardware.owners["t4-16gb"] == "ghost_architect.builtin.hardware"
    assert not pm.warnings


def test_registered_plugin_contributes_and_is_attributed():
    pm = fresh_manager()
    pm.register(ExtraProfile(), name="extra")
    hardware = pm.registry("hardware")
    assert hardware["test-gpu"] is EXTRA
    assert hardware.owners["test-gpu"] == "extra"
    assert pm.hooks_of("extra") == ["register_hardware_profiles"]


def test_crashing_hook_becomes_warning_and_others_still_register():
    pm = fresh_manager()
    pm.register(CrashingHook(), name="crasher")
    hardware = pm.registry("hardware")
    assert "cpu" in hardware
    assert pm.warnings == [
        "plugin 'crasher' failed in register_hardware_profiles: RuntimeError: boom"
    ]


def test_object_without_name_is_rejected_with_warning():
    builtins = set(fresh_manager().registry("engines"))
    pm = fresh_manager()
    pm.register(Nameless(), name="nameless")
    assert set(pm.registry("engines")) == builtins
    assert pm.warnings == ["plugin 'nameless' registered a engines object without a name"]


def test_registry_is_collected_once():
    pm = fresh_manager()
    assert pm.registry("hardware") is pm.registry("hardware")
