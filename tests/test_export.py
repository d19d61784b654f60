"""Export on the real Gemma 3 270M: adapter -> merged -> f16 GGUF -> q4_k_m -> llama.cpp engine."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlglot
import torch
from conftest import ROOT, run_ghost

from ghost_architect.config import load_config
from ghost_architect.export.ollama_stage import modelfile_text
from ghost_architect.models.offline import hf_model_dir, load_tokenizer
from ghost_architect.training.run import save_config

PROMPTS = [
    "Write the SQL schema for a table of books with a title and an author.",
    "List three colours.",
    "CREATE TABLE customers (",
    "What is a primary key?",
    "Describe an invoice in one sentence.",
]


@pytest.fixture(scope="module")
def trained_run(tmp_path_factory) -> Path:
    """A DoRA + rsLoRA adapter on the real 270M with small non-zero updates (so merging matters)."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    run = tmp_path_factory.mktemp("export") / "run"
    base = AutoModelForCausalLM.from_pretrained(str(hf_model_dir()), dtype=torch.float32)
    torch.manual_seed(0)
    model = get_peft_model(base, LoraConfig(
        r=8, lora_alpha=16, use_rslora=True, use_dora=True, task_type="CAUSAL_LM",
        target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    ))  # fmt: skip
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 2e-3)
    model.save_pretrained(str(run / "adapter"))
    load_tokenizer(str(hf_model_dir())).save_pretrained(str(run / "adapter"))
    config = load_config(flags={"adapter.r": "8", "adapter.lora_alpha": "16"})
    save_config(config, run)
    return run


@pytest.fixture(scope="module")
def exported(trained_run, tmp_path_factory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("out")
    result = run_ghost(
        "export", str(trained_run), "--to", "gguf", "--quant", "q4_k_m", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr[-3000:]
    yield out
    shutil.rmtree(out)  # 1.3 GiB of merged model and GGUFs: not kept to the end of the suite


def test_chain_writes_merged_f16_and_q4(exported):
    merged = exported / "merged" / "ghost-architect"
    assert (merged / "model.safetensors").exists() and (merged / "chat_template.jinja").exists()
    f16 = exported / "gguf" / "ghost-architect-f16.gguf"
    q4 = exported / "gguf" / "ghost-architect-q4_k_m.gguf"
    assert f16.read_bytes()[:4] == b"GGUF" and q4.read_bytes()[:4] == b"GGUF"
    assert q4.stat().st_size < 0.6 * f16.stat().st_size


def test_second_export_skips_up_to_date_stages(trained_run, exported):
    result = run_ghost("export", str(trained_run), "--to", "gguf", "--out", str(exported))
    assert result.returncode == 0
    assert "merged: up to date" in result.stderr and "gguf: up to date" in result.stderr


def test_f16_gguf_greedy_matches_merged_transformers(exported):
    from llama_cpp import Llama
    from transformers import AutoModelForCausalLM, AutoTokenizer

    merged_dir = exported / "merged" / "ghost-architect"
    tokenizer = AutoTokenizer.from_pretrained(str(merged_dir))
    model = AutoModelForCausalLM.from_pretrained(str(merged_dir), dtype=torch.float32)
    llm = Llama(str(exported / "gguf" / "ghost-architect-f16.gguf"), n_ctx=512, n_threads=1,
                verbose=False)  # fmt: skip
    try:
        for prompt in PROMPTS:
            text = tokenizer.apply_chat_template(
                [{"role": "user", "content": prompt}], tokenize=False, add_generation_prompt=True
            )
            ids = tokenizer(text, add_special_tokens=False).input_ids
            assert llm.tokenize(text.encode(), add_bos=False, special=True) == ids
            with torch.no_grad():
                out = model.generate(torch.tensor([ids]), max_new_tokens=20, do_sample=False)
            expected = out[0, len(ids) :].tolist()
            llm.reset()
            got = []
            for token in llm.generate(ids, top_k=1, temp=0.0, repeat_penalty=1.0):
                got.append(token)
                if len(got) == len(expected) or token == llm.token_eos():
                    break
            assert got == expected, prompt
    finally:
        llm.close()


def test_q4_engine_writes_parseable_sql_with_the_ddl_grammar(exported):
    from ghost_architect.schema.grammar import ddl_grammar
    from ghost_architect.serving.llamacpp import LlamaCppEngine

    engine = LlamaCppEngine()
    model = str(exported / "gguf" / "ghost-architect-q4_k_m.gguf")
    try:
        reply = engine.chat(model, [{"role": "user", "content": PROMPTS[0]}], max_tokens=200,
                            grammar=ddl_grammar())  # fmt: skip
        assert engine.last_load_seconds == 0.0 and reply.load_seconds > 0
        again = engine.chat(model, [{"role": "user", "content": PROMPTS[1]}], max_tokens=8)
        assert again.load_seconds == 0.0  # the model stayed loaded
    finally:
        engine.close()
    assert not reply.truncated, reply.text
    statements = sqlglot.parse(reply.text, read="sqlite")
    assert statements and all(s.key == "create" for s in statements), reply.text
    assert reply.text.rstrip().endswith(");")


def test_ollama_stage_writes_modelfile_without_server(trained_run, exported):
    result = run_ghost("export", str(trained_run), "--to", "ollama", "--out", str(exported),
                       env={"OLLAMA_HOST": "127.0.0.1:9"})  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    modelfile = (exported / "ollama" / "ghost-architect" / "Modelfile").read_text()
    assert modelfile.startswith("FROM /") and "ghost-architect-q4_k_m.gguf" in modelfile
    assert 'PARAMETER stop "<end_of_turn>"' in modelfile and "<start_of_turn>model" in modelfile
    assert "no server at http://127.0.0.1:9" in result.stderr


def test_repo_modelfile_is_the_generated_recipe():
    expected = modelfile_text("./output/gguf/ghost-architect-q4_k_m.gguf")
    assert (ROOT / "Modelfile").read_text() == expected


def test_export_errors_are_one_line(tmp_path):
    missing = run_ghost("export", str(tmp_path / "nope"))
    assert missing.returncode == 1 and "no such run folder" in missing.stderr
    (tmp_path / "run").mkdir()
    empty = run_ghost("export", str(tmp_path / "run"))
    assert empty.returncode == 1 and "no adapter/ with adapter_config.json" in empty.stderr
    chat = run_ghost("chat", "hi", "--model", str(tmp_path / "x.gguf"))
    assert chat.returncode == 1 and "GGUF model not found" in chat.stderr
    # an engine that cannot run here says why in one line, before any model is touched
    offline = run_ghost("chat", "hi", "--engine", "ollama", "--model", "x",
                        env={"OLLAMA_HOST": "http://127.0.0.1:9"})  # fmt: skip
    assert offline.returncode == 1
    assert offline.stderr.startswith("Error: engine 'ollama' is unavailable: no Ollama server")
    unknown = run_ghost("chat", "hi", "--engine", "nope", "--model", "x")
    assert unknown.returncode == 2 and "choose one of: llamacpp" in unknown.stderr


def test_adapter_stage_adds_card_and_config(trained_run, tmp_path):
    result = run_ghost("export", str(trained_run), "--to", "adapter", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "adapters" / "ghost-architect"
    assert json.loads((folder / "adapter_config.json").read_text())["use_dora"] is True
    assert "r = 8" in (folder / "README.md").read_text()
    assert (folder / "trinity_config.toml").exists()


def test_transformers_engine_serves_a_run_without_export(trained_run):
    from ghost_architect.serving.transformers_engine import TransformersEngine

    engine = TransformersEngine()
    first = engine.chat(str(trained_run), [{"role": "user", "content": PROMPTS[2]}], max_tokens=12)
    second = engine.chat(str(trained_run), [{"role": "user", "content": PROMPTS[2]}], max_tokens=12)
    assert first.load_seconds > 0 and second.load_seconds == 0.0
    assert first.text == second.text and 0 < first.completion_tokens <= 12
    result = run_ghost("chat", "--engine", "transformers", "--model", str(trained_run),
                       "--max-tokens", "12", PROMPTS[2])  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == first.text.strip()


def test_llamacpp_json_schema_output_is_valid_json(exported):
    from ghost_architect.serving.llamacpp import LlamaCppEngine

    schema = {"type": "object", "properties": {"table": {"type": "string"}}, "required": ["table"]}
    engine = LlamaCppEngine()
    try:
        reply = engine.chat(str(exported / "gguf" / "ghost-architect-q4_k_m.gguf"),
                            [{"role": "user", "content": "Name a table for books as JSON."}],
                            max_tokens=40, json_schema=schema)  # fmt: skip
    finally:
        engine.close()
    assert isinstance(json.loads(reply.text)["table"], str)


def test_gated_grammar_decoding_matches_the_stock_grammar_sampler(exported):
    """The fast path (check the greedy token, filter the vocabulary only on rejection) must give
    exactly the stock llama.cpp chain's tokens: penalties -> grammar over all 262k -> greedy."""
    from llama_cpp import LlamaGrammar

    from ghost_architect.schema.grammar import ddl_grammar
    from ghost_architect.serving.llamacpp import LlamaCppEngine

    engine = LlamaCppEngine()
    model = str(exported / "gguf" / "ghost-architect-q4_k_m.gguf")
    grammar = ddl_grammar()
    try:
        llm = engine.load(model)
        for prompt in (PROMPTS[0], PROMPTS[3]):
            messages = [{"role": "user", "content": prompt}]
            fast = engine.chat(model, messages, max_tokens=48, grammar=grammar)
            stock = llm.create_chat_completion(
                messages=messages, max_tokens=48, temperature=0.0, top_k=1, repeat_penalty=1.1,
                grammar=LlamaGrammar.from_string(grammar, verbose=False),
            )  # fmt: skip
            assert fast.text == stock["choices"][0]["message"]["content"], prompt
            assert fast.completion_tokens == stock["usage"]["completion_tokens"]
            assert fast.prompt_tokens == stock["usage"]["prompt_tokens"]
    finally:
        engine.close()


def test_tokenizer_comes_from_the_adapter_only_when_it_carries_the_vocabulary(tmp_path):
    from ghost_architect.models.paths import tokenizer_source

    adapter = tmp_path / "adapter"
    adapter.mkdir()
    assert tokenizer_source(adapter, "base") == "base"  # a shipped adapter carries none
    (adapter / "tokenizer_config.json").write_text("{}")
    assert tokenizer_source(adapter, "base") == "base"  # config without vocabulary: not whole
    (adapter / "tokenizer.json").write_text("{}")
    assert tokenizer_source(adapter, "base") == str(adapter)
