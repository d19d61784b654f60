"""Shared fixtures: running `ghost` in a subprocess with extra plugins on the path."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pip_install_target(project: Path, target: Path) -> None:
    """A real (non-editable) install of ``project`` into ``target``, leaving the venv untouched."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(project),
        ],
        check=True,
        capture_output=True,
    )


def run_ghost(
    *args: str,
    pythonpath: Path | None = None,
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
):
    """Run the real CLI in a fresh interpreter (from ``cwd``); returns the CompletedProcess."""
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    if pythonpath is not None:
        full_env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(pythonpath), full_env.get("PYTHONPATH", "")) if p
        )
    return subprocess.run(
        [sys.executable, "-m", "ghost_architect.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
    )


def make_plugin_project(root: Path, dist: str, module: str, body: str) -> Path:
    """Write a minimal plugin distribution with one module and an entry point."""
    project = root / dist
    (project / module).mkdir(parents=True)
    (project / module / "__init__.py").write_text(textwrap.dedent(body))
    (project / "pyproject.toml").write_text(
        textwrap.dedent(f"""
        [build-system]
        requires = ["setuptools"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "{dist}"
        version = "0.0.1"
        [project.entry-points.ghost_architect]
        {module} = "{module}"
        [tool.setuptools]
        packages = ["{module}"]
        """)
    )
    return project


@pytest.fixture(scope="session")
def plugin_site(tmp_path_factory) -> Path:
    """A site dir holding the example plugin, a plugin that breaks on import and one that
    registers a duplicate hardware name."""
    site = tmp_path_factory.mktemp("plugin-site")
    work = tmp_path_factory.mktemp("plugin-src")
    pip_install_target(ROOT / "plugins" / "ghost-jetson", site)
    broken = make_plugin_project(
        work,
        "ghost-broken",
        "ghost_broken",
        'raise ImportError("this plugin is broken on purpose")\n',
    )
    duplicate = make_plugin_project(
        work,
        "ghost-dupe",
        "ghost_dupe",
        """
        from ghost_architect.builtin.hardware import PROFILES
        from ghost_architect.hookspecs import hookimpl

        @hookimpl
        def register_hardware_profiles(register):
            register(PROFILES[1])  # t4-16gb, already registered by the built-ins
        """,
    )
    pip_install_target(broken, site)
    pip_install_target(duplicate, site)
    return site


def assert_ddl_executes(sql: str) -> None:
    """``sql`` is CREATE statements only (sqlglot) and runs in SQLite with foreign keys on."""
    import sqlite3

    import sqlglot

    assert all(s.key == "create" for s in sqlglot.parse(sql, read="sqlite"))
    connection = sqlite3.connect(":memory:")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.executescript(sql)
    connection.close()
