"""Score many adapters on already perceived screens, decoding each set in one batch on the GPU.

`gpu_retrain.sh select` once ran `gpu_eval.py` per adapter and shard: 16 processes each
perceiving and decoding one screen at a time did not finish 38 devset screens in 500 s (session
14). Here perception is done once, on the CPU machine (`ghost data perceive data/devset/devset.jsonl
--out devset-text.jsonl`: the prompt `ghost infer` gives the model), and each adapter, merged into
the base, decodes every prompt in one left-padded batch (greedy, repetition penalty 1.1 as the
engines use; no grammar). Scores come from the product's own parse, repair and scorer.

  python benchmarks/gpu_select.py TEXT.jsonl OUT.jsonl LABEL=ADAPTER_DIR...

OUT.jsonl gets one line per adapter: {"adapter", "cases", "table_f1", "column_f1", "fk_f1",
"parsed", "seconds"}; OUT's folder gets LABEL-cases.jsonl. GHOST_EVAL_DEVICE picks the device
(default cuda); GHOST_SELECT_BATCH the batch size (default 32).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

DEVICE = os.environ.get("GHOST_EVAL_DEVICE", "cuda")
BATCH = int(os.environ.get("GHOST_SELECT_BATCH", "32"))
MAX_NEW_TOKENS = 1024


def decode_all(adapter: Path, prompts: list[list[dict]]) -> list[str]:
    """Every prompt's greedy reply from the base with ``adapter`` merged in."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from ghost_architect.models import offline

    base = offline.hf_model_dir()
    dtype = torch.bfloat16 if DEVICE == "cuda" else torch.float32
    model = AutoModelForCausalLM.from_pretrained(str(base), dtype=dtype)
    model = PeftModel.from_pretrained(model, str(adapter)).merge_and_unload().to(DEVICE).eval()
    tokenizer = offline.load_tokenizer(str(base))
    tokenizer.padding_side = "left"
    ends = sorted({tokenizer.convert_tokens_to_ids("<end_of_turn>"), tokenizer.eos_token_id})
    replies: list[str] = []
    for start in range(0, len(prompts), BATCH):
        texts = [
            tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True)
            for p in prompts[start : start + BATCH]
        ]
        inputs = tokenizer(texts, add_special_tokens=False, return_tensors="pt", padding=True)
        with torch.no_grad():
            out = model.generate(**inputs.to(DEVICE), max_new_tokens=MAX_NEW_TOKENS,
                                 do_sample=False, repetition_penalty=1.1, eos_token_id=ends,
                                 pad_token_id=tokenizer.pad_token_id)  # fmt: skip
        new = out[:, inputs["input_ids"].shape[1] :]
        replies += tokenizer.batch_decode(new, skip_special_tokens=True)
    del model
    if DEVICE == "cuda":
        torch.cuda.empty_cache()
    return replies


def score_all(label: str, records: list[dict], replies: list[str], seconds: float) -> list[dict]:
    """Each reply scored against its record's gold schema, as `ghost eval` scores a case
    (``seconds``: the batch's time, spread evenly)."""
    from ghost_architect.schema.pipeline import schema_from_text
    from ghost_architect.schema.score import score

    rows = []
    for record, reply in zip(records, replies, strict=True):
        gold, _ = schema_from_text(record["messages"][-1]["content"])
        schema, report = schema_from_text(reply)
        got = score(schema if report.parsed else None, gold, report.executes)
        rows.append({"id": record["id"], "contender": label, **got.as_dict(),
                     "seconds": round(seconds / len(records), 3), "prediction": reply})  # fmt: skip
    return rows


def main(text: Path, out: Path, adapters: list[str]) -> None:
    from ghost_architect.evaluate import summarise

    records = [json.loads(line) for line in text.read_text().splitlines() if line.strip()]
    prompts = [r["messages"][:-1] for r in records]
    out.parent.mkdir(parents=True, exist_ok=True)
    for item in adapters:
        label, _, folder = item.partition("=")
        started = time.perf_counter()
        replies = decode_all(Path(folder), prompts)
        rows = score_all(label, records, replies, time.perf_counter() - started)
        summary = summarise(rows, [label])[label]
        (out.parent / f"{label}-cases.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows)
        )
        line = {"adapter": label, "cases": summary["cases"]}
        line |= {k: summary[k]["mean"] for k in ("table_f1", "column_f1", "fk_f1", "parsed")}
        line["seconds"] = round(time.perf_counter() - started, 1)
        with out.open("a") as handle:
            handle.write(json.dumps(line) + "\n")
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:])
