# GPU call 2: `ghost train` with the unsloth backend on random-weight 4B-vision and 12B-text models.
. benchmarks/gpu_setup.sh
G="python3 -m ghost_architect.cli"
python3 benchmarks/gpu_trinity.py make 4b /tmp/v4b --vision
timeout 240 $G train --set model.name=/tmp/v4b --data data/samples/train.jsonl --backend unsloth \
  --profile h100-80gb --max-steps 4 --output /tmp/run-v4b --set model.max_seq_length=2048 \
  --set train.gradient_accumulation_steps=1 --set train.save_steps=2 --set data.eval_fraction=0.1 \
  2>&1 | grep -v Warning | tail -25
cp /tmp/run-v4b/run.json $OUT/v4b-run.json; cp /tmp/run-v4b/metrics.jsonl $OUT/v4b-metrics.jsonl
rm -rf /tmp/v4b
python3 benchmarks/gpu_trinity.py make 12b /tmp/m12b
timeout 300 $G train --set model.name=/tmp/m12b --data data/sft/schema-sft.jsonl --backend unsloth \
  --profile h100-80gb --max-steps 4 --output /tmp/run-12b --set train.gradient_accumulation_steps=2 \
  --set train.save_steps=2 2>&1 | grep -v Warning | tail -25
cp /tmp/run-12b/run.json $OUT/12b-run.json; cp /tmp/run-12b/metrics.jsonl $OUT/12b-metrics.jsonl
ls /tmp/run-12b /tmp/run-12b/adapter
