"""What a non-editable install gets: the wheel built from this checkout holds every file the
package has in git (presets, the DDL grammar, planner coefficients, themes, the shipped adapter),
so `pip install ghost-architect` works away from a checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT


def test_the_wheel_ships_every_file_of_the_package(tmp_path):
    listed = subprocess.run(
        ["git", "ls-files", "pyproject.toml", "README.md", "ghost_architect"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    source = tmp_path / "src"
    for name in listed:  # a copy, so the build leaves no build/ or egg-info in the checkout
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "--no-index", "-w", str(tmp_path / "wheel"), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = (tmp_path / "wheel").glob("ghost_architect-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    package = [n for n in listed if n.startswith("ghost_architect/")]
    missing = [n for n in package if n not in shipped]
    assert not missing, f"files the wheel lacks (add them to package-data): {missing}"
    for needed in ("ghost_architect/configs/gpu-270m-schema.toml",):
        assert needed in shipped
