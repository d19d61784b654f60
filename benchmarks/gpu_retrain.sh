#!/usr/bin/env bash
# Default model v2 on the GPU machine (device tool): perceive data engine v2 screens with 16 OCR
# processes, then `ghost train --config gpu-270m-schema`. What one GPU command may carry is ~50 MB
# beside the checkout, so the inputs travel in pieces, each in a git-ignored .gpu-carry/ folder,
# and are stashed outside the checkout (they stay while the machine is warm, ~30 s between calls):
#   bash benchmarks/gpu_retrain.sh stash     # carry=[".gpu-carry/<piece>"], once per piece
#   bash benchmarks/gpu_retrain.sh perceive  # carry the last piece: set up, OCR the screens
#   bash benchmarks/gpu_retrain.sh train     # ghost train; results land in $OUT
# Pieces (built here by benchmarks/gpu_pieces.sh): site/ (wheels the image lacks), g0..g5 (the
# 270M GGUF from the PyPI package, split), d0..dN (training screenshots as lossless WebP + index).
set -euo pipefail
S=/root/stash
if [ "$1" = stash ]; then
  mkdir -p $S && cp -r .gpu-carry/* $S/ && ls $S && exit 0
fi
cp -r .gpu-carry/* $S/ 2>/dev/null || true
export PYTHONPATH=/root/site:$PWD HF_HUB_OFFLINE=1 GHOST_HOME=/root/gh PYTHONUNBUFFERED=1
G="python3 -m ghost_architect.cli"
D=data/generated/synth-v2
started=$(date +%s)
if [ "$1" = train ]; then
  $G train --config gpu-270m-schema ${TRAIN_FLAGS:-} 2>&1 | grep -v Warning | tail -30
  tar czf $OUT/run.tgz --exclude=checkpoints -C output/adapters schema-270m-v2
  cp output/adapters/schema-270m-v2/run.json $OUT/run.json
  echo "train $(( $(date +%s) - started )) s"
  exit 0
fi
python3 -m pip install -q --no-index --no-deps --target /root/site $S/site/*.whl 2>&1 | tail -2
mkdir -p $GHOST_HOME/gemma-3-270m
cat $S/g*/gguf.part.* > $GHOST_HOME/gemma-3-270m/gemma-3-270m-Q4_K_M.gguf
python3 - <<'EOF'
import hashlib, os
path = os.environ["GHOST_HOME"] + "/gemma-3-270m/gemma-3-270m-Q4_K_M.gguf"
digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
assert digest == "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818", digest
print("270M GGUF ok")
EOF
mkdir -p $D/images /root/webp
for t in $S/d*/*.tar; do tar xf "$t" -C /root/webp; done
cp $S/d0/train.jsonl $D/train.jsonl
python3 - <<'EOF'
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from PIL import Image
def png(p):
    Image.open(p).save(f"data/generated/synth-v2/images/{p.stem}.png")
with ProcessPoolExecutor(16) as pool:
    list(pool.map(png, sorted(Path("/root/webp").glob("*.webp")), chunksize=64))
print(len(list(Path("data/generated/synth-v2/images").glob("*.png"))), "screenshots")
EOF
echo "setup $(( $(date +%s) - started )) s"
# OCR in shards, so a time limit keeps the shards already done (each output is written whole)
export OMP_NUM_THREADS=1
split -n l/8 -d -a 1 --additional-suffix=.jsonl $D/train.jsonl $D/shard-
for f in $D/shard-?.jsonl; do
  [ -f "${f%.jsonl}.ocr" ] && continue
  [ $(( $(date +%s) - started )) -gt ${PERCEIVE_BUDGET_S:-420} ] && break
  $G data perceive "$f" --out "${f%.jsonl}.ocr" --workers 16 2>&1 | tail -2
done
cat $D/shard-?.ocr > $D/ocr-train.jsonl
$G data validate $D/ocr-train.jsonl --max-seq-length 2048 --fix $D/ocr-clean.jsonl 2>&1 | tail -4
gzip -c $D/ocr-clean.jsonl > $OUT/ocr-clean.jsonl.gz
echo "perceive $(( $(date +%s) - started )) s"
