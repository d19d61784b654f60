"""register_presets: the project's configs/ register like a plugin's packaged presets; a preset
is found by name from any folder, its relative paths start at its own folder, and a clash is one
line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghost_architect import plugins
from ghost_architect.config import load_config
from ghost_architect.errors import GhostError
from ghost_architect.hookspecs import hookimpl
from ghost_architect.presets import (
    BUILTIN_PRESETS,
    Preset,
    find_preset,
    list_presets,
    read_preset,
)


def swap_in(monkeypatch, *presets: Preset) -> plugins.GhostPluginManager:
    """The process-wide plugin manager becomes the built-ins plus ``presets`` (plugin 'pkg')."""

    class Plugin:
        @hookimpl
        def register_presets(self, register):
            for preset in presets:
                register(preset)

    pm = plugins.build_plugin_manager(load_entry_points=False)
    pm.register(Plugin(), name="pkg")
    monkeypatch.setattr(plugins, "_pm", pm)
    return pm


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A plugin package folder holding one preset and the data it names."""
    folder = tmp_path / "site" / "ghost_pkg"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "train.jsonl").write_text("{}\n")
    (folder / "tiny-r8.toml").write_text(
        'description = "r 8"\n[adapter]\nr = 8\n[data]\ntrain = "data/train.jsonl"\n'
    )
    return folder


def test_builtin_presets_register_through_the_hook():
    presets = plugins.build_plugin_manager(load_entry_points=False).registry("presets")
    assert sorted(presets) == sorted(p.stem for p in BUILTIN_PRESETS.glob("*.toml"))
    assert set(presets.owners.values()) == {"ghost_architect.builtin.presets"}


def test_a_packaged_preset_is_found_by_name_from_any_folder(monkeypatch, package, tmp_path):
    swap_in(monkeypatch, Preset(package / "tiny-r8.toml"))
    monkeypatch.chdir(tmp_path)
    assert find_preset("tiny-r8") == package / "tiny-r8.toml"
    assert "tiny-r8" in {p.stem for p in list_presets()}
    config = load_config("tiny-r8")
    assert config.adapter.r == 8
    assert config.data.train == str(package / "data" / "train.jsonl")  # from the package
    assert config.train.output_dir == str(tmp_path / "output" / "adapters" / "run")


def test_a_preset_clashing_with_a_builtin_is_one_line_and_the_builtin_stays(monkeypatch, package):
    clash = package / "cpu-270m.toml"
    clash.write_text("[adapter]\nr = 2\n")
    pm = swap_in(monkeypatch, Preset(clash))
    assert find_preset("cpu-270m").resolve() == BUILTIN_PRESETS / "cpu-270m.toml"
    assert pm.warnings == [
        "plugin 'pkg' registers presets 'cpu-270m', already registered by "
        "'ghost_architect.builtin.presets'; kept the first"
    ]


def test_a_local_preset_hiding_a_plugins_is_one_warning(monkeypatch, package, tmp_path, capsys):
    swap_in(monkeypatch, Preset(package / "tiny-r8.toml"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "tiny-r8.toml").write_text("[adapter]\nr = 4\n")
    assert find_preset("tiny-r8") == Path("configs") / "tiny-r8.toml"
    assert load_config("tiny-r8").adapter.r == 4  # found again: no second warning
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(
        "Warning: preset 'tiny-r8': configs/tiny-r8.toml is used; it hides the one of plugin 'pkg'"
    )


def test_an_unknown_preset_lists_the_plugins_too(monkeypatch, package):
    swap_in(monkeypatch, Preset(package / "tiny-r8.toml"))
    with pytest.raises(GhostError, match=r"preset 'nope' not found.*cpu-270m.*tiny-r8"):
        find_preset("nope")


def test_built_in_presets_ship_inside_the_package():
    """An installed wheel has the built-in presets: they live in the package and match its
    package-data glob (the checkout's configs/ only links to them)."""
    import ghost_architect

    package = Path(ghost_architect.__file__).resolve().parent
    pyproject = read_preset(package.parent / "pyproject.toml")
    assert "**/*.toml" in pyproject["tool"]["setuptools"]["package-data"]["ghost_architect"]
    owner = "ghost_architect.builtin.presets"
    named = plugins.named("presets")
    builtins = [p for name, p in named.items() if plugins.owner("presets", name) == owner]
    assert len(builtins) >= 8
    for preset in builtins:
        assert Path(preset.path).resolve().is_relative_to(package), preset.path
    assert (package.parent / "configs").resolve() == BUILTIN_PRESETS
