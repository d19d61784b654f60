"""Benchmark: export time per stage and file sizes for the real 270M; generation tokens/s of
q4_k_m vs f16 on this machine; Ghost's llama.cpp engine vs a bare llama-cpp-python loop.

Run: python benchmarks/export_serving.py RUN_DIR   (a `ghost train` run folder)
Writes benchmarks/results/export-serving.json.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ghost_architect.export.base import chain_for, context_for, run_chain
from ghost_architect.plugins import named
from ghost_architect.serving.engine import decode_threads
from ghost_architect.serving.llamacpp import LlamaCppEngine

RESULTS = Path(__file__).resolve().parent / "results"
PROMPT = "Write the SQL schema for an online shop: customers, products, orders and order items."
TOKENS = 128


def export(run_dir: Path, out: Path) -> dict:
    stages: dict[str, float] = {}
    clock = [time.perf_counter()]

    def on_stage(name: str) -> None:
        clock[0] = time.perf_counter()

    def say(message: str) -> None:
        stage = message.split(":", 1)[0]
        if "wrote" in message and stage in ("merged", "gguf") and stage not in stages:
            stages[stage] = round(time.perf_counter() - clock[0], 2)
            clock[0] = time.perf_counter()
        elif "wrote" in message and stage == "gguf":
            stages["gguf-quantize"] = round(time.perf_counter() - clock[0], 2)

    ctx = context_for(run_dir, out, "bench", "q4_k_m", say)
    run_chain(ctx, chain_for("gguf", named("exporters")), on_stage)
    stages["gguf-convert-f16"] = stages.pop("gguf")
    return stages


def bare_loop(model: str, tokens: int) -> float:
    """Plain llama-cpp-python: the same chat prompt evaluated, then `tokens` greedy tokens;
    timed like the engine (prompt evaluation included, load excluded)."""
    from llama_cpp import Llama

    llm = Llama(model, n_ctx=4096, n_threads=decode_threads(), verbose=False)
    prompt = llm.tokenize(
        f"<bos><start_of_turn>user\n{PROMPT}<end_of_turn>\n<start_of_turn>model\n".encode(),
        add_bos=False, special=True,
    )  # fmt: skip
    start = time.perf_counter()
    llm.eval(prompt)
    for _ in range(tokens):
        token = llm.sample(top_k=1, temp=0.0, repeat_penalty=1.1)
        llm.eval([token])
    seconds = time.perf_counter() - start
    llm.close()
    return tokens / seconds


def engine_speed(model: str, tokens: int) -> tuple[float, float, int]:
    """First call only: a repeated prompt would hit llama.cpp's prefix cache."""
    engine = LlamaCppEngine()
    reply = engine.chat(model, [{"role": "user", "content": PROMPT}], max_tokens=tokens)
    engine.close()
    return reply.completion_tokens / reply.seconds, reply.load_seconds, reply.completion_tokens


def main() -> None:
    run_dir = Path(sys.argv[1])
    out = Path(tempfile.mkdtemp(prefix="ghost-bench-"))
    try:
        stages = export(run_dir, out)
        gguf = out / "gguf"
        sizes = {p.name: round(p.stat().st_size / 2**20, 1) for p in sorted(gguf.glob("*.gguf"))}
        sizes["merged-folder"] = round(
            sum(p.stat().st_size for p in (out / "merged" / "bench").rglob("*")) / 2**20, 1
        )
        speed = {}
        for quant in ("q4_k_m", "f16"):
            model = str(gguf / f"bench-{quant}.gguf")
            engine_tps, load, produced = engine_speed(model, TOKENS)
            bare_tps = bare_loop(model, produced)
            speed[quant] = {
                "engine_tokens_per_s": round(engine_tps, 1),
                "bare_llama_cpp_tokens_per_s": round(bare_tps, 1),
                "engine_vs_bare": round(engine_tps / bare_tps, 3),
                "load_s": round(load, 2),
                "tokens": produced,
            }
        report = {
            "benchmark": "ghost export (270M run) + llama.cpp generation, greedy, 128 tokens",
            "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"{decode_threads()} llama.cpp thread(s)",
            "export_seconds": stages,
            "sizes_mib": sizes,
            "generation": speed,
        }
        (RESULTS / "export-serving.json").write_text(json.dumps(report, indent=2) + "\n")
        print(json.dumps(report, indent=2))
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
