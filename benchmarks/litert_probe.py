"""Probe for issue #17: can the tuned Gemma 3 270M go to LiteRT (int8 / int4) on this machine,
and can the PyPI runtime (litert-lm) run it on CPU?

Runs in its own venv (never the project's): litert-torch pins its own stack.

    python3.11 -m venv /tmp/litert-venv
    /tmp/litert-venv/bin/pip install torch==2.13.0
    /tmp/litert-venv/bin/pip install litert-torch==0.10.0 litert-lm==0.18.1 \
        transformers==5.24.0 peft==0.21.2 accelerate

Steps (each writes under --work, default /tmp/litert-work; results are appended to
<work>/probe.jsonl, one JSON object per step):

    # 1. merged bf16 folder, with the project's own exporter (project venv)
    .venv/bin/ghost export ghost_architect/models/shipped/ghost-architect-270m \
        --to merged --out /tmp/litert-work/out --name ghost-270m
    # 2. convert (litert venv), once per recipe: ai-edge-quantizer's names, litert-torch's
    #    dynamic_wi8_emb4_afp32, or this script's CUSTOM_RECIPES (int4 blockwise-32)
    /tmp/litert-venv/bin/python benchmarks/litert_probe.py convert --recipe dynamic_wi8_afp32
    /tmp/litert-venv/bin/python benchmarks/litert_probe.py convert --recipe dynamic_wi4_afp32
    # 3. the prompt `ghost infer` would send for one screenshot (project venv: OCR + prompts)
    .venv/bin/python benchmarks/litert_probe.py prompt --fixture data/samples/images/s8-00000.png
    # 4. that prompt through litert-lm on CPU (litert venv), then through the GGUF engine
    /tmp/litert-venv/bin/python benchmarks/litert_probe.py run \
        --model /tmp/litert-work/dynamic_wi8_afp32/model.litertlm
    .venv/bin/python benchmarks/litert_probe.py gguf
    # 5. the 20 sample cases through both engines, scored with the project's scorer
    .venv/bin/python benchmarks/litert_probe.py cases
    /tmp/litert-venv/bin/python benchmarks/litert_probe.py batch-litert \
        --model /tmp/litert-work/dynamic_wi8_afp32/model.litertlm
    .venv/bin/python benchmarks/litert_probe.py batch-gguf
    .venv/bin/python benchmarks/litert_probe.py score

Wrap 2 and 4 in `/usr/bin/time -v` for peak RSS. Findings: benchmarks/results/litert-probe.md.
"""

from __future__ import annotations

import argparse
import importlib.machinery
import json
import os
import platform
import sys
import time
import types
from datetime import datetime, timezone
from pathlib import Path

WORK = Path("/tmp/litert-work")
MERGED = WORK / "out" / "merged" / "ghost-270m"


def record(work: Path, entry: dict) -> None:
    entry = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cpus",
        "python": sys.version.split()[0],
        **entry,
    }
    work.mkdir(parents=True, exist_ok=True)
    with open(work / "probe.jsonl", "a") as f:
        f.write(json.dumps(entry) + "\n")
    print(json.dumps(entry, indent=1))


def versions(*names: str) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "absent"
    return out


def import_export_hf():
    """litert-torch 0.10.0's export_hf imports every model extension at import time; one of them
    (bonsai_flux2) imports `tensorflow.lite.python.schema_py_generated`, so the Gemma 3 export
    dies with "No module named 'tensorflow'" unless TensorFlow is installed. The same flatbuffer
    schema module ships in ai-edge-litert: alias it for that one import, then take the alias away
    again (torch._dynamo calls find_spec("tensorflow") and must keep seeing no TensorFlow)."""
    try:
        import tensorflow  # noqa: F401
    except ImportError:
        pass
    else:
        from litert_torch.generative.export_hf import export

        return export
    from ai_edge_litert import schema_py_generated

    fake = ("tensorflow", "tensorflow.lite", "tensorflow.lite.python")
    for name in fake:
        module = types.ModuleType(name)
        module.__path__ = []  # a package, so the submodule import resolves
        module.__spec__ = importlib.machinery.ModuleSpec(name, None, is_package=True)
        sys.modules[name] = module
    sys.modules["tensorflow.lite.python"].schema_py_generated = schema_py_generated
    sys.modules["tensorflow.lite.python.schema_py_generated"] = schema_py_generated
    try:
        from litert_torch.generative.export_hf import export
    finally:
        for name in (*fake, "tensorflow.lite.python.schema_py_generated"):
            sys.modules.pop(name, None)
    return export


def _weights(bits: int, granularity: str) -> dict:
    return {"num_bits": bits, "symmetric": True, "granularity": granularity, "dtype": "INT"}


def _rule(operation: str, bits: int, granularity: str, weight_only: bool = False) -> dict:
    """Dynamic (int8 activations computed on the fly) or weight-only (dequantize to float)."""
    return {
        "regex": ".*", "operation": operation, "algorithm_key": "min_max_uniform_quantize",
        "op_config": {"weight_tensor_config": _weights(bits, granularity),
                      "compute_precision": "FLOAT" if weight_only else "INTEGER",
                      "explicit_dequantize": weight_only,
                      "skip_checks": False, "min_weight_elements": 0},
    }  # fmt: skip


# Recipes this probe adds to ai-edge-quantizer's named ones (written as recipe JSON files):
# channelwise int4 everywhere (the stock dynamic_wi4_afp32) wrecks the 270M, so try int4 in
# blocks of 32 on the matmuls, with the embedding table int4 channelwise or int8.
CUSTOM_RECIPES = {
    "wi4_block32_emb4": [
        _rule("FULLY_CONNECTED", 4, "BLOCKWISE_32"),
        _rule("EMBEDDING_LOOKUP", 4, "CHANNELWISE"),
    ],
    "wi4_block32_emb8": [
        _rule("FULLY_CONNECTED", 4, "BLOCKWISE_32"),
        _rule("EMBEDDING_LOOKUP", 8, "CHANNELWISE"),
    ],
    "wo4_block32_emb8": [
        _rule("FULLY_CONNECTED", 4, "BLOCKWISE_32", weight_only=True),
        _rule("EMBEDDING_LOOKUP", 8, "CHANNELWISE"),
    ],
}


def convert(args) -> None:
    export_lib = import_export_hf()
    recipe = args.recipe
    if recipe in CUSTOM_RECIPES:
        recipe_file = args.work / f"{recipe}.json"
        args.work.mkdir(parents=True, exist_ok=True)
        recipe_file.write_text(json.dumps(CUSTOM_RECIPES[recipe], indent=1))
        recipe = str(recipe_file)

    out = args.work / args.recipe
    start = time.perf_counter()
    error = None
    try:
        export_lib.export(
            model=str(args.model),
            output_dir=str(out),
            quantization_recipe=recipe,
            prefill_lengths=args.prefill,
            cache_length=args.cache,
        )
    except Exception as exc:  # the probe records the failure verbatim
        import traceback

        traceback.print_exc()
        error = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    files = (
        {str(p.relative_to(out)): p.stat().st_size for p in sorted(out.rglob("*")) if p.is_file()}
        if out.exists()
        else {}
    )
    record(args.work, {
        "step": "convert", "recipe": args.recipe, "model": str(args.model),
        "prefill_lengths": args.prefill, "cache_length": args.cache,
        "seconds": round(seconds, 1), "files": files, "error": error,
        "versions": versions("litert-torch", "ai-edge-litert", "ai-edge-quantizer",
                             "litert-converter", "litert-lm-builder", "torch", "transformers"),
    })  # fmt: skip
    if error:
        sys.exit(1)


def prompt(args) -> None:
    """The exact prompt `ghost infer` sends for one screenshot (project venv)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ghost_architect.infer import perceive_image
    from ghost_architect.prompts import text_messages

    seen = perceive_image(args.fixture)
    messages = text_messages(seen.layout)
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "prompt.json").write_text(json.dumps(messages, indent=1))
    record(args.work, {"step": "prompt", "fixture": str(args.fixture), "messages": messages})


def reply_text(reply) -> str:
    """The text of a litert-lm reply (a dict-like Message whose content is a string or a list
    of {"type": "text", "text": ...} parts)."""
    content = reply.get("content") if isinstance(reply, dict) else reply
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(reply)


def run(args) -> None:
    """Greedy chat on CPU through litert-lm, with llama.cpp's mild repeat penalty (1.1 over the
    last 64 tokens) so the reply is comparable with the GGUF engine's ungated reply."""
    import litert_lm

    messages = json.loads((args.work / "prompt.json").read_text())
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    user = [m for m in messages if m["role"] == "user"][-1]["content"]
    start = time.perf_counter()
    error = text = None
    bench = {}
    try:
        backend = litert_lm.Backend.CPU(thread_count=args.threads)
        engine = litert_lm.Engine(
            str(args.model), backend=backend, max_num_tokens=args.cache, enable_benchmark=True
        )
        load_s = time.perf_counter() - start
        conversation = engine.create_conversation(
            sampler_config=litert_lm.SamplerConfig(top_k=1, temperature=0.0),
            # the shipped GGUF's template folds the system prompt into the first user turn:
            # do the same here whatever the bundled template does with a system role
            messages=None,
        )
        rendered = conversation.render_message_to_string(
            {"role": "user", "content": f"{system}\n\n{user}"}
        )
        started = time.perf_counter()
        reply = conversation.send_message(
            {"role": "user", "content": f"{system}\n\n{user}"},
            repetition_penalty_config=litert_lm.RepetitionPenaltyConfig(
                repetition_penalty=args.repeat_penalty, window_size=64
            ),
            max_output_tokens=args.max_tokens,
        )
        gen_s = time.perf_counter() - started
        text = reply_text(reply)
        info = conversation.get_benchmark_info()
        bench = {k: getattr(info, k) for k in (
            "init_time_in_second", "time_to_first_token_in_second", "last_prefill_token_count",
            "last_prefill_tokens_per_second", "last_decode_token_count",
            "last_decode_tokens_per_second")}  # fmt: skip
        decode = bench["last_decode_tokens_per_second"]
        bench["ms_per_token_decode"] = round(1000 / decode, 2) if decode else None
        bench["load_s"] = round(load_s, 2)
        bench["generate_s"] = round(gen_s, 2)
        bench["rendered_prompt_head"] = rendered[:300]
    except Exception as exc:
        import traceback

        traceback.print_exc()
        error = f"{type(exc).__name__}: {exc}"
    record(args.work, {
        "step": "run", "model": str(args.model),
        "size_mib": round(args.model.stat().st_size / 2**20, 1) if args.model.exists() else None,
        "reply": text, "benchmark": bench, "error": error,
        "versions": versions("litert-lm", "litert-lm-api"),
        "threads": args.threads,
    })  # fmt: skip
    if error:
        sys.exit(1)


def gguf(args) -> None:
    """The GGUF engine on the same prompt (project venv): as `ghost infer` runs it (DDL grammar)
    and ungated (plain greedy, like the LiteRT run)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ghost_architect.schema.grammar import ddl_grammar
    from ghost_architect.serving.llamacpp import LlamaCppEngine

    messages = json.loads((args.work / "prompt.json").read_text())
    engine = LlamaCppEngine()
    model = engine.default_model(print)
    for label, grammar in (("grammar", ddl_grammar()), ("ungated", None)):
        reply = engine.chat(model, messages, max_tokens=args.max_tokens, grammar=grammar)
        record(args.work, {
            "step": f"gguf-{label}", "model": model,
            "size_mib": round(Path(model).stat().st_size / 2**20, 1),
            "reply": reply.text, "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens, "seconds": round(reply.seconds, 2),
            "load_s": round(reply.load_seconds, 2),
            "ms_per_token_overall": round(1000 * reply.seconds / max(1, reply.completion_tokens),
                                          2),
        })  # fmt: skip
    # decode alone: time the prompt by itself (one token out, cache cleared) and take it away
    llm = engine.load(model)
    llm.reset()
    started = time.perf_counter()
    engine.chat(model, messages, max_tokens=1)
    prefill = time.perf_counter() - started
    decode_ms = 1000 * (reply.seconds - prefill) / max(1, reply.completion_tokens - 1)
    record(args.work, {
        "step": "gguf-split", "model": model, "prefill_s": round(prefill, 2),
        "prefill_tokens_per_s": round(reply.prompt_tokens / prefill, 1),
        "ms_per_token_decode": round(decode_ms, 2), "n_threads": llm.n_threads,
        "n_threads_batch": llm.context_params.n_threads_batch,
    })  # fmt: skip


def cases(args) -> None:
    """The sample benchmark's cases (layout text already in the records) as chat prompts."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ghost_architect.prompts import text_messages

    rows = []
    for split in args.splits:
        for line in split.read_text().splitlines():
            case = json.loads(line)
            messages = text_messages(case["layout"])
            split_name = case.get("split", split.stem)
            rows.append(
                {"id": case["id"], "split": split_name, "messages": messages, "gold": case["sql"]}
            )
    (args.work / "cases.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    print(f"{len(rows)} cases -> {args.work / 'cases.jsonl'}")


def batch_litert(args) -> None:
    """Every case through one litert-lm engine (a fresh conversation each), greedy."""
    import litert_lm

    engine = litert_lm.Engine(
        str(args.model), backend=litert_lm.Backend.CPU(thread_count=args.threads),
        max_num_tokens=args.cache, enable_benchmark=True,
    )  # fmt: skip
    rows = [json.loads(line) for line in (args.work / "cases.jsonl").read_text().splitlines()]
    out = []
    for row in rows:
        system, user = (m["content"] for m in row["messages"])
        chat = engine.create_conversation(
            sampler_config=litert_lm.SamplerConfig(top_k=1, temperature=0.0)
        )
        started = time.perf_counter()
        reply = chat.send_message(
            {"role": "user", "content": f"{system}\n\n{user}"},
            repetition_penalty_config=litert_lm.RepetitionPenaltyConfig(
                repetition_penalty=1.1, window_size=64
            ),
            max_output_tokens=args.max_tokens,
        )
        info = chat.get_benchmark_info()
        out.append({"id": row["id"], "text": reply_text(reply),
                    "seconds": round(time.perf_counter() - started, 2),
                    "decode_tokens": info.last_decode_token_count,
                    "decode_tps": info.last_decode_tokens_per_second,
                    "prefill_tps": info.last_prefill_tokens_per_second})  # fmt: skip
        chat.close()
        print(row["id"], out[-1]["seconds"], flush=True)
    name = f"replies-litert-{args.model.parent.name}.jsonl"
    (args.work / name).write_text("".join(json.dumps(r) + "\n" for r in out))


def batch_gguf(args) -> None:
    """Every case through the GGUF engine (project venv), ungated and with the DDL grammar."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ghost_architect.schema.grammar import ddl_grammar
    from ghost_architect.serving.llamacpp import LlamaCppEngine

    engine = LlamaCppEngine()
    model = engine.default_model(print)
    rows = [json.loads(line) for line in (args.work / "cases.jsonl").read_text().splitlines()]
    for label, grammar in (("ungated", None), ("grammar", ddl_grammar())):
        out = []
        for row in rows:
            reply = engine.chat(model, row["messages"], max_tokens=args.max_tokens,
                                grammar=grammar)  # fmt: skip
            out.append({"id": row["id"], "text": reply.text, "seconds": round(reply.seconds, 2),
                        "decode_tokens": reply.completion_tokens})  # fmt: skip
            print(label, row["id"], out[-1]["seconds"], flush=True)
        (args.work / f"replies-gguf-{label}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in out)
        )


def score_replies(args) -> None:
    """Score every replies-*.jsonl against the gold SQL with the project's scorer."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ghost_architect.schema.pipeline import schema_from_text
    from ghost_architect.schema.score import score

    gold = {}
    for line in (args.work / "cases.jsonl").read_text().splitlines():
        row = json.loads(line)
        gold[row["id"]] = schema_from_text(row["gold"])[0]
    summary = {}
    files = sorted(args.work.glob("replies-*.jsonl"))
    replies = {f.stem: {} for f in files}
    for f in files:
        scores = []
        for line in f.read_text().splitlines():
            row = json.loads(line)
            replies[f.stem][row["id"]] = row["text"]
            schema, report = schema_from_text(row["text"])
            got = score(schema if report.parsed else None, gold[row["id"]], report.executes)
            scores.append(got.as_dict())
        n = len(scores)
        summary[f.stem] = {
            "cases": n,
            "parsed": sum(s["parsed"] for s in scores),
            **{k: round(sum(s[k] for s in scores) / n, 3)
               for k in ("table_f1", "column_f1", "type_accuracy", "pk_match", "fk_f1")},
            "exact": sum(s["exact"] for s in scores),
        }  # fmt: skip
    base = replies.get("replies-gguf-ungated", {})
    for stem, texts in replies.items():
        same = sum(texts[i].strip() == base.get(i, "").strip() for i in texts)
        summary[stem]["identical_to_gguf_ungated"] = same
    record(args.work, {"step": "score", "summary": summary})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=WORK)
    sub = parser.add_subparsers(dest="step", required=True)
    c = sub.add_parser("convert")
    c.add_argument("--model", type=Path, default=MERGED)
    c.add_argument("--recipe", default="dynamic_wi8_afp32")
    c.add_argument("--prefill", type=int, nargs="+", default=[128])
    c.add_argument("--cache", type=int, default=2048)
    c.set_defaults(func=convert)
    p = sub.add_parser("prompt")
    p.add_argument("--fixture", type=Path, required=True)
    p.set_defaults(func=prompt)
    r = sub.add_parser("run")
    r.add_argument("--model", type=Path, required=True)
    r.add_argument("--cache", type=int, default=2048)
    r.add_argument("--threads", type=int, default=1)
    r.add_argument("--max-tokens", type=int, default=512)
    r.add_argument("--repeat-penalty", type=float, default=1.1)
    r.set_defaults(func=run)
    g = sub.add_parser("gguf")
    g.add_argument("--max-tokens", type=int, default=512)
    g.set_defaults(func=gguf)
    c = sub.add_parser("cases")
    c.add_argument("--splits", type=Path, nargs="+", default=[
        Path("data/samples/train.jsonl"), Path("data/samples/val.jsonl"),
        Path("data/samples/test.jsonl")])  # fmt: skip
    c.set_defaults(func=cases)
    b = sub.add_parser("batch-litert")
    b.add_argument("--model", type=Path, required=True)
    b.add_argument("--cache", type=int, default=2048)
    b.add_argument("--threads", type=int, default=1)
    b.add_argument("--max-tokens", type=int, default=512)
    b.set_defaults(func=batch_litert)
    b = sub.add_parser("batch-gguf")
    b.add_argument("--max-tokens", type=int, default=512)
    b.set_defaults(func=batch_gguf)
    sub.add_parser("score").set_defaults(func=score_replies)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
