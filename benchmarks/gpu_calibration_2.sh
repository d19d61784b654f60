#!/usr/bin/env bash
# Planner calibration of the hf backend since the loss projects only labelled positions onto the
# vocabulary, a chunk at a time (train.loss_chunk): the hf points of calibration 1 and of
# ../shared/ANCHORS.md were measured before it. Random weights (benchmarks/gpu_trinity.py), hf
# backend, every position labelled (the worst case the planner assumes). Run on the GPU machine
# after benchmarks/gpu_retrain.sh has set up the carried pieces (GHOST_HOME holds the tokenizer
# that `make 270m` needs); gpu_retrain.sh starts it beside a sweep with CALIBRATE=small|12b.
# Rows go to $OUT/measurements.jsonl; append them to benchmarks/results/planner-measurements.jsonl
# and run benchmarks/calibrate_planner.py.
set -uo pipefail
B="python3 benchmarks/gpu_trinity.py"
R=$OUT/measurements.jsonl
bench() {
  echo "== bench $*"
  timeout 240 $B bench "$@" 2>>$OUT/calibration-err.log | grep '^{' | tee -a $R
}
if [ "$1" = small ]; then
  $B make 270m /tmp/m270m && $B make 1b /tmp/m1b && $B make 4b /tmp/m4b
  # the 270M as the shipped recipe trains it: bf16 weights, fused AdamW, no checkpointing
  for batch in 1 4 8; do
    bench hf /tmp/m270m 2048 1 --size 270m --batch $batch --bf16-weights --no-gc --optimizer adamw_torch_fused
  done
  bench hf /tmp/m270m 2048 1 --size 270m --batch 8 --bf16-weights --optimizer adamw_torch_fused
  bench hf /tmp/m1b 2048 1 --size 1b
  bench hf /tmp/m4b 4096 1 --size 4b
  bench hf /tmp/m4b 2048 0 --size 4b
  rm -rf /tmp/m270m /tmp/m1b /tmp/m4b
fi
if [ "$1" = 12b ]; then
  $B make 12b /tmp/m12b
  bench hf /tmp/m12b 4096 1 --size 12b --steps 6
  bench hf /tmp/m12b 4096 0 --size 12b --steps 6
  rm -rf /tmp/m12b
fi
