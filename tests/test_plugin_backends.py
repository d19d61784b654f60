"""register_backends: the built-ins register like a plugin, 'auto' follows one rule for train and
plan, and config, `ghost train --backend` and `ghost plan --backend` accept a plugin's backend."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghost_architect import plugins
from ghost_architect.builtin.hardware import PROFILES
from ghost_architect.cli import build_cli
from ghost_architect.config import load_config
from ghost_architect.errors import GhostError
from ghost_architect.hookspecs import hookimpl
from ghost_architect.training.backends import choose_backend, planner_coefficients

PROFILE = {p.name: p for p in PROFILES}
CORE = Path(__file__).resolve().parent.parent / "ghost_architect"


class FakeBackend:
    description = "a backend for tests"

    def __init__(self, name, kinds=(), preference=0, ok=True, coefficients=None) -> None:
        self.name, self.device_kinds, self.preference = name, kinds, preference
        self.ok, self.memory_coefficients = ok, coefficients

    def available(self) -> tuple[bool, str]:
        return self.ok, "" if self.ok else "libfake is missing (pip install libfake)"

    def load(self, config, dtype, device, vision):
        raise AssertionError("not loaded in these tests")


def use_backends(monkeypatch, *backends: FakeBackend) -> plugins.GhostPluginManager:
    """The process-wide plugin manager becomes the built-ins plus ``backends`` (plugin 'fake')."""

    class Plugin:
        @hookimpl
        def register_backends(self, register):
            for backend in backends:
                register(backend)

    pm = plugins.build_plugin_manager(load_entry_points=False)
    pm.register(Plugin(), name="fake")
    monkeypatch.setattr(plugins, "_pm", pm)
    return pm


def test_builtins_register_through_the_hook():
    pm = plugins.build_plugin_manager(load_entry_points=False)
    backends = pm.registry("backends")
    assert list(backends) == ["hf", "unsloth", "keras"]
    assert set(backends.owners.values()) == {"ghost_architect.builtin.backends"}
    assert list(planner_coefficients()) == ["unsloth", "hf"]  # the preferred one first


def test_auto_is_one_rule_for_plan_and_train():
    t4, cpu = PROFILE["t4-16gb"], PROFILE["cpu"]
    assert choose_backend("auto", t4, here=False).name == "unsloth"  # planning for a T4
    assert choose_backend("auto", cpu, here=False).name == "hf"
    assert choose_backend("auto", t4).name == "hf"  # training here: no CUDA on this machine
    with pytest.raises(GhostError, match=r"'unsloth' cannot train here: it trains on cuda devices"):
        choose_backend("unsloth", cpu, here=False)


def test_a_plugin_backend_is_chosen_by_preference_when_usable(monkeypatch):
    use_backends(monkeypatch, FakeBackend("mlx", ("cpu",), preference=50))
    assert choose_backend("auto", PROFILE["cpu"]).name == "mlx"
    assert choose_backend("auto", PROFILE["t4-16gb"], here=False).name == "unsloth"


def test_an_unavailable_backend_is_skipped_by_auto_and_refused_by_name(monkeypatch):
    monkeypatch.delenv("GHOST_KERAS_PYTHON", raising=False)  # keras unusable here too
    use_backends(monkeypatch, FakeBackend("mlx", preference=50, ok=False))
    assert choose_backend("auto", PROFILE["cpu"]).name == "hf"
    with pytest.raises(GhostError) as info:
        choose_backend("mlx", PROFILE["cpu"])
    assert str(info.value) == (
        "train.backend = 'mlx' cannot train here: libfake is missing (pip install libfake) "
        "(use --backend hf)"
    )


def test_config_accepts_any_registered_backend(monkeypatch):
    with pytest.raises(GhostError, match=r"expected one of auto, hf, unsloth, keras$"):
        load_config(flags={"train.backend": "mlx"})
    use_backends(monkeypatch, FakeBackend("mlx"))
    assert load_config(flags={"train.backend": "mlx"}).train.backend == "mlx"
    with pytest.raises(GhostError, match=r"expected one of auto, hf, unsloth, keras, mlx$"):
        load_config(flags={"train.backend": "jax"})


def test_plan_and_train_take_a_plugin_backend_on_the_command_line(monkeypatch):
    coefficients = {"hidden": 0.0, "mlp": 10.0, "logits": 4.0, "dora": 0.0}
    use_backends(monkeypatch, FakeBackend("mlx", coefficients=coefficients))
    cli, runner = build_cli(), CliRunner()
    args = ["plan", "--model", "gemma-3-270m", "--profile", "cpu", "--json"]
    result = runner.invoke(cli, [*args, "--backend", "mlx"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["backend"] == "mlx"
    assert [p["backend"] for p in plan["predictions"]] == ["unsloth", "hf", "mlx"]
    bad = runner.invoke(cli, [*args, "--backend", "jax"])
    assert (
        bad.exit_code == 2
        and "'jax' is not one of 'auto', 'hf', 'unsloth', 'keras', 'mlx'" in bad.output
    )
    help_text = runner.invoke(cli, ["train", "--help"]).output
    assert "[auto|hf|unsloth|keras|mlx]" in help_text


def test_a_backend_without_a_memory_model_cannot_be_planned(monkeypatch):
    use_backends(monkeypatch, FakeBackend("mlx"))
    result = CliRunner().invoke(
        build_cli(), ["plan", "--model", "gemma-3-270m", "--profile", "cpu", "--backend", "mlx"]
    )
    assert result.exit_code == 1
    assert "backend 'mlx' declares no memory coefficients" in result.output


NAMES = {"cuda", "cpu", "hf", "unsloth", "keras"}
NO_NAMES = [
    "config.py",
    "doctor.py",
    "hardware.py",
    "training/backends.py",
    "training/planner.py",
    "commands/train_cmd.py",
    "commands/doctor_cmd.py",
]


@pytest.mark.parametrize("module", NO_NAMES)
def test_the_core_compares_no_backend_or_device_name(module):
    tree = ast.parse((CORE / module).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for operand in [node.left, *node.comparators]:
                for leaf in ast.walk(operand):
                    assert not (isinstance(leaf, ast.Constant) and leaf.value in NAMES), (
                        f"{module}:{node.lineno} compares '{leaf.value}'"
                    )


def test_unsloth_missing_on_a_cuda_machine_names_the_gpu_extra(monkeypatch):
    """On a CUDA machine without unsloth, asking for it says which extra installs it; auto takes
    hf there (the CUDA device is faked: this machine has none)."""
    import importlib.util

    from ghost_architect.hardware import DeviceInfo, device_kind
    from ghost_architect.training import backends as module

    cuda = DeviceInfo("cuda", "Tesla T4", 15.0, (7, 5))
    monkeypatch.setattr(module, "this_device", lambda: (cuda, device_kind("cuda")))
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "unsloth" else real_find_spec(name, *a),
    )
    with pytest.raises(GhostError) as info:
        choose_backend("unsloth", PROFILE["t4-16gb"])
    assert str(info.value).startswith(
        "train.backend = 'unsloth' cannot train here: unsloth is not installed "
        "(pip install 'ghost-architect[gpu]')"
    )
    assert choose_backend("auto", PROFILE["t4-16gb"]).name == "hf"
