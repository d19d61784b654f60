"""register_doctor_checks: the built-in checks register like a plugin's, and `ghost doctor` runs
and reports a plugin's check like the others (a crash or a failed prerequisite included)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ghost_architect import plugins
from ghost_architect.builtin.hardware import PROFILES
from ghost_architect.cli import build_cli
from ghost_architect.doctor import Check, DoctorCheck, run_checks
from ghost_architect.hookspecs import hookimpl

CPU = next(p for p in PROFILES if p.name == "cpu")
BUILTIN = [
    "python",
    "torch",
    "accelerator",
    "bf16",
    "training stack",
    "bitsandbytes",
    "unsloth",
    "llama.cpp engine",
    "ollama server",
    "disk",
    "gemma 3 270m (offline)",
    "ocr",
    "default model",
]


def swap_in(monkeypatch, *checks) -> plugins.GhostPluginManager:
    """The process-wide plugin manager becomes the built-ins plus ``checks`` (plugin 'lab')."""

    class Plugin:
        @hookimpl
        def register_doctor_checks(self, register):
            for check in checks:
                register(check)

    pm = plugins.build_plugin_manager(load_entry_points=False)
    pm.register(Plugin(), name="lab")
    monkeypatch.setattr(plugins, "_pm", pm)
    return pm


def licence_server(profile) -> Check:
    return Check("licence server", "fail", f"no licence for {profile.name}", "call the lab")


def crashes(profile) -> Check:
    raise RuntimeError("boom")


def test_builtin_checks_register_through_the_hook_in_order():
    checks = plugins.build_plugin_manager(load_entry_points=False).registry("doctor_checks")
    assert list(checks) == BUILTIN
    assert set(checks.owners.values()) == {"ghost_architect.builtin.doctor"}


def test_a_plugin_check_runs_after_the_builtins_and_a_crash_names_the_plugin(monkeypatch):
    swap_in(
        monkeypatch,
        DoctorCheck("licence server", licence_server),
        DoctorCheck("flaky", crashes),
        DoctorCheck(
            "after licence", lambda p: Check("after licence", "pass", ""), needs=("licence server",)
        ),
    )
    results = {c.name: c for c in run_checks(CPU)}
    assert list(results)[: len(BUILTIN)] == BUILTIN
    assert results["licence server"] == Check(
        "licence server", "fail", "no licence for cpu", "call the lab"
    )
    assert results["flaky"].detail == "check crashed (plugin 'lab'): RuntimeError: boom"
    assert (results["after licence"].status, results["after licence"].detail) == (
        "fail",
        "needs licence server",
    )


def test_ghost_doctor_reports_a_plugin_check_like_the_others(monkeypatch):
    swap_in(monkeypatch, DoctorCheck("licence server", licence_server))
    result = CliRunner().invoke(build_cli(), ["doctor", "--profile", "cpu", "--json"])
    assert result.exit_code == 1  # the plugin's failing check fails doctor
    checks = {c["name"]: c for c in json.loads(result.output)["checks"]}
    assert checks["licence server"] == {
        "name": "licence server",
        "status": "fail",
        "detail": "no licence for cpu",
        "fix": "call the lab",
    }
    assert checks["python"]["status"] == "pass"
