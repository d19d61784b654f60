"""The keras backend (Keras 3 on JAX, keras-hub's Gemma 3) end to end on a tiny random Gemma 3:
`ghost train --backend keras` converts the HF checkpoint, trains a LoRA in the keras venv
(GHOST_KERAS_PYTHON; `make keras` builds it and `make test` sets it), and writes a run folder
whose adapter PEFT loads onto the same HF model with the Keras model's logits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, run_ghost

from ghost_architect.config import TRINITY_TARGETS
from ghost_architect.training import keras_backend
from ghost_architect.training.lora_scale import lora_scale

TARGETS = ",".join(TRINITY_TARGETS)  # the default adapter.target_modules
EXAMPLE = {
    "messages": [
        {"role": "user", "content": "Write the schema of a shop's customers."},
        {
            "role": "assistant",
            "content": "CREATE TABLE customers (id INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, email TEXT UNIQUE);",
        },
    ]
}
# Runs in the keras interpreter: the Keras model's logits for argv[3]'s ids with the adapter in
# argv[2] applied (through the backend's own code), saved to argv[4].
KERAS_LOGITS = """
import json, sys
import numpy as np
from ghost_architect.training import keras_lora, keras_model, keras_state
model = keras_model.load(sys.argv[1], "fp32", sys.argv[5].split(","))
tensors = keras_state.read_adapter(__import__("pathlib").Path(sys.argv[2]))
config = json.loads(open(sys.argv[2] + "/adapter_config.json").read())
from ghost_architect.training.lora_scale import lora_scale
scale = lora_scale(config["lora_alpha"], config["r"], config["use_rslora"])
values = keras_lora.with_lora(model.values, keras_lora.from_peft(tensors, model.sites),
                              model.sites, scale)
ids = np.array([json.loads(sys.argv[3])], np.int32)
hidden = keras_model.hidden_states(model, values, ids, np.ones_like(ids, bool))
np.save(sys.argv[4], np.asarray(keras_model.logits(model, values, hidden)))
"""


def keras_python() -> str:
    """The keras venv's interpreter; unset is a failure naming the command that builds it."""
    python = os.environ.get(keras_backend.PYTHON_ENV)
    if not python:
        pytest.fail(
            "GHOST_KERAS_PYTHON unset: `make keras` builds the keras venv and `make test` sets it "
            "(or run: GHOST_KERAS_PYTHON=.venv-keras/bin/python pytest)"
        )
    return python


def tiny_gemma3(out: Path) -> Path:
    """A random fp32 Gemma 3 text model with the real tokenizer: 6 layers (5 sliding, 1 global)
    and query_pre_attn_scalar = head_dim, which keras-hub can express."""
    import torch
    from transformers import Gemma3ForCausalLM, Gemma3TextConfig

    from ghost_architect.models import offline

    torch.manual_seed(0)
    config = Gemma3TextConfig(
        vocab_size=262144, hidden_size=64, intermediate_size=128, num_hidden_layers=6,
        num_attention_heads=2, num_key_value_heads=1, head_dim=32, query_pre_attn_scalar=32,
        sliding_window=64, max_position_embeddings=1024,
    )  # fmt: skip
    Gemma3ForCausalLM(config).save_pretrained(str(out))
    offline.load_tokenizer("gemma-3-270m").save_pretrained(str(out))
    return out


def settings(model: Path, data: Path, steps: int, save_steps: int) -> list[str]:
    flags = {
        "model.name": str(model), "model.load_in_4bit": "false", "model.dtype": "fp32",
        "model.max_seq_length": "128", "adapter.r": "4", "adapter.lora_alpha": "8",
        "adapter.use_rslora": "true", "adapter.use_dora": "false",
        "train.optimizer": "adamw_torch",
        "train.per_device_train_batch_size": "2", "train.gradient_accumulation_steps": "2",
        "train.max_steps": str(steps), "train.save_steps": str(save_steps),
        "train.learning_rate": "1e-2", "train.warmup_steps": "0",
        "train.lr_scheduler_type": "constant", "data.train": str(data), "data.eval_fraction": "0",
    }  # fmt: skip
    args = ["--backend", "keras"]
    return args + [part for key, value in flags.items() for part in ("--set", f"{key}={value}")]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("keras")
    data = folder / "one.jsonl"
    data.write_text((json.dumps(EXAMPLE) + "\n") * 4)  # one example, repeated
    return tiny_gemma3(folder / "model"), data


def env() -> dict[str, str]:
    return {keras_backend.PYTHON_ENV: keras_python(), "CUDA_VISIBLE_DEVICES": ""}


@pytest.fixture(scope="module")
def trained(tiny, tmp_path_factory) -> Path:
    model, data = tiny
    run = tmp_path_factory.mktemp("keras-run") / "run"
    result = run_ghost("train", "--output", str(run), *settings(model, data, 8, 4), env=env())
    assert result.returncode == 0, result.stderr[-3000:]
    return run


def rows(run: Path) -> list[dict]:
    return [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]


def test_keras_trains_the_repeated_example_and_writes_the_run_folder(trained):
    losses = [r["loss"] for r in rows(trained)]
    assert [r["step"] for r in rows(trained)] == list(range(1, 9))
    # the tiny random model starts at ln(vocab) = 12.48 and its tied 64-wide head moves slowly
    assert losses[-1] < losses[0] - 0.4, losses
    summary = json.loads((trained / "run.json").read_text())
    assert (summary["backend"], summary["steps"], summary["dtype"]) == ("keras", 8, "fp32")
    adapter = trained / "adapter"
    config = json.loads((adapter / "adapter_config.json").read_text())
    assert (config["r"], config["lora_alpha"], config["use_rslora"]) == (4, 8, True)
    assert (adapter / "tokenizer.json").is_file() and (adapter / "trinity_config.toml").is_file()
    assert sorted(p.name for p in (trained / "checkpoints").iterdir()) == [
        "checkpoint-4",
        "checkpoint-8",
    ]
    assert (trained / "loss.png").is_file()


def test_the_first_loss_is_the_torch_loops(tiny, trained, tmp_path):
    """Before any update the adapter is zero: the keras loss over the assistant tokens of the
    group (label shift, masks, normalisation) is the hf backend's on the same examples."""
    model, data = tiny
    flags = settings(model, data, 1, 1)
    flags[1] = "hf"
    run = tmp_path / "hf"
    result = run_ghost("train", "--output", str(run), *flags, env={"CUDA_VISIBLE_DEVICES": ""})
    assert result.returncode == 0, result.stderr[-3000:]
    assert abs(rows(run)[0]["loss"] - rows(trained)[0]["loss"]) < 1e-4


def test_peft_loads_the_adapter_with_the_keras_logits(tiny, trained, tmp_path):
    """PEFT's key names, the rsLoRA scale and keras-hub's weight conversion, all at once: the
    adapter on the HF model gives the Keras model's logits (fp32)."""
    import torch
    from peft import PeftModel
    from safetensors.torch import load_file
    from transformers import AutoModelForCausalLM

    model, _ = tiny
    ids = [2, 105, 2364, 107, 6974, 506, 10434, 529, 496, 8845, 236789, 236751, 7845, 236761]
    out = tmp_path / "keras.npy"
    subprocess.run(
        [keras_python(), "-c", KERAS_LOGITS, str(model), str(trained / "adapter"),
         json.dumps(ids), str(out), TARGETS],
        check=True, env={**os.environ, "KERAS_BACKEND": "jax", "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    tensors = load_file(str(trained / "adapter" / "adapter_model.safetensors"))
    assert "base_model.model.model.layers.5.self_attn.q_proj.lora_A.weight" in tensors
    assert len(tensors) == 6 * 7 * 2
    base = AutoModelForCausalLM.from_pretrained(str(model), dtype=torch.float32)
    with torch.no_grad():
        before = base(torch.tensor([ids])).logits[0].numpy()
    peft = PeftModel.from_pretrained(base, str(trained / "adapter"))
    assert peft.peft_config["default"].use_rslora
    with torch.no_grad():
        after = peft(torch.tensor([ids])).logits[0].numpy()
    keras = np.load(out)[0]
    assert np.abs(after - before).max() > 1e-2  # the adapter changes the model
    assert np.abs(keras - after).max() < 1e-4, np.abs(keras - after).max()


def test_ctrl_c_saves_a_checkpoint_and_resume_finishes_the_run(tiny, tmp_path):
    model, data = tiny
    run = tmp_path / "run"
    args = [sys.executable, "-m", "ghost_architect.cli", "train", "--output", str(run)]
    full_env = {**os.environ, **env()}
    child = subprocess.Popen([*args, *settings(model, data, 400, 1000)], cwd=ROOT, env=full_env,
                             start_new_session=True, stderr=subprocess.PIPE, text=True)  # fmt: skip
    metrics = run / "metrics.jsonl"
    while not (metrics.exists() and metrics.read_text()):
        assert child.poll() is None, child.stderr.read()[-3000:]
        subprocess.run(["sleep", "0.2"])
    os.killpg(child.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole group
    assert child.wait() == 130, child.stderr.read()[-3000:]
    (stopped,) = (run / "checkpoints").iterdir()
    step = int(stopped.name.split("-")[1])
    assert 1 <= step < 400
    resumed = run_ghost("train", "--output", str(run), "--resume", "--max-steps",
                        str(step + 2), env=env())  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert [r["step"] for r in rows(run)] == list(range(1, step + 3))
    assert json.loads((run / "run.json").read_text())["resumed_at_step"] == step


def test_what_keras_cannot_train_is_refused_in_one_line(tiny, tmp_path):
    model, data = tiny
    flags = settings(model, data, 2, 2)
    flags += ["--set", "adapter.use_dora=true", "--set", "model.load_in_4bit=true"]
    result = run_ghost("train", "--output", str(tmp_path / "run"), *flags, env=env())
    assert result.returncode == 1
    assert (
        "the keras backend cannot train this config: model.load_in_4bit = true (no QLoRA: Keras "
        "loads no NF4); adapter.use_dora = true (keras-hub has no DoRA)"
    ) in result.stderr


def test_rslora_scale_is_alpha_over_root_r():
    assert lora_scale(32, 16, rslora=True) == 8.0
    assert lora_scale(32, 16, rslora=False) == 2.0
