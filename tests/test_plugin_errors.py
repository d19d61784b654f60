"""A plugin's error is one line naming the plugin, and `ghost` goes on: a bad object, a hook
name that does not exist, a hook with the wrong arguments, an import failure. `ghost plugins`
lists each plugin, failed ones too, with what it contributes per hook and its problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_plugin_project, pip_install_target, run_ghost

PLUGINS = {
    "ghost_badobj": """
        from ghost_architect.hookspecs import hookimpl

        class Mute:
            name = "mute"
            description = "an engine with no chat()"

        class Good:
            name = "good"
            description = "fine"
            def unavailable_reason(self): return None
            def chat(self, model, messages, max_tokens=512, grammar=None): ...

        @hookimpl
        def register_engines(register):
            register(Mute())
            register(Good())
        """,
    "ghost_typo": """
        from ghost_architect.hookspecs import hookimpl

        @hookimpl
        def register_reader(register):
            pass
        """,
    "ghost_badargs": """
        from ghost_architect.hookspecs import hookimpl

        @hookimpl
        def register_engines(register, extra):
            pass
        """,
    "ghost_import": "import ghost_architect.no_such_module\n",
}


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("bad-site")
    work = tmp_path_factory.mktemp("bad-src")
    for module, body in PLUGINS.items():
        project = make_plugin_project(work, module.replace("_", "-"), module, body)
        pip_install_target(project, site)
    return site


def test_each_problem_is_one_line_naming_its_plugin(bad_site):
    result = run_ghost("hardware", "--json", pythonpath=bad_site)
    assert result.returncode == 0, result.stderr
    assert "cpu" in {row["name"] for row in json.loads(result.stdout)}
    assert "Traceback" not in result.stderr
    assert all(line.startswith("Warning: plugin '") for line in result.stderr.splitlines())
    lines = [line.removeprefix("Warning: ") for line in result.stderr.splitlines()]
    assert (
        "plugin 'ghost_typo' implements 'register_reader', which is no hook "
        "(did you mean 'register_readers'?)" in lines
    )
    assert (
        "plugin 'ghost_import' (ghost-import 0.0.1) failed to load: ModuleNotFoundError: "
        "No module named 'ghost_architect.no_such_module'" in lines
    )
    [badargs] = [line for line in lines if line.startswith("plugin 'ghost_badargs'")]
    assert badargs.startswith(
        "plugin 'ghost_badargs' (ghost-badargs 0.0.1) failed to load: PluginValidationError: "
    )


def test_a_bad_object_is_skipped_with_one_line_and_the_rest_registers(bad_site):
    result = run_ghost("plugins", "--json", pythonpath=bad_site)
    assert result.returncode == 0, result.stderr
    assert (
        "Warning: plugin 'ghost_badobj' registers engines 'mute' without chat, "
        "unavailable_reason; skipped it" in result.stderr.splitlines()
    )
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["ghost_badobj"]["contributes"] == {"engines": ["good"]}
    assert rows["ghost_badobj"]["problems"] == [
        "plugin 'ghost_badobj' registers engines 'mute' without chat, unavailable_reason; "
        "skipped it"
    ]


def test_plugins_lists_failed_plugins_with_their_problem(bad_site):
    result = run_ghost("plugins", "--json", pythonpath=bad_site)
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    failed = rows["ghost_import"]
    assert failed["status"] == "failed" and failed["source"] == "entry point: ghost-import 0.0.1"
    assert failed["contributes"] == {} and failed["hooks"] == []
    assert failed["problems"][0].startswith("plugin 'ghost_import' (ghost-import 0.0.1) failed")
    assert rows["ghost_badargs"]["status"] == "failed"
    assert rows["ghost_typo"]["status"] == "loaded"
    assert rows["ghost_typo"]["problems"] == [
        "plugin 'ghost_typo' implements 'register_reader', which is no hook "
        "(did you mean 'register_readers'?)"
    ]


def test_the_table_shows_contributions_per_hook_and_problems(bad_site):
    result = run_ghost("plugins", pythonpath=bad_site, env={"COLUMNS": "400"})
    assert result.returncode == 0, result.stderr
    assert "engines: good" in result.stdout
    assert "ghost_import (failed)" in result.stdout
    assert "4 plugin problem(s), shown above." in result.stdout


def test_builtins_are_listed_per_hook_with_all():
    result = run_ghost("plugins", "--json", "--all", env={"GHOST_LOAD_PLUGINS": ""})
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["ghost_architect.builtin.readers"]["contributes"] == {
        "readers": ["jsonl", "json", "csv", "hf-datasets"]
    }
    assert rows["ghost_architect.builtin.engines"]["contributes"]["engines"] == [
        "llamacpp", "ollama", "transformers", "heuristic", "litert"
    ]  # fmt: skip
    assert rows["ghost_architect.commands.data_cmd"]["contributes"] == {"commands": ["data"]}
    assert all(row["status"] == "loaded" and not row["problems"] for row in rows.values())


CLASH = """
    import click
    from ghost_architect.hookspecs import hookimpl

    @click.command("infer")
    def evil():
        click.echo("not the real infer")

    @click.command("clash-own")
    def own():
        click.echo("its own command")

    @click.command("synth")
    def evil_synth():
        click.echo("not the real synth")

    @click.command("hello")
    def hello():
        click.echo("hello from a data subcommand")

    @hookimpl
    def register_commands(cli):
        cli.add_command(evil)
        cli.add_command(own)
        cli.commands["data"].add_command(evil_synth)
        cli.commands["data"].add_command(hello)
    """


def test_a_plugin_command_cannot_replace_a_builtin_one(tmp_path):
    """A plugin adding a command under a name a built-in has is skipped with one line; its
    other commands are added and listed as its own."""
    site = tmp_path / "site"
    pip_install_target(make_plugin_project(tmp_path, "ghost-clash", "ghost_clash", CLASH), site)
    result = run_ghost("infer", "--help", pythonpath=site)
    assert result.returncode == 0, result.stderr
    assert "not the real infer" not in result.stdout and "screenshot" in result.stdout.lower()
    assert sorted(result.stderr.splitlines()) == [
        "Warning: plugin 'ghost_clash' adds a command 'ghost data synth', which "
        "'ghost_architect.commands.data_synth_cmd' already has; skipped it",
        "Warning: plugin 'ghost_clash' adds a command 'ghost infer', which "
        "'ghost_architect.commands.infer_cmd' already has; skipped it",
    ]
    assert run_ghost("clash-own", pythonpath=site).stdout == "its own command\n"
    assert run_ghost("data", "hello", pythonpath=site).stdout == "hello from a data subcommand\n"
    synth = run_ghost("data", "synth", "--help", pythonpath=site)
    assert "not the real synth" not in synth.stdout and "--procedural" in synth.stdout
    rows = {
        r["name"]: r for r in json.loads(run_ghost("plugins", "--json", pythonpath=site).stdout)
    }
    assert rows["ghost_clash"]["contributes"] == {"commands": ["clash-own", "data hello"]}
    assert sorted(rows["ghost_clash"]["problems"]) == [
        line.removeprefix("Warning: ") for line in sorted(result.stderr.splitlines())
    ]
