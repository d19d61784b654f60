"""The base install, without the [train] extra: `ghost infer` and `ghost eval` run, the default
model is built without torch, and a command that needs the extra says the one install line.

No second virtualenv: each `ghost` runs in a child Python whose sitecustomize hides every
package a base install would not have (all but the base dependencies' closure, read from the
installed metadata: the [train] stack, test tools, the other extras) from the import system and
from importlib.metadata, and whose cache (GHOST_HOME) starts empty, so the default GGUF is really
built there."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from packaging.requirements import Requirement

from ghost_architect.errors import EXIT_MISSING_EXTRA, GhostError, MissingExtra, missing_extra


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(extras: tuple[str, ...] = ()) -> set[str]:
    """The distributions ghost-architect (with ``extras``) depends on, transitively, as installed
    here: what a base (+ extras) install would hold."""
    seen: set[str] = set()
    todo = [("ghost-architect", extras)]
    while todo:
        name, wanted = todo.pop()
        if _key(name) in seen and not wanted:
            continue
        seen.add(_key(name))
        try:
            requires = importlib.metadata.distribution(name).requires or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for line in requires:
            req = Requirement(line)
            envs = [{"extra": e} for e in wanted] or [{"extra": ""}]
            wanted_here = req.marker is None or any(req.marker.evaluate(e) for e in envs)
            if wanted_here and _key(req.name) not in seen:
                todo.append((req.name, tuple(req.extras)))
    return seen


def outside(extras: tuple[str, ...] = ()) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(top-level modules, distributions) installed here that a base (+ ``extras``) install
    would not have: everything else this venv holds (the [train] stack, test tools, ...)."""
    kept = closure(extras)
    modules = importlib.metadata.packages_distributions()
    hidden = sorted(m for m, dists in modules.items() if not any(_key(d) in kept for d in dists))
    dists = sorted({_key(d) for ds in modules.values() for d in ds} - kept)
    return tuple(hidden), tuple(dists)


HIDDEN, HIDDEN_DISTS = outside()
SCREEN = ROOT / "data" / "samples" / "images" / "s8-00003.png"
INSTALL_LINE = "(pip install 'ghost-architect[train]')"

SITECUSTOMIZE = """
import re
import sys

HIDDEN = {hidden!r}
HIDDEN_DISTS = {dists!r}


def hidden(name):
    return name.partition(".")[0] in HIDDEN


def key(name):
    return re.sub(r"[-_.]+", "-", name).lower()


class Hide:
    \"\"\"One import finder, wrapped: a hidden module is not found, a hidden distribution not
    listed.\"\"\"

    def __init__(self, inner):
        self.inner = inner

    def find_spec(self, name, path=None, target=None):
        find = getattr(self.inner, "find_spec", None)
        return None if hidden(name) or find is None else find(name, path, target)

    def find_distributions(self, *args, **kwargs):
        find = getattr(self.inner, "find_distributions", None)
        found = find(*args, **kwargs) if find else ()
        return [d for d in found if key(d.metadata["Name"] or "") not in HIDDEN_DISTS]

    def invalidate_caches(self):
        if hasattr(self.inner, "invalidate_caches"):
            self.inner.invalidate_caches()


sys.meta_path[:] = [Hide(finder) for finder in sys.meta_path]
"""


@pytest.fixture(scope="module")
def light(tmp_path_factory) -> dict[str, str]:
    """The environment of a base install: the [train] packages hidden, an empty cache."""
    site = tmp_path_factory.mktemp("light-site")
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE.format(hidden=HIDDEN, dists=HIDDEN_DISTS))
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(site),
           "GHOST_HOME": str(tmp_path_factory.mktemp("light-home"))}  # fmt: skip
    probe = "import importlib.util; print(importlib.util.find_spec('torch'))"
    seen = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert seen.stdout.strip() == "None", seen.stderr  # the hiding works
    return env


def ghost(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ghost_architect.cli", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT)  # fmt: skip


def built_models(env: dict[str, str]) -> list[Path]:
    return sorted((Path(env["GHOST_HOME"]) / "default-model").rglob("*.gguf"))


def test_infer_builds_the_default_model_and_runs_without_torch(light):
    result = ghost("infer", str(SCREEN), "--format", "sql", env=light)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("CREATE TABLE")
    assert [path.name for path in built_models(light)] == ["ghost-architect-270m-q8_0.gguf"]


def test_eval_runs_without_torch(light, tmp_path):
    result = ghost("eval", "--data", str(ROOT / "data" / "samples" / "test.jsonl"),
                   "--limit", "2", "--no-baselines", "--out", str(tmp_path), env=light)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert list(summary) == ["llamacpp"]
    assert summary["llamacpp"]["parsed"]["mean"] > 0
    assert len(built_models(light)) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["train", "--config", "cpu-270m-schema", "--max-steps", "1"],
        ["export", str(ROOT / "ghost_architect" / "models" / "shipped" / "ghost-architect-270m"),
         "--to", "gguf"],
    ],
    ids=["train", "export"],
)  # fmt: skip
def test_a_command_that_needs_the_train_extra_says_the_install_line(light, tmp_path, args):
    out = ["--output" if args[0] == "train" else "--out", str(tmp_path / "out")]
    result = ghost(*args, *out, env=light)
    assert result.returncode == EXIT_MISSING_EXTRA == 5
    assert result.stderr.strip().splitlines() == [
        f"Error: `ghost {args[0]}` needs the training extra (torch is not installed) {INSTALL_LINE}"
    ]
    assert not (tmp_path / "out").exists()


def test_the_app_says_its_install_line(light):
    result = ghost("app", "--port", "8599", env=light)
    assert result.returncode == EXIT_MISSING_EXTRA
    assert result.stderr.strip().splitlines() == [
        "Error: `ghost app` needs the [app] extra (streamlit is not installed) "
        "(pip install 'ghost-architect[app]')"
    ]


def _raised(error: BaseException, cause: BaseException, suppress: bool) -> BaseException:
    """``error`` raised while handling ``cause``: from it, or ``from None`` when ``suppress``."""
    try:
        try:
            raise cause
        except BaseException:
            raise error from (None if suppress else cause)
    except BaseException as raised:
        return raised


def test_the_install_line_follows_the_cause_not_a_suppressed_context():
    torch_missing = ModuleNotFoundError("No module named 'torch'", name="torch")
    wrapped = _raised(GhostError("export stage 'merged' failed"), torch_missing, False)
    found = missing_extra(wrapped, "ghost export")
    assert isinstance(found, MissingExtra) and found.code == EXIT_MISSING_EXTRA
    assert (
        str(found)
        == f"`ghost export` needs the training extra (torch is not installed) {INSTALL_LINE}"
    )
    assert missing_extra(_raised(GhostError("handled"), torch_missing, True), "ghost x") is None
    other = ModuleNotFoundError("No module named 'llama_cpp'", name="llama_cpp")
    assert missing_extra(other, "ghost infer") is None


def test_doctor_passes_a_base_install_for_the_cpu_and_names_the_extra_for_a_gpu(light):
    """Without the [train] extra the cpu profile can still infer: torch and the training stack
    are warnings with the install line, their dependants skipped; a GPU profile, made for
    training, fails on them."""
    cpu = ghost("doctor", "--profile", "cpu", "--json", env=light)
    assert cpu.returncode == 0, cpu.stdout[-2000:] + cpu.stderr[-2000:]
    checks = {c["name"]: c for c in json.loads(cpu.stdout)["checks"]}
    assert checks["torch"]["status"] == "warn"
    assert checks["torch"]["fix"] == "pip install 'ghost-architect[train]'"
    assert (checks["accelerator"]["status"], checks["accelerator"]["detail"]) == (
        "warn",
        "skipped: needs torch",
    )
    gpu = ghost("doctor", "--profile", "t4-16gb", "--json", env=light)
    assert gpu.returncode == 1
    assert {c["name"]: c["status"] for c in json.loads(gpu.stdout)["checks"]}["torch"] == "fail"


def test_plan_runs_without_torch(light):
    """`ghost plan` is arithmetic over the planner's fit: it needs no training stack."""
    result = ghost("plan", "--config", "gpu-270m-schema", "--profile", "t4-16gb", env=light)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "gemma-3-270m on t4-16gb" in result.stdout
    assert "fits" in result.stdout.strip().splitlines()[-1]


def test_a_data_subcommand_that_needs_the_extra_names_itself(light):
    """`ghost data validate` prepares training data: it needs [train] (near-duplicate detection),
    and says so naming the subcommand, not its group."""
    data = ROOT / "data" / "samples" / "test.jsonl"
    result = ghost("data", "validate", str(data), "--tokenizer", "none", env=light)
    assert result.returncode == EXIT_MISSING_EXTRA
    assert result.stderr.strip().splitlines() == [
        "Error: `ghost data validate` needs the training extra (datasketch is not installed) "
        f"{INSTALL_LINE}"
    ]


APP_RUN = """
import sys
from streamlit.testing.v1 import AppTest

app = AppTest.from_file(sys.argv[1], default_timeout=24 * 3600)  # no wall-clock limit
app.run()
[pick] = [box for box in app.selectbox if box.label.startswith("…or pick a sample")]
pick.set_value(sys.argv[2]).run()
assert not app.exception, [e.value for e in app.exception]
print("torch loaded:", "torch" in sys.modules)
print("\\n".join(block.value for block in app.code))
"""


def test_the_app_runs_with_the_app_extra_and_without_torch(light, tmp_path):
    """Base install + [app]: the Streamlit page turns a sample into its schema, torch never
    imported (the [train] packages hidden, streamlit not; `make test` installs [app])."""
    site = tmp_path / "app-site"
    site.mkdir()
    hidden, dists = outside(("app",))
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE.format(hidden=hidden, dists=dists))
    env = {**light, "PYTHONPATH": str(site), "HOME": str(tmp_path)}
    app = ROOT / "apps" / "streamlit_app.py"
    result = subprocess.run([sys.executable, "-c", APP_RUN, str(app), SCREEN.name],
                            capture_output=True, text=True, env=env, cwd=ROOT)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "torch loaded: False" in result.stdout
    assert "CREATE TABLE" in result.stdout
