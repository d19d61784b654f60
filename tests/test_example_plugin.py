"""The example third-party plugin, a broken plugin and a duplicate, all through entry points."""

from __future__ import annotations

import json

from conftest import run_ghost


def test_example_plugin_profile_appears_in_hardware(plugin_site):
    result = run_ghost("hardware", "--json", pythonpath=plugin_site)
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["jetson-agx-orin-64gb"]["plugin"] == "jetson"
    assert rows["jetson-agx-orin-64gb"]["compute_capability"] == [8, 7]


def test_example_plugin_listed_with_hooks_and_origin(plugin_site):
    result = run_ghost("plugins", "--json", pythonpath=plugin_site)
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    jetson = rows["jetson"]
    assert jetson["source"] == "entry point: ghost-jetson 0.1.0"
    assert jetson["hooks"] == ["register_datasets", "register_hardware_profiles"]
    assert "hardware:jetson-agx-orin-64gb" in jetson["provides"]
    assert "datasets:csv-pairs" in jetson["provides"]


def test_broken_plugin_is_reported_not_fatal(plugin_site):
    result = run_ghost("plugins", pythonpath=plugin_site)
    assert result.returncode == 0, result.stderr
    assert (
        "plugin 'ghost_broken' (ghost-broken 0.0.1) failed to load: "
        "ImportError: this plugin is broken on purpose" in result.stderr
    )
    assert "jetson" in result.stdout


def test_duplicate_registration_warns_and_keeps_first(plugin_site):
    result = run_ghost("hardware", "--json", pythonpath=plugin_site)
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["t4-16gb"]["plugin"] == "ghost_architect.builtin.hardware"
    assert (
        "plugin 'ghost_dupe' registers hardware 't4-16gb', already registered by "
        "'ghost_architect.builtin.hardware'; kept the first"
    ) in result.stderr


def test_env_var_restricts_entry_point_plugins(plugin_site):
    result = run_ghost(
        "hardware", "--json", pythonpath=plugin_site, env={"GHOST_LOAD_PLUGINS": "jetson"}
    )
    assert result.returncode == 0
    assert "ghost_broken" not in result.stderr  # not even attempted
    names = {row["name"] for row in json.loads(result.stdout)}
    assert "jetson-agx-orin-64gb" in names
    none = run_ghost("hardware", "--json", pythonpath=plugin_site, env={"GHOST_LOAD_PLUGINS": ""})
    assert "jetson-agx-orin-64gb" not in {row["name"] for row in json.loads(none.stdout)}
