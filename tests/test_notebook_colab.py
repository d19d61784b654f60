"""notebooks/colab_t4.ipynb, executed top to bottom on this CPU with smoke-sized parameters.

The parameters cell is replaced (as papermill would) by a CPU run of the same recipe: a few
pillow-rendered screens, 2 optimizer steps of the hf backend, a q8_0 export, the sample
screenshot (no upload off Colab). The install cell must skip itself off Colab: nothing is
installed and nothing downloaded.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT, run_ghost

NOTEBOOK = ROOT / "notebooks" / "colab_t4.ipynb"


def smoke_parameters(work: Path) -> str:
    sets = [
        "train.per_device_train_batch_size=1",
        "train.gradient_accumulation_steps=1",
        "model.max_seq_length=1024",
        "train.warmup_steps=1",
        "train.eval_steps=2",  # an eval at the last step: best-adapter is kept and exported
        "train.save_steps=2",
        "train.optimizer=adamw_torch",
    ]
    return "\n".join(
        [
            'CONFIG = "gpu-270m-schema"',
            'PROFILE = "cpu"',
            'BACKEND = "hf"',
            "MAX_STEPS = 2",
            f"SETS = {sets!r}",
            # two steps from the base 270M teach it nothing: go on from the shipped model, so
            # the exported GGUF must still write a schema for the sample screenshot
            'START_FROM = "shipped"',
            "SYNTH_N = 16",
            "SYNTH_SEED = 21",
            'RENDERER = "pillow"',
            "PERCEIVE_WORKERS = 1",
            "EVAL_SCREENS = 2",
            "EXPORT_BEST = True",
            'QUANT = "q8_0"',
            'SCREENSHOT = ""',
            f"WORK = {str(work)!r}",
            'REPO_URL = ""',
        ]
    )


def tagged(nb, tag: str):
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"one cell tagged {tag!r} expected"
    return cells[0]


def text_of(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def pngs_of(cell) -> list[bytes]:
    return [
        base64.b64decode(o["data"]["image/png"])
        for o in cell.outputs
        if o.output_type in ("display_data", "execute_result") and "image/png" in o["data"]
    ]


def test_notebook_is_parameterised_and_hides_no_failures():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    source = tagged(nb, "parameters").source
    for name in ("CONFIG", "PROFILE", "BACKEND", "MAX_STEPS", "START_FROM", "SCREENSHOT", "WORK"):
        assert f"{name} = " in source or f"{name}: " in source, name
    assert 'CONFIG = "gpu-270m-schema"' in source and 'PROFILE = "t4-16gb"' in source
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = cell.source.splitlines()
            assert not any(line.lstrip().startswith("!") for line in lines), cell.source
            assert "check=False" not in cell.source


def test_the_planner_numbers_quoted_in_the_notebook_are_todays():
    """The plan section quotes `ghost plan` for the recipe on a T4: it must not go stale."""
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")

    def peaks(*extra: str) -> dict[str, tuple[float, bool]]:
        result = run_ghost("plan", "--config", "gpu-270m-schema", "--profile", "t4-16gb",
                           "--backend", "hf", "--json", *extra)  # fmt: skip
        assert result.returncode == 0, result.stderr
        first = {}
        for p in json.loads(result.stdout)["predictions"]:
            first.setdefault(p["backend"], (p["peak_gib"], p["fits"]))
        return first

    from ghost_architect.config import load_config

    batch = load_config("gpu-270m-schema").train.per_device_train_batch_size
    recipe = peaks()
    assert recipe["unsloth"][1] and not recipe["hf"][1]
    assert f"| unsloth | {batch} × 2048 | {recipe['unsloth'][0]:.2f} GiB | yes |" in text
    assert f"| hf | {batch} × 2048 | {recipe['hf'][0]} GiB" in text
    small = peaks("--batch", "1", "--seq", "1024")
    assert small["hf"][1] and f"| hf | 1 × 1024 | {small['hf'][0]:.2f} GiB | yes |" in text


@pytest.mark.slow
def test_colab_notebook_runs_top_to_bottom_on_cpu(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    work = tmp_path / "colab"
    tagged(nb, "parameters").source = smoke_parameters(work)
    client = NotebookClient(
        nb,
        timeout=None,  # no wall-clock limit per cell: a busy machine must not fail the test
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute(env={"OMP_WAIT_POLICY": "PASSIVE", "HF_HUB_OFFLINE": "1"})

    assert "install skipped" in text_of(tagged(nb, "install"))

    train_text = text_of(tagged(nb, "train"))
    assert "step 1/2: loss" in train_text and "step 2/2: loss" in train_text  # live progress
    assert "\x1b[" not in train_text  # plain lines, no redrawn progress bars

    run = work / "run"
    summary = json.loads((run / "run.json").read_text())
    assert summary["steps"] == 2 and summary["backend"] == "hf"
    assert (run / "adapter" / "adapter_model.safetensors").stat().st_size > 100_000
    assert (run / "best-adapter" / "adapter_model.safetensors").exists()
    config = (run / "config.toml").read_text()
    assert "use_dora = true" in config and "use_rslora = true" in config
    assert 'start_from = "shipped"' in config

    gguf = work / "export" / "gguf" / "ghost-architect-q8_0.gguf"
    assert gguf.read_bytes()[:4] == b"GGUF" and gguf.stat().st_size > 100 * 2**20
    assert "exporting best-adapter of step 2" in text_of(tagged(nb, "export"))

    infer_text = text_of(tagged(nb, "infer"))
    assert "s8-00003.png" in infer_text  # the sample, no upload off Colab
    assert "CREATE TABLE" in infer_text
    schema = (work / "schema.sql").read_text()
    assert "CREATE TABLE" in schema
    connection = sqlite3.connect(":memory:")
    connection.executescript(schema)  # the printed schema executes
    tables = connection.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    assert tables

    (loss_png,) = pngs_of(tagged(nb, "loss"))
    assert loss_png[:8] == b"\x89PNG\r\n\x1a\n" and len(loss_png) > 5000
    (erd_png,) = pngs_of(tagged(nb, "erd"))
    assert erd_png == (work / "erd.png").read_bytes() and erd_png[:4] == b"\x89PNG"
